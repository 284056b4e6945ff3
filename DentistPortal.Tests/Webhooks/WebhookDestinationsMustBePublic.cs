using System.Collections.Concurrent;
using System.Net;
using DentistPortal.Domain.Webhooks;
using DentistPortal.Features.Common;
using DentistPortal.Features.Webhooks;
using DentistPortal.Infrastructure.Webhooks;
using DentistPortal.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace DentistPortal.Tests.Webhooks;

/// <summary>
/// Issue 11 (webhooks), outside tester's SSRF finding: a clinic's webhook may only reach the public internet. Internal
/// targets are refused when the admin saves the URL (IP literals in every form, internal names) and, for names that
/// resolve inside, when the webhook client connects. Runs as "Testing", not Development (where loopback is allowed).
/// </summary>
public sealed class WebhookDestinationsMustBePublic : IAsyncLifetime
{
    private readonly OutsideDevelopment db = new();

    public Task InitializeAsync() => db.InitializeAsync();
    public Task DisposeAsync() => db.DisposeAsync();

    [Theory]
    [InlineData("https://169.254.169.254/latest/")]
    [InlineData("https://10.0.0.1/x")]
    [InlineData("https://172.16.5.4/x")]
    [InlineData("https://192.168.0.10/x")]
    [InlineData("https://100.64.0.1/x")]
    [InlineData("https://0.0.0.0/x")]
    [InlineData("https://127.0.0.1:5232/api")]
    [InlineData("https://[::1]/x")]
    [InlineData("https://[fe80::1]/x")]
    [InlineData("https://[fd00::1]/x")]
    [InlineData("https://[::ffff:169.254.169.254]/")]
    [InlineData("https://[::ffff:10.0.0.1]/")]
    [InlineData("https://0x7f000001/")]
    [InlineData("https://2130706433/")]
    [InlineData("https://017700000001/")]
    [InlineData("https://localhost/x")]
    [InlineData("https://localhost.:22/")]
    [InlineData("https://painel.localhost/x")]
    [InlineData("https://impressora.local/x")]
    [InlineData("https://metadata.google.internal/")]
    [InlineData("https://metadata.google.internal./")]
    [InlineData("https://169.254.169.254.nip.io/")]
    [InlineData("https://10-0-0-1.sslip.io/")]
    public async Task AnInternalDestinationIsRefusedOnSaveInPortugueseAndNothingIsStored(string url)
    {
        var clinicId = await DemoActors.ClinicIdAsync(db.Services, DemoActors.SaoPauloCnpj);
        var result = await db.Scenario.Handler<SaveClinicWebhookHandler>().HandleAsync(new(clinicId, url, Guid.NewGuid()), await db.AdminAsync());
        Assert.Equal(ResultStatus.Invalid, result.Status);
        Assert.Equal([WebhookUrl.NotPublic], result.Errors);
        await using var ctx = await db.Scenario.ContextAsync();
        Assert.Empty(ctx.WebhookSubscriptions);
    }

    [Theory]
    [InlineData("https://hooks.clinica.com.br/x")]
    [InlineData("https://api.sorrisofeliz.com.br:8443/webhooks?origem=portal")]
    [InlineData("https://8.8.8.8/webhooks")]
    [InlineData("https://[2001:4860:4860::8888]/webhooks")]
    public async Task APublicDestinationIsSaved(string url)
    {
        var clinicId = await DemoActors.ClinicIdAsync(db.Services, DemoActors.SaoPauloCnpj);
        var result = await db.Scenario.Handler<SaveClinicWebhookHandler>().HandleAsync(new(clinicId, url, Guid.NewGuid()), await db.AdminAsync());
        Assert.True(result.IsOk, string.Join("; ", result.Errors));
        await using var ctx = await db.Scenario.ContextAsync();
        Assert.Equal(url, Assert.Single(ctx.WebhookSubscriptions).Url);
    }

