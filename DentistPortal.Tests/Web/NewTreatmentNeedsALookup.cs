using System.Net;
using DentistPortal.Features.Beneficiaries;
using DentistPortal.Tests.Infrastructure;

namespace DentistPortal.Tests.Web;

/// <summary>
/// Issue 9 §2 over HTTP with the real login: the old sequential route shows nobody; only the lookup's reference opens
/// the new-treatment page, and only for the user who looked up.
/// </summary>
public class NewTreatmentNeedsALookup(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private static readonly string[] DemoNames =
    [
        "Maria Aparecida", "João Carlos", "Pedro Henrique", "Roberto Nunes", "Antônia Ribeiro", "Cláudio Moreira",
        "Beatriz Campos", "Lucas Campos", "Gustavo Pires", "9876 5400", "Essencial", "Completo",
    ];

    private static async Task<(HttpStatusCode Status, string Html)> GetAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        return (response.StatusCode, WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task TheOldSequentialRouteShowsNobodyExactlyLikeAnUnknownReference()
    {
        using var client = factory.CreateBrowserLikeClient();
        await LoginHelper.SignInAsync(client, "dentista@demo.local");

        var (unknownStatus, unknown) = await GetAsync(client, "/beneficiarios/AAAAAAAAAAAAAAAAAAAAAA/novo-tratamento");
        Assert.Contains(LookupGrants.NotFoundMessage, unknown);
        for (var id = 1; id <= 9; id++)
        {
            var (status, html) = await GetAsync(client, $"/beneficiarios/{id}/novo-tratamento");
            Assert.Equal(unknownStatus, status);
            Assert.Contains(LookupGrants.NotFoundMessage, html);
            foreach (var name in DemoNames) Assert.DoesNotContain(name, html);
        }
    }

    [Fact]
    public async Task TheReferenceFromTheLookupOpensThePageOnlyForWhoLookedUp()
    {
        using var ana = factory.CreateBrowserLikeClient();
        await LoginHelper.SignInAsync(ana, "dentista@demo.local");
        // The lookup runs in the interactive circuit; the same handler grants Ana her reference here.
        var anaActor = await DemoActors.ForAsync(factory.Services, "dentista@demo.local", DemoActors.SaoPauloCnpj);
        var reference = await LookupReferences.ForAsync(factory.Services, anaActor, "111.444.777-35");

        var (_, page) = await GetAsync(ana, $"/beneficiarios/{reference}/novo-tratamento");
        Assert.Contains("Roberto Nunes Costa", page);

        using var juliana = factory.CreateBrowserLikeClient();
        await LoginHelper.SignInAsync(juliana, "dentista3@demo.local");
        var (_, other) = await GetAsync(juliana, $"/beneficiarios/{reference}/novo-tratamento");
        Assert.Contains(LookupGrants.NotFoundMessage, other);
        Assert.DoesNotContain("Roberto", other);
    }
}
