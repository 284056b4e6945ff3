using System.Net;
using DentistPortal.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;

namespace DentistPortal.Tests.Web;

/// <summary>
/// SPEC §1 as a matrix: every demo role × every page route → allowed (200) or refused (access denied),
/// through the real cookie sign-in. Handlers check the same rules again (see the Features tests).
/// </summary>
public class RouteAuthorizationMatrix(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private const string Dentist = "dentista@demo.local", Staff = "recepcao@demo.local", Agent = "central@demo.local",
        Auditor = "auditor@demo.local", Admin = "admin@demo.local", Patient = "paciente@demo.local";

    private static readonly string[] Everyone = [Dentist, Staff, Agent, Auditor, Admin, Patient];

    /// <summary>Route → who may open it.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> Routes = new Dictionary<string, string[]>
    {
        ["/"] = Everyone,
        ["/beneficiarios"] = [Dentist, Staff],
        ["/tokens-tardios"] = [Dentist, Staff],
        ["/beneficiarios/1/novo-tratamento"] = [Dentist],
        ["/central/contingencia"] = [Agent, Admin],
        ["/central"] = [Agent, Admin],
        ["/auditoria"] = [Auditor, Admin],
        ["/auditoria/guias-assinadas"] = [Auditor, Admin],
        ["/portal"] = [Patient],
        ["/portal/contatos"] = [Patient],
        ["/admin/clinicas"] = [Admin],
        ["/admin/dentistas"] = [Admin],
        ["/admin/contas"] = [Admin],
        ["/admin/planos"] = [Admin],
        ["/admin/procedimentos"] = [Admin],
        ["/admin/relatorios"] = [Admin],
        ["/admin/casos"] = [Admin],
        ["/admin/auditoria"] = [Admin],
        ["/Account/Manage/ChangePassword"] = Everyone,
    };

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var route in Routes.Keys)
            foreach (var user in Everyone)
                data.Add(route, user);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task EveryRoleGetsExactlyTheRoutesSpec1Gives(string route, string user)
    {
        using var client = factory.CreateBrowserLikeClient();
        await LoginHelper.SignInAsync(client, user);
        var response = await client.GetAsync(route);
        if (Routes[route].Contains(user))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        else
        {
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Contains("/Account/AccessDenied", response.Headers.Location!.ToString());
        }
    }

    [Fact]
    public async Task TheDevelopmentInboxExistsOnlyInDevelopmentAndOnlyForALoggedInUser()
    {
        using var client = factory.CreateBrowserLikeClient();
        var anonymous = await client.GetAsync("/dev/mensagens");
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.Contains("/Account/Login", anonymous.Headers.Location!.ToString());
        await LoginHelper.SignInAsync(client, "recepcao@demo.local");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/dev/mensagens")).StatusCode);

        // Production needs its keys and providers (issue 10); with them, the inbox is not there at all.
        var secrets = Path.Combine(Path.GetTempPath(), "dentistportal-tests", "prod-" + Guid.NewGuid().ToString("N"));
        using var production = factory.WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Production");
            // Its own key folder: on PostgreSQL the database already holds the Development host's keys, made with the
            // development certificate, which a production start rightly refuses to share (issue 12).
            b.ConfigureAppConfiguration((_, config) => config.AddInMemoryCollection(
                ProductionSettings.For(secrets).Append(new("DataProtection:KeyStore", "Folder"))));
        });
        using var prodClient = production.CreateClient(new() { AllowAutoRedirect = false });
        Assert.Equal(HttpStatusCode.NotFound, (await prodClient.GetAsync("/dev/mensagens")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await prodClient.GetAsync("/dev/mensagens?x=1")).StatusCode);
    }
}