    [Fact]
    public async Task ANameThatResolvesInsideIsNotConnectedToAndTheDeliveryRecordsTheRefusal()
    {
        using var receiver = WebhookReceiver.Start();
        var port = new Uri(receiver.Url).Port;
        db.Resolver.Answers["hooks.example.com"] = [IPAddress.Loopback];
        await db.SubscribeAsync(DemoActors.SaoPauloCnpj, $"https://hooks.example.com:{port}{WebhookReceiver.Path}");
        var t = await db.Scenario.SubmittedTreatmentAsync();
        await db.Scenario.GenerateAsync(t, "615243");
        Assert.True((await db.Scenario.ValidateAsync(t, "615243")).Succeeded);

        Assert.Equal(1, await db.Worker.RunOnceAsync("worker-a", CancellationToken.None));

        Assert.Contains("hooks.example.com", db.Resolver.Asked);
        Assert.Empty(receiver.Requests);
        var row = Assert.Single(await db.RowsAsync());
        Assert.Equal(WebhookDeliveryStatus.Pending, row.Status); // a failure like any other: tried again later, then ended
        Assert.Equal(1, row.Attempts);
        Assert.Null(row.LastHttpStatus);
        Assert.Equal(WebhookWorker.RefusedDestinationError, row.LastError);
        Assert.DoesNotContain(db.Logs.Lines, l => l.Contains("hooks.example.com", StringComparison.OrdinalIgnoreCase)); // no URL in the logs
    }

    /// <summary>The webhook database run as "Testing", with a resolver the test answers.</summary>
    private sealed class OutsideDevelopment : WebhookDatabase
    {
        public FakeResolver Resolver { get; } = new();
        protected override string EnvironmentName => "Testing";
        protected override void AddServices(IServiceCollection services) => services.AddSingleton<IWebhookAddressResolver>(Resolver);
    }

    public sealed class FakeResolver : IWebhookAddressResolver
    {
        public ConcurrentDictionary<string, IPAddress[]> Answers { get; } = new(StringComparer.OrdinalIgnoreCase);
        public ConcurrentBag<string> Asked { get; } = [];

        public Task<IPAddress[]> ResolveAsync(string host, CancellationToken ct)
        {
            Asked.Add(host);
            return Task.FromResult(Answers.TryGetValue(host, out var a) ? a : [IPAddress.Parse("203.0.113.10")]);
        }
    }
}

/// <summary>The one predicate behind both checks (issue 11, webhooks; SSRF finding).</summary>
public sealed class PublicAddressRules
{
    [Theory]
    [InlineData("8.8.8.8", true)]
    [InlineData("200.147.67.142", true)]
    [InlineData("172.32.0.1", true)]
    [InlineData("100.128.0.1", true)]
    [InlineData("2001:4860:4860::8888", true)]
    [InlineData("::ffff:8.8.8.8", true)]
    [InlineData("0.0.0.0", false)]
    [InlineData("0.1.2.3", false)]
    [InlineData("10.1.2.3", false)]
    [InlineData("127.0.0.1", false)]
    [InlineData("127.5.5.5", false)]
    [InlineData("169.254.169.254", false)]
    [InlineData("172.16.0.1", false)]
    [InlineData("172.31.255.255", false)]
    [InlineData("192.168.1.1", false)]
    [InlineData("100.64.0.1", false)]
    [InlineData("100.127.255.255", false)]
    [InlineData("224.0.0.1", false)]
    [InlineData("255.255.255.255", false)]
    [InlineData("::", false)]
    [InlineData("::1", false)]
    [InlineData("fe80::1", false)]
    [InlineData("fc00::1", false)]
    [InlineData("fd12:3456::1", false)]
    [InlineData("ff02::1", false)]
    [InlineData("::ffff:127.0.0.1", false)]
    [InlineData("::ffff:169.254.169.254", false)]
    [InlineData("::ffff:192.168.0.1", false)]
    [InlineData("64:ff9b::a9fe:a9fe", false)]
    [InlineData("2002:0a00:0001::1", false)]
    public void OnlyPublicUnicastAddressesArePublic(string address, bool isPublic) =>
        Assert.Equal(isPublic, PublicAddress.IsPublic(IPAddress.Parse(address)));

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    [InlineData("::ffff:127.0.0.1")]
    public void LoopbackIsAllowedOnlyInDevelopment(string address)
    {
        Assert.True(PublicAddress.IsAllowed(IPAddress.Parse(address), development: true));
        Assert.False(PublicAddress.IsAllowed(IPAddress.Parse(address), development: false));
    }

    [Theory]
    [InlineData("https://127.0.0.1:5999/webhooks")]
    [InlineData("https://localhost:5999/webhooks")]
    [InlineData("http://127.0.0.1:5999/webhooks")]
    public void InDevelopmentLoopbackStaysAllowed(string url) => Assert.Null(WebhookUrl.WhyRefused(url, development: true));

    [Theory]
    [InlineData("https://10.0.0.1/x")]
    [InlineData("https://169.254.169.254/latest/")]
    [InlineData("https://metadata.google.internal/")]
    public void InDevelopmentEverythingElseFollowsTheRule(string url) =>
        Assert.Equal(WebhookUrl.NotPublic, WebhookUrl.WhyRefused(url, development: true));
}
