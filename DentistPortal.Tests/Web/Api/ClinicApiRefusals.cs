using System.Net;
using System.Net.Http.Headers;
using DentistPortal.Features.Admin;
using DentistPortal.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace DentistPortal.Tests.Web.Api;

/// <summary>Issue 11 (API, Tests): every refusal of the clinic API, each a problem+json with its stable <c>code</c>.</summary>
public class ClinicApiRefusals(PortalFactory portal) : IClassFixture<PortalFactory>
{
    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {status}, got {response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var json = await response.JsonAsync();
        Assert.Equal(code, json.GetProperty("code").GetString());
        Assert.Equal((int)status, json.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(json.GetProperty("title").GetString()));
        Assert.DoesNotContain("Exception", text, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnotherClinicsTreatmentIsNotFoundWhateverTheAction()
    {
        using var saoPaulo = ApiKit.Client(portal, (await ApiKit.CreateKeyAsync(portal.Services, DemoActors.SaoPauloCnpj)).FullKey);
        using var campinas = ApiKit.Client(portal, (await ApiKit.CreateKeyAsync(portal.Services, DemoActors.CampinasCnpj)).FullKey);
        var (id, _) = await ApiKit.OpenConsultationAsync(saoPaulo);

        await AssertProblemAsync(await campinas.GetAsync($"/api/v1/treatments/{id}"), HttpStatusCode.NotFound, "tratamento.nao_encontrado");
        await AssertProblemAsync(await campinas.PostJsonAsync($"/api/v1/treatments/{id}/token", null), HttpStatusCode.NotFound, "tratamento.nao_encontrado");
        await AssertProblemAsync(await campinas.PostJsonAsync($"/api/v1/treatments/{id}/token/validate", new { codigo = "123456" }), HttpStatusCode.NotFound, "tratamento.nao_encontrado");
        await AssertProblemAsync(await campinas.PostJsonAsync($"/api/v1/treatments/{id}/late-token", null), HttpStatusCode.NotFound, "tratamento.nao_encontrado");
        await AssertProblemAsync(await campinas.PostJsonAsync($"/api/v1/treatments/{id}/contingency", new { motivo = "03" }), HttpStatusCode.NotFound, "tratamento.nao_encontrado");
        await AssertProblemAsync(await campinas.GetAsync($"/api/v1/treatments/{id}/guide.pdf"), HttpStatusCode.NotFound, "tratamento.nao_encontrado");
        await AssertProblemAsync(await campinas.PostJsonAsync($"/api/v1/treatments/{id}/tiss", null), HttpStatusCode.NotFound, "tratamento.nao_encontrado");
        // An id that does not exist reads the same.
        await AssertProblemAsync(await campinas.GetAsync("/api/v1/treatments/987654321"), HttpStatusCode.NotFound, "tratamento.nao_encontrado");
        // Nor may a clinic open a treatment for another clinic's dentist (Dra. Ana works at Sorriso Paulista only).
        await AssertProblemAsync(await OpenForAsync(campinas, "98765", "SP"), (HttpStatusCode)422, "dentista.nao_membro");
    }

    private static async Task<HttpResponseMessage> OpenForAsync(HttpClient api, string cro, string uf)
    {
        using var lookup = await api.GetAsync("/api/v1/beneficiaries?carteirinha=9876540000010014");
        var reference = (await lookup.JsonAsync()).GetProperty("encontrado").GetProperty("referencia").GetString();
        return await api.PostJsonAsync("/api/v1/treatments", new { beneficiario = reference, dentista = new { cro, uf }, itens = new[] { new { codigoTuss = "81000030" } } });
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("dpk_nao-e-uma-chave")]
    [InlineData("dpk_0123456789abcdef_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public async Task AMissingMalformedOrUnknownKeyIsUnauthorized(string? key)
    {
        using var api = ApiKit.Client(portal, null);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/late-tokens");
        if (key is not null) request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + key);
        using var response = await api.SendAsync(request);
        await AssertProblemAsync(response, HttpStatusCode.Unauthorized, "autenticacao.invalida");
        Assert.Contains(response.Headers.WwwAuthenticate, h => h.Scheme == "Bearer");
    }

    [Fact]
    public async Task ARevokedKeyIsUnauthorizedAtItsNextCall()
    {
        var key = await ApiKit.CreateKeyAsync(portal.Services, DemoActors.SaoPauloCnpj);
        using var api = ApiKit.Client(portal, key.FullKey);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/v1/late-tokens")).StatusCode);

        var admin = await DemoActors.ForAsync(portal.Services, "admin@demo.local");
        await using (var scope = portal.Services.CreateAsyncScope())
            Assert.True((await scope.ServiceProvider.GetRequiredService<RevokeApiCredentialHandler>().HandleAsync(new(key.Id), admin)).IsOk);

        await AssertProblemAsync(await api.GetAsync("/api/v1/late-tokens"), HttpStatusCode.Unauthorized, "autenticacao.invalida");
        // The X-Api-Key header is the same key, refused the same way.
        using var alternative = ApiKit.Client(portal, null);
        alternative.DefaultRequestHeaders.Add("X-Api-Key", key.FullKey);
        await AssertProblemAsync(await alternative.GetAsync("/api/v1/late-tokens"), HttpStatusCode.Unauthorized, "autenticacao.invalida");
    }

    [Fact]
    public async Task APortalCookieDoesNotOpenTheApi()
    {
        using var browser = portal.CreateBrowserLikeClient();
        await LoginHelper.SignInAsync(browser, "recepcao@demo.local");
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/tokens-tardios")).StatusCode);
        await AssertProblemAsync(await browser.GetAsync("/api/v1/late-tokens"), HttpStatusCode.Unauthorized, "autenticacao.invalida");
    }

    [Fact]
    public async Task AnApiKeyDoesNotOpenPagesOrDocuments()
    {
        var key = await ApiKit.CreateKeyAsync(portal.Services, DemoActors.SaoPauloCnpj);
        using var api = ApiKit.Client(portal, key.FullKey);
        var (_, number) = await ApiKit.OpenConsultationAsync(api);

        foreach (var page in new[] { "/tokens-tardios", "/beneficiarios", $"/tratamentos/{number}", $"/tratamentos/{number}/guia.pdf" })
        {
            using var response = await api.GetAsync(page);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Contains("/Account/Login", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
        }
        // Nor can the integration user sign in with a password: it has none, and its address is not a login.
        using var browser = portal.CreateBrowserLikeClient();
        using var login = await LoginHelper.PostLoginAsync(browser, $"api-{key.KeyId}@integracao.invalid", "");
        Assert.NotEqual(HttpStatusCode.Redirect, login.StatusCode);
    }

    [Fact]
    public async Task ANumberSentAsTextIsABadRequestAndOptionalFieldsMayBeLeftOut()
    {
        using var api = ApiKit.Client(portal, (await ApiKit.CreateKeyAsync(portal.Services, DemoActors.SaoPauloCnpj)).FullKey);
        // The document says "integer" (strict JSON numbers): "16" is not a tooth.
        using var asText = await api.PostJsonAsync("/api/v1/treatments",
            new { beneficiario = "x", dentista = new { cro = "98765", uf = "SP" }, itens = new[] { new { codigoTuss = "85400157", dente = "16" } } });
        Assert.Equal(HttpStatusCode.BadRequest, asText.StatusCode);
        // Optional members may be absent: only the required field is named.
        var (id, _) = await ApiKit.OpenConsultationAsync(api);
        using var noCode = await api.PostJsonAsync($"/api/v1/treatments/{id}/token/validate", new { });
        await AssertProblemAsync(noCode, HttpStatusCode.BadRequest, "entrada.invalida");
        Assert.Equal(["codigo"], (await noCode.JsonAsync()).GetProperty("errors").EnumerateObject().Select(e => e.Name));
        using var noReason = await api.PostJsonAsync($"/api/v1/treatments/{id}/contingency", new { });
        await AssertProblemAsync(noReason, HttpStatusCode.BadRequest, "entrada.invalida");
        Assert.Equal(["motivo"], (await noReason.JsonAsync()).GetProperty("errors").EnumerateObject().Select(e => e.Name));
    }

    [Fact]
    public async Task BadInputIsABadRequestWithPortugueseErrorsPerField()
    {
        using var api = ApiKit.Client(portal, (await ApiKit.CreateKeyAsync(portal.Services, DemoActors.SaoPauloCnpj)).FullKey);

        using var noItems = await api.PostJsonAsync("/api/v1/treatments", new { beneficiario = "", itens = new[] { new { codigoTuss = "99999999", quantidade = 0 } } });
        await AssertProblemAsync(noItems, HttpStatusCode.BadRequest, "entrada.invalida");
        var errors = (await noItems.JsonAsync()).GetProperty("errors");
        Assert.Equal("Escolha o beneficiário.", errors.GetProperty("beneficiario")[0].GetString());
        Assert.Equal("Quantidade deve estar entre 1 e 99.", errors.GetProperty("itens[0].quantidade")[0].GetString());
        Assert.StartsWith("Informe o dentista", errors.GetProperty("dentista")[0].GetString());

        using var lookup = await api.GetAsync("/api/v1/beneficiaries?cpf=123");
        await AssertProblemAsync(lookup, HttpStatusCode.BadRequest, "entrada.invalida");
        Assert.True((await lookup.JsonAsync()).GetProperty("errors").TryGetProperty("cpf", out _));
        await AssertProblemAsync(await api.GetAsync("/api/v1/beneficiaries"), HttpStatusCode.BadRequest, "entrada.invalida");
        await AssertProblemAsync(await api.GetAsync("/api/v1/beneficiaries?cpf=11111111111"), HttpStatusCode.BadRequest, "entrada.invalida");
        await AssertProblemAsync(await api.GetAsync("/api/v1/beneficiaries?cpf=25197438754"), HttpStatusCode.NotFound, "beneficiario.nao_encontrado");

        var (id, _) = await ApiKit.OpenConsultationAsync(api);
        using var shortCode = await api.PostJsonAsync($"/api/v1/treatments/{id}/token/validate", new { codigo = "12" });
        await AssertProblemAsync(shortCode, HttpStatusCode.BadRequest, "entrada.invalida");
        Assert.Contains("6 números", (await shortCode.JsonAsync()).GetProperty("errors").GetProperty("codigo")[0].GetString());

        using var garbage = new HttpRequestMessage(HttpMethod.Post, "/api/v1/treatments") { Content = new StringContent("{ not json", System.Text.Encoding.UTF8, "application/json") };
        await AssertProblemAsync(await api.SendAsync(garbage), HttpStatusCode.BadRequest, "entrada.invalida");
        await AssertProblemAsync(await api.GetAsync("/api/v1/nao-existe"), HttpStatusCode.NotFound, "recurso.nao_encontrado");
    }

    [Fact]
    public async Task WrongCodesAndCapsHaveStableCodesAndARetriedRequestCountsOnce()
    {
        using var api = ApiKit.Client(portal, (await ApiKit.CreateKeyAsync(portal.Services, DemoActors.SaoPauloCnpj)).FullKey);
        var (id, number) = await ApiKit.OpenConsultationAsync(api, cpf: "16180339805"); // Beatriz: own mobile
        Assert.Equal(HttpStatusCode.Created, (await api.PostJsonAsync($"/api/v1/treatments/{id}/token", null)).StatusCode);
        var first = await ApiKit.ReadSmsCodeAsync(portal.Services, number);
        var wrong = Wrong(first);

        var retried = Guid.NewGuid().ToString();
        for (var i = 0; i < 3; i++)
        {
            using var response = await api.PostJsonAsync($"/api/v1/treatments/{id}/token/validate", new { codigo = wrong }, retried);
            await AssertProblemAsync(response, (HttpStatusCode)422, "token.codigo_incorreto");
            Assert.Equal(4, (await response.JsonAsync()).GetProperty("tentativasRestantes").GetInt32());
        }
        Assert.Equal(1, await WrongCountAsync(api, id)); // three sends, one key: counted once

        for (var left = 3; left >= 1; left--)
        {
            using var response = await api.PostJsonAsync($"/api/v1/treatments/{id}/token/validate", new { codigo = wrong }, Guid.NewGuid().ToString());
            await AssertProblemAsync(response, (HttpStatusCode)422, "token.codigo_incorreto");
            Assert.Equal(left, (await response.JsonAsync()).GetProperty("tentativasRestantes").GetInt32());
        }
        await AssertProblemAsync(await api.PostJsonAsync($"/api/v1/treatments/{id}/token/validate", new { codigo = wrong }), (HttpStatusCode)422, "token.bloqueado");
        await AssertProblemAsync(await api.PostJsonAsync($"/api/v1/treatments/{id}/token/validate", new { codigo = wrong }), (HttpStatusCode)422, "token.bloqueado");

        // A new token; the treatment's cap (10 wrong codes, TR-7) holds across tokens.
        Assert.Equal(HttpStatusCode.Created, (await api.PostJsonAsync($"/api/v1/treatments/{id}/token", null)).StatusCode);
        var second = await ApiKit.ReadSmsCodeAsync(portal.Services, number, notThisCode: first);
        var wrong2 = Wrong(second);
        for (var i = 0; i < 4; i++)
            await AssertProblemAsync(await api.PostJsonAsync($"/api/v1/treatments/{id}/token/validate", new { codigo = wrong2 }), (HttpStatusCode)422, "token.codigo_incorreto");
        await AssertProblemAsync(await api.PostJsonAsync($"/api/v1/treatments/{id}/token/validate", new { codigo = wrong2 }), (HttpStatusCode)422, "token.limite_tentativas");
        await AssertProblemAsync(await api.PostJsonAsync($"/api/v1/treatments/{id}/token/validate", new { codigo = second }), (HttpStatusCode)422, "token.limite_tentativas");
        Assert.Equal(10, await WrongCountAsync(api, id));
    }

    private static string Wrong(string code) => ((int.Parse(code, System.Globalization.CultureInfo.InvariantCulture) + 1) % 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);

    private static async Task<int> WrongCountAsync(HttpClient api, int id)
    {
        using var read = await api.GetAsync($"/api/v1/treatments/{id}");
        return (await read.JsonAsync()).GetProperty("codigosIncorretos").GetInt32();
    }

    [Fact]
    public async Task AMalformedIdempotencyKeyIsABadRequest()
    {
        using var api = ApiKit.Client(portal, (await ApiKit.CreateKeyAsync(portal.Services, DemoActors.SaoPauloCnpj)).FullKey);
        var (id, _) = await ApiKit.OpenConsultationAsync(api);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/treatments/{id}/token");
        request.Headers.TryAddWithoutValidation("Idempotency-Key", new string('x', 201));
        await AssertProblemAsync(await api.SendAsync(request), HttpStatusCode.BadRequest, "entrada.invalida");
    }
}
