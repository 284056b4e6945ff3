using System.Net;
using DentistPortal.Domain.Audit;
using DentistPortal.Infrastructure.Data;
using DentistPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DentistPortal.Tests.Web.Api;

/// <summary>
/// Issue 11 (API, Tests): the integrator's whole round trip through <c>/api/v1</c> — lookup, treatment, token, the code
/// read from the development inbox, validation — acting as the clinic's integration user through the screens' handlers.
/// </summary>
public class ClinicApiRoundTrip(PortalFactory portal) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task LookupTreatmentTokenAndValidationSucceedAndTheAuditNamesTheIntegrationUser()
    {
        var key = await ApiKit.CreateKeyAsync(portal.Services, DemoActors.SaoPauloCnpj, "Clinicorp recepção");
        using var api = ApiKit.Client(portal, key.FullKey);

        using var lookup = await api.GetAsync("/api/v1/beneficiaries?cpf=529.982.247-25");
        Assert.Equal(HttpStatusCode.OK, lookup.StatusCode);
        var card = await lookup.JsonAsync();
        Assert.Equal("Maria Aparecida da Silva", card.GetProperty("encontrado").GetProperty("nome").GetString());
        Assert.Contains("*", card.GetProperty("encontrado").GetProperty("celularMascarado").GetString());
        var reference = card.GetProperty("encontrado").GetProperty("referencia").GetString();

        var body = new
        {
            beneficiario = reference,
            dentista = new { cro = "98765", uf = "SP" },
            itens = new object[] { new { codigoTuss = "81000030" }, new { codigoTuss = "85400157", dente = 16 } },
        };
        var idempotency = Guid.NewGuid().ToString();
        using var created = await api.PostJsonAsync("/api/v1/treatments", body, idempotency);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var treatment = await created.JsonAsync();
        var id = treatment.GetProperty("id").GetInt32();
        var number = treatment.GetProperty("numero").GetString()!;
        Assert.Equal($"/api/v1/treatments/{id}", created.Headers.Location!.OriginalString);
        var decisions = treatment.GetProperty("itens").EnumerateArray().ToDictionary(i => i.GetProperty("codigoTuss").GetString()!, i => i.GetProperty("autorizacao").GetString());
        Assert.Equal("autorizado", decisions["81000030"]);
        Assert.Equal("negado", decisions["85400157"]); // the Essencial plan does not cover prosthetics (AR-1)

        // A retried POST with the same Idempotency-Key opens nothing new.
        using (var again = await api.PostJsonAsync("/api/v1/treatments", body, idempotency))
            Assert.Equal(id, (await again.JsonAsync()).GetProperty("id").GetInt32());

        using var generated = await api.PostJsonAsync($"/api/v1/treatments/{id}/token", null);
        Assert.Equal(HttpStatusCode.Created, generated.StatusCode);
        var token = await generated.JsonAsync();
        Assert.Equal(1, token.GetProperty("sequencia").GetInt32());
        Assert.Contains(token.GetProperty("entregas").EnumerateArray(), e => e.GetProperty("canal").GetString() == "sms");

        var code = await ApiKit.ReadSmsCodeAsync(portal.Services, number);
        Assert.DoesNotContain(code, await generated.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var validated = await api.PostJsonAsync($"/api/v1/treatments/{id}/token/validate", new { codigo = code });
        Assert.Equal(HttpStatusCode.OK, validated.StatusCode);
        Assert.Equal("validado", (await validated.JsonAsync()).GetProperty("resultado").GetString());

        using var read = await api.GetAsync($"/api/v1/treatments/{id}");
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        var text = await read.Content.ReadAsStringAsync();
        Assert.DoesNotContain(code, text, StringComparison.Ordinal);
        var view = await read.JsonAsync();
        Assert.Equal("validado", view.GetProperty("situacao").GetString());
        Assert.Equal("validado", view.GetProperty("tokenAtual").GetProperty("situacao").GetString());
        Assert.False(view.GetProperty("tokenAtual").GetProperty("precisaReemissao").GetBoolean());
        Assert.Equal("Dra. Ana Beatriz Ferreira", view.GetProperty("dentista").GetString());
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?\+00:00$", view.GetProperty("criadoEm").GetString());

        // Billing: the validated treatment's TISS guide, once; a second export is explicit (issue 11).
        var tissKey = Guid.NewGuid().ToString();
        using var tiss = await api.PostJsonAsync($"/api/v1/treatments/{id}/tiss", null, tissKey);
        Assert.Equal(HttpStatusCode.OK, tiss.StatusCode);
        Assert.Equal("application/xml", tiss.Content.Headers.ContentType?.MediaType);
        var tissBytes = await tiss.Content.ReadAsByteArrayAsync();
        Assert.Empty(DentistPortal.Tests.Tiss.TissSchemas.Validate(tissBytes));
        var guide = Assert.Single(DentistPortal.Tests.Tiss.TissSchemas.Guides(System.Xml.Linq.XDocument.Load(new MemoryStream(tissBytes))));
        Assert.Equal(number, DentistPortal.Tests.Tiss.TissSchemas.Value(guide, "numeroGuiaPrestador"));
        var codValidacao = DentistPortal.Tests.Tiss.TissSchemas.Value(guide, "codValidacao");
        Assert.False(string.IsNullOrEmpty(codValidacao));
        Assert.NotEqual(code, codValidacao);
        Assert.Null(DentistPortal.Tests.Tiss.TissSchemas.Value(guide, "ausenciaCodValidacao"));
        using (var retried = await api.PostJsonAsync($"/api/v1/treatments/{id}/tiss", null, tissKey))
            Assert.Equal(tissBytes, await retried.Content.ReadAsByteArrayAsync());
        using (var again = await api.PostJsonAsync($"/api/v1/treatments/{id}/tiss", null))
        {
            Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
            Assert.Equal("tiss.ja_exportada", (await again.JsonAsync()).GetProperty("code").GetString());
        }
        using (var explicitAgain = await api.PostJsonAsync($"/api/v1/treatments/{id}/tiss?reexportar=true", null))
            Assert.Equal(HttpStatusCode.OK, explicitAgain.StatusCode);

        await using var db = await portal.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        var integrationUserId = await db.ApiCredentials.Where(c => c.Id == key.Id).Select(c => c.IntegrationUserId).SingleAsync();
        var ana = await db.Users.Where(u => u.Email == "dentista@demo.local").Select(u => u.Id).SingleAsync();
        Assert.Equal(ana, await db.Treatments.Where(t => t.Id == id).Select(t => t.DentistUserId).SingleAsync());
        var subject = id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var trail = await db.AuditEntries.Where(a => a.ActorUserId == integrationUserId).ToListAsync();
        foreach (var action in new[] { AuditActions.BeneficiaryLookup, AuditActions.TreatmentCreated, AuditActions.TreatmentSubmitted, AuditActions.TokenGenerated, AuditActions.TokenCodeEntered })
            Assert.Contains(trail, a => a.Action == action);
        Assert.All(trail, a => Assert.Equal(key.IntegrationUserName, a.ActorName));
        Assert.StartsWith("Integração – Clinicorp recepção", key.IntegrationUserName);
        Assert.Contains(key.KeyId, key.IntegrationUserName);
        Assert.Contains(trail, a => a.Action == AuditActions.TokenCodeEntered && a.SubjectId == subject && a.Outcome == "Validated");
        Assert.DoesNotContain(await db.AuditEntries.Select(a => a.Detail ?? "").ToListAsync(), d => d.Contains(code, StringComparison.Ordinal) || d.Contains(key.FullKey, StringComparison.Ordinal));
    }

    [Fact]
    public async Task AMarkedLateTokenIsListedAndAContingencyGivesTheGuidePdf()
    {
        var key = await ApiKit.CreateKeyAsync(portal.Services, DemoActors.SaoPauloCnpj);
        using var api = ApiKit.Client(portal, key.FullKey);
        var (id, number) = await ApiKit.OpenConsultationAsync(api);
        using (var generated = await api.PostJsonAsync($"/api/v1/treatments/{id}/token", null))
            Assert.Equal(HttpStatusCode.Created, generated.StatusCode);
        await ApiKit.ReadSmsCodeAsync(portal.Services, number); // delivered: printing the guide now asks for confirmation

        using (var late = await api.PostJsonAsync($"/api/v1/treatments/{id}/late-token", new { motivo = "07" }))
            Assert.Equal(HttpStatusCode.OK, late.StatusCode);
        using (var list = await api.GetAsync("/api/v1/late-tokens"))
            Assert.Contains((await list.JsonAsync()).EnumerateArray(), r => r.GetProperty("numero").GetString() == number);
        using (var read = await api.GetAsync($"/api/v1/treatments/{id}"))
        {
            var view = await read.JsonAsync();
            Assert.Equal("aguardando_token_tardio", view.GetProperty("situacao").GetString());
            Assert.Equal("07", view.GetProperty("motivoAusenciaToken").GetString());
        }

        using (var early = await api.GetAsync($"/api/v1/treatments/{id}/guide.pdf"))
            Assert.Equal("guia.sem_contingencia", (await early.JsonAsync()).GetProperty("code").GetString());
        // The patient already received an active token: the screen asks first, so does the API.
        using (var ask = await api.PostJsonAsync($"/api/v1/treatments/{id}/contingency", new { motivo = "03" }))
        {
            Assert.Equal(HttpStatusCode.Conflict, ask.StatusCode);
            Assert.Equal("contingencia.confirmacao_necessaria", (await ask.JsonAsync()).GetProperty("code").GetString());
        }
        using (var recorded = await api.PostJsonAsync($"/api/v1/treatments/{id}/contingency", new { motivo = "03", confirmarTokenEntregue = true }))
        {
            Assert.Equal(HttpStatusCode.OK, recorded.StatusCode);
            Assert.Equal("03", (await recorded.JsonAsync()).GetProperty("motivo").GetString());
        }
        using var pdf = await api.GetAsync($"/api/v1/treatments/{id}/guide.pdf");
        Assert.Equal(HttpStatusCode.OK, pdf.StatusCode);
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType!.MediaType);
        Assert.StartsWith("%PDF", System.Text.Encoding.ASCII.GetString(await pdf.Content.ReadAsByteArrayAsync())[..4]);
    }
}
