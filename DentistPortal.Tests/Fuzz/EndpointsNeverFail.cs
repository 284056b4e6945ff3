using System.Net;
using System.Text;
using CsCheck;
using DentistPortal.Tests.Infrastructure;
using H = DentistPortal.Tests.Fuzz.Hostile;

namespace DentistPortal.Tests.Fuzz;

/// <summary>The real portal with a signed-in client per role, for the endpoint fuzz.</summary>
public sealed class FuzzPortal : PortalFactory, IAsyncLifetime
{
    public Dictionary<string, HttpClient> Clients { get; } = [];

    /// <summary>The clinic API's own budget is not what this fuzz probes.</summary>
    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings => [new("RateLimiting:Api:PermitLimit", "1000000")];

    public async Task InitializeAsync()
    {
        Clients["anônimo"] = CreateBrowserLikeClient();
        // Issue 11: the clinic API, with a key of Sorriso Paulista.
        Clients["api"] = ApiKit.Client(this, (await ApiKit.CreateKeyAsync(Services, DemoActors.SaoPauloCnpj, "Fuzz")).FullKey);
        foreach (var email in new[] { "admin@demo.local", "dentista@demo.local", "recepcao@demo.local", "auditor@demo.local", "central@demo.local", "paciente@demo.local" })
        {
            var client = CreateBrowserLikeClient();
            await LoginHelper.SignInAsync(client, email);
            Clients[email] = client;
        }
    }

    Task IAsyncLifetime.DisposeAsync()
    {
        foreach (var c in Clients.Values) c.Dispose();
        return Task.CompletedTask;
    }
}

/// <summary>
/// Issue 10 ("No server error on any input"): every HTTP endpoint of the portal — documents (guide HTML and PDF, blank
/// guide, signed-guide scans), the CSV exports of reports and of the audit trail, the login form, and the pages whose
/// route or query carries input — gets <see cref="Hostile.Iterations"/> generated requests: hostile path segments
/// (raw invalid UTF-8, NUL, traversal, 100k characters) and query strings (wrong types, overflowing numbers, dates out of
/// range). Properties: never a 5xx, never an exception text or stack trace in the answer, and a 400 in words (pt-BR).
/// A failure prints CsCheck's seed: replay it with <c>FUZZ_SEED=...</c>.
/// </summary>
public class EndpointsNeverFail(FuzzPortal portal) : IClassFixture<FuzzPortal>
{
    /// <summary>Raw, already-escaped pieces of a URL: what a browser would never send but an attacker may.</summary>
    private static readonly string[] RawPieces = ["%00", "%FF%FE", "%ED%A0%80", "%C0%AF", "%2F", "%2e%2e", "..", "%25", "%", "%zz", "+", "%0D%0A", "%3Cscript%3E", "~", "%E2%80%AE"];

    /// <summary>A path segment or query value as it travels: escaped hostile text, raw broken escapes, or both.</summary>
    private static readonly Gen<string> Piece = Gen.Frequency(
        (4, H.Text.Select(Escape)),
        (1, Gen.OneOf(RawPieces)),
        (1, Gen.Select(H.Text, Gen.OneOf(RawPieces), (t, raw) => Escape(t) + raw)));

    /// <summary>
    /// A <see cref="Piece"/> for a path: without an escaped NUL, which the in-process test client refuses to decode before
    /// the request exists (Kestrel answers such a request line 400 itself, before the portal sees it).
    /// </summary>
    private static readonly Gen<string> Segment = Piece.Where(p => !p.Contains("%00", StringComparison.OrdinalIgnoreCase));

    private static readonly Gen<string> Number = Gen.Frequency(
        (2, H.Int.Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))),
        (1, Gen.OneOf("99999999999999999999", "-0", "1.5", "1e3", "0x10", "", "abc", "１")),
        (1, Piece));

    /// <summary>A <see cref="Number"/> for a path: without the escaped NUL the test client refuses (see <see cref="Segment"/>).</summary>
    private static readonly Gen<string> PathNumber = Number.Where(p => !p.Contains("%00", StringComparison.OrdinalIgnoreCase));

    private static readonly Gen<string> DateText = Gen.Frequency(
        (2, H.Date.Select(d => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture))),
        (1, Gen.OneOf("0000-00-00", "2026-02-30", "10000-01-01", "2026-1-1", "25/11/2026", "")),
        (1, Piece));

    /// <summary>UTF-8 percent-encoding; a lone surrogate becomes the replacement character, as in a browser.</summary>
    private static string Escape(string text)
    {
        var sb = new StringBuilder();
        foreach (var b in new UTF8Encoding(false, false).GetBytes(text))
            sb.Append(b is >= (byte)'a' and <= (byte)'z' or >= (byte)'A' and <= (byte)'Z' or >= (byte)'0' and <= (byte)'9' or (byte)'-' or (byte)'_' or (byte)'.' ? ((char)b).ToString() : $"%{b:X2}");
        return sb.ToString();
    }

    private static Gen<string> Query(params (string Key, Gen<string> Value)[] keys) =>
        Gen.Select(keys.Select(k => Gen.Frequency((1, Gen.Const("")), (4, k.Value.Select(v => $"{k.Key}={v}")))).ToArray()
            .Aggregate(Gen.Const(new List<string>()), (acc, g) => Gen.Select(acc, g, (list, part) => part.Length == 0 ? list : [.. list, part])),
            Gen.Frequency((4, Gen.Const("")), (1, Gen.Select(Piece, Piece, (k, v) => $"{k}={v}"))),
            (parts, extra) => string.Join("&", extra.Length == 0 ? parts : [.. parts, extra]));

    private sealed record Probe(string Client, Gen<string> Url);

    private const string Admin = "admin@demo.local";
    private const string Dentist = "dentista@demo.local";
    private const string Staff = "recepcao@demo.local";
    private const string Auditor = "auditor@demo.local";

    private static readonly string[] Pages =
    [
        "/", "/beneficiarios", "/tokens-tardios", "/central", "/central/contingencia", "/auditoria", "/auditoria/guias-assinadas", "/faturamento/tiss", "/portal", "/portal/contatos",
        "/admin/relatorios", "/admin/auditoria", "/admin/casos", "/admin/contas", "/admin/clinicas", "/admin/dentistas", "/admin/planos", "/admin/procedimentos",
        "/Account/Login", "/Account/SelecionarClinica", "/Account/Lockout", "/Account/AccessDenied", "/not-found",
    ];

    private static readonly Dictionary<string, Probe> Endpoints = new()
    {
        ["GET /guia-em-branco.pdf"] = new("anônimo", Query(("x", Piece)).Select(q => "/guia-em-branco.pdf?" + q)),
        ["GET /tratamentos/{numero}/guia.pdf"] = new(Staff, Segment.Select(n => $"/tratamentos/{n}/guia.pdf")),
        ["GET /tratamentos/{numero}/guia-assinada"] = new(Auditor, Gen.Select(Segment, Query(("envio", Number), ("ver", Number)), (n, q) => $"/tratamentos/{n}/guia-assinada?{q}")),
        ["GET /admin/relatorios/{secao}.csv"] = new(Admin, Gen.Select(Gen.Frequency((1, Gen.OneOf("por-dia", "vias-clinicas", "x")), (2, Segment)),
            Query(("de", DateText), ("ate", DateText), ("clinica", Number)), (s, q) => $"/admin/relatorios/{s}.csv?{q}")),
        ["GET /admin/auditoria/exportar.csv"] = new(Admin, Query(("usuario", Piece), ("clinica", Number), ("tratamento", Piece), ("acao", Piece), ("de", DateText), ("ate", DateText))
            .Select(q => "/admin/auditoria/exportar.csv?" + q)),
        ["GET /faturamento/tiss/exportacoes/{id}"] = new(Staff, Gen.Frequency((1, Gen.Int[-5, 100].Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))), (2, Segment)).Select(n => $"/faturamento/tiss/exportacoes/{n}")),
        ["GET /tratamentos/{numero}"] = new(Dentist, Segment.Select(n => $"/tratamentos/{n}")),
        ["GET /tratamentos/{numero}/guia"] = new(Staff, Segment.Select(n => $"/tratamentos/{n}/guia")),
        ["GET /beneficiarios/{ref}/novo-tratamento"] = new(Dentist, Segment.Select(r => $"/beneficiarios/{r}/novo-tratamento")),
        ["GET /admin/relatorios?de&ate&clinica"] = new(Admin, Query(("de", DateText), ("ate", DateText), ("clinica", Number)).Select(q => "/admin/relatorios?" + q)),
        ["GET /Account/Login?ReturnUrl"] = new("anônimo", Query(("ReturnUrl", Piece)).Select(q => "/Account/Login?" + q)),
        ["GET any page with a hostile query"] = new(Staff, Gen.Select(Gen.OneOf(Pages), Query(("q", Piece)), (p, q) => $"{p}?{q}")),
        // Issue 11: the clinic API (its POSTs: AnyApiPostIsAnsweredWithoutAServerError).
        ["GET /api/v1/beneficiaries"] = new(Api, Query(("carteirinha", Piece), ("cpf", Piece)).Select(q => "/api/v1/beneficiaries?" + q)),
        ["GET /api/v1/treatments/{id}"] = new(Api, PathNumber.Select(n => $"/api/v1/treatments/{n}")),
        ["GET /api/v1/treatments/{id}/guide.pdf"] = new(Api, PathNumber.Select(n => $"/api/v1/treatments/{n}/guide.pdf")),
        ["GET /api/v1/late-tokens"] = new(Api, Query(("x", Piece)).Select(q => "/api/v1/late-tokens?" + q)),
        ["GET /api/v1/{anything}"] = new(Api, Segment.Select(s => "/api/v1/" + s)),
    };

    private const string Api = "api";

    private static readonly string[] ApiPosts =
        ["/api/v1/treatments", "/api/v1/treatments/{id}/token", "/api/v1/treatments/{id}/token/validate", "/api/v1/treatments/{id}/late-token", "/api/v1/treatments/{id}/contingency", "/api/v1/treatments/{id}/tiss"];

    public static TheoryData<string> ApiPostNames() => [.. ApiPosts];

    private static readonly Gen<string> JsonValue = Gen.Frequency(
        (3, H.Text.Select(t => System.Text.Json.JsonSerializer.Serialize(t))),
        (1, H.Int.Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))),
        (1, Gen.OneOf("null", "true", "[]", "{}", "1e999", "-0", "\"\\ud800\"")));

    /// <summary>A JSON object with the API's field names and hostile values, or a body that is not JSON at all.</summary>
    private static readonly Gen<string> Body = Gen.Frequency(
        (4, Gen.Select(JsonValue, JsonValue, JsonValue, JsonValue, (a, b, c, d) =>
            $"{{\"beneficiario\":{a},\"dentista\":{{\"cro\":{b},\"uf\":\"SP\"}},\"itens\":[{{\"codigoTuss\":{c},\"dente\":{d},\"quantidade\":{d}}}],\"codigo\":{a},\"forma\":{b},\"motivo\":{c},\"observacao\":{d}}}")),
        (1, H.Text),
        (1, Gen.OneOf("", "{", "[1,2]", "null", "{\"itens\":null}", "{\"itens\":[null]}")));

    [Theory]
    [MemberData(nameof(ApiPostNames))]
    public async Task AnyApiPostIsAnsweredWithoutAServerError(string endpoint)
    {
        var client = portal.Clients[Api];
        await Gen.Select(PathNumber, Body, Gen.OneOf<string?>(null, "k-1", "  ", new string('k', 300))).SampleAsync(async (id, body, key) =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(endpoint.Replace("{id}", id, StringComparison.Ordinal), UriKind.Relative))
            {
                Content = new StringContent(body, Encoding.UTF8, "application/json"),
            };
            if (key is not null) request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
            await AssertAnsweredAsync(await client.SendAsync(request), endpoint);
        }, seed: H.Seed, iter: H.Iterations, threads: 1, print: t => $"{Show.Text(t.Item1)} {Show.Text(t.Item2)}");
    }

    public static TheoryData<string> EndpointNames() => [.. Endpoints.Keys, "POST /Account/Login"];

    [Theory]
    [MemberData(nameof(EndpointNames))]
    public async Task AnyRequestIsAnsweredWithoutAServerError(string endpoint)
    {
        if (endpoint == "POST /Account/Login")
        {
            await Gen.Select(H.Text, H.Text).SampleAsync(async (email, password) =>
            {
                using var client = portal.CreateBrowserLikeClient();
                await AssertAnsweredAsync(await LoginHelper.PostLoginAsync(client, email, password), endpoint);
            }, seed: H.Seed, iter: H.Iterations, threads: 1, print: t => $"{Show.Text(t.Item1)} / {Show.Text(t.Item2)}");
            return;
        }

        var probe = Endpoints[endpoint];
        var client = portal.Clients[probe.Client];
        await probe.Url.SampleAsync(async url =>
        {
            // Uri keeps the escapes as written (the test server does not take uncanonicalized URIs).
            await AssertAnsweredAsync(await client.GetAsync(new Uri(url, UriKind.Relative)), endpoint);
        }, seed: H.Seed, iter: H.Iterations, threads: 1, print: u => Show.Text(u));
    }

    // The failing examples the fuzz found, kept as plain tests (each was a 500 or an exception page before the fix).

    [Theory]
    [InlineData("/admin/relatorios?clinica=abc")]
    [InlineData("/admin/relatorios?clinica=99999999999999999999")]
    [InlineData("/admin/relatorios?ate=0001-01-01")]
    [InlineData("/admin/relatorios/por-dia.csv?ate=0001-01-01")]
    [InlineData("/admin/relatorios/por-dia.csv?ate=9999-12-31")]
    [InlineData("/admin/auditoria/exportar.csv?ate=9999-12-31")]
    public async Task TheReportsAnswerOddNumbersAndDatesWithoutAServerError(string url) =>
        await AssertAnsweredAsync(await portal.Clients[Admin].GetAsync(new Uri(url, UriKind.Relative)), url);

    [Fact]
    public async Task AClinicThatIsNotANumberInTheReportCsvIsABadRequestInPortuguese()
    {
        using var response = await portal.Clients[Admin].GetAsync(new Uri("/admin/relatorios/por-dia.csv?clinica=0x10", UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("Exception", body, StringComparison.Ordinal);
        PtBr.AssertMessage(body);
    }

    [Theory]
    [InlineData("envio=abc")]
    [InlineData("envio=1&ver=%E2%80%AE")]
    public async Task ASubmissionThatIsNotANumberIsNotFoundWithoutAnExceptionPage(string query)
    {
        using var response = await portal.Clients[Auditor].GetAsync(new Uri("/tratamentos/2026000001/guia-assinada?" + query, UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain("Exception", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static async Task AssertAnsweredAsync(HttpResponseMessage response, string endpoint)
    {
        using (response)
        {
            var status = (int)response.StatusCode;
            var type = response.Content.Headers.ContentType?.MediaType ?? "";
            var body = type is "application/pdf" or "image/png" or "image/jpeg" ? "" : await response.Content.ReadAsStringAsync();
            Assert.True(status < 500, $"{endpoint} answered {status}: {Show.Text(body)}");
            foreach (var leak in new[] { "Exception", "   at ", "StackTrace", "stack trace", "An unhandled", "SQLite Error" })
                Assert.False(body.Contains(leak, StringComparison.Ordinal), $"{endpoint} answered {status} with \"{leak}\": {Show.Text(body[Math.Max(0, body.IndexOf(leak, StringComparison.Ordinal) - 200)..])}");
            if (response.StatusCode == HttpStatusCode.BadRequest && body.Length > 0 && type.StartsWith("text/plain", StringComparison.Ordinal))
                PtBr.AssertMessage(body);
        }
    }
}
