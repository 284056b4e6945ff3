using DentistPortal.Domain.Webhooks;
using DentistPortal.Features.Tokens;
using DentistPortal.Infrastructure.Maintenance;
using DentistPortal.Infrastructure.Messaging;
using DentistPortal.Tests.Infrastructure;
using DentistPortal.Tests.Messaging;
using Microsoft.Extensions.DependencyInjection;

namespace DentistPortal.Tests.Webhooks;

/// <summary>
/// Issue 11 (webhooks): each token event of a subscribed clinic — validated, expired, revoked (not requested, superseded),
/// delivery failed — is posted exactly once to the clinic's URL, signed with its secret (recomputed here as a receiver
/// would), with the event id in a header, and without the code or anything about the beneficiary.
/// </summary>
public sealed class EveryTokenEventReachesTheClinic : IAsyncLifetime
{
    private readonly FakeSmsGateway gateway = FakeSmsGateway.Start();
    private readonly WebhookReceiver receiver = WebhookReceiver.Start();
    private GatewayDatabase db = default!;

    private sealed class GatewayDatabase(FakeSmsGateway gateway) : WebhookDatabase
    {
        protected override IEnumerable<KeyValuePair<string, string?>> More => gateway.Settings();
    }

    public async Task InitializeAsync()
    {
        gateway.Fails(400); // the gateway refuses the number: the SMS fails for good at once
        db = new GatewayDatabase(gateway);
        await db.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await db.DisposeAsync();
        receiver.Dispose();
        gateway.Dispose();
    }

    [Fact]
    public async Task EachEventIsPostedOnceSignedWithTheClinicsSecretAndWithoutTheCode()
    {
        var secret = await db.SubscribeAsync(DemoActors.SaoPauloCnpj, receiver.Url);
        var s = db.Scenario;
        string[] codes = ["731904", "462018", "559370", "318826", "804415"];

        // D: the SMS of its token fails for good (the e-mail goes out).
        var d = await s.SubmittedTreatmentAsync();
        await s.GenerateAsync(d, codes[0]);
        await db.Services.GetRequiredService<DeliveryWorker>().RunOnceAsync("sms-worker", CancellationToken.None);
        // A: validated at the chair.
        var a = await s.SubmittedTreatmentAsync();
        await s.GenerateAsync(a, codes[1]);
        Assert.True((await s.ValidateAsync(a, codes[1])).Succeeded);
        // B: a second token supersedes the first; the Central then revokes it ("não solicitei").
        var b = await s.SubmittedTreatmentAsync();
        await s.GenerateAsync(b, codes[2]);
        var second = await s.GenerateAsync(b, codes[3]);
        var revoked = await s.Handler<RevokeTokenHandler>().HandleAsync(new(second.TokenId), await DemoActors.ForAsync(db.Services, "central@demo.local"));
        Assert.True(revoked.IsOk, string.Join("; ", revoked.Errors));
        // C (and D, still active): expire; the sweep stores it.
        var c = await s.SubmittedTreatmentAsync();
        await s.GenerateAsync(c, codes[4]);
        db.Clock.Advance(TimeSpan.FromHours(49));
        await db.Services.GetRequiredService<ExpirySweeper>().RunOnceAsync(CancellationToken.None);

        await db.DrainAsync();

        var posts = receiver.Requests;
        var seen = posts.Select(p => (p.Type, p.TreatmentId, Detail: p.Field("validatedVia") ?? p.Field("reason") ?? p.Field("channel"))).OrderBy(x => x.TreatmentId).ThenBy(x => x.Type).ToList();
        (string, int, string?)[] expected =
        [
            ("token.entrega_falhou", d, "sms"), ("token.expirado", d, null),
            ("token.validado", a, "cadeira"),
            ("token.revogado", b, "substituido"), ("token.revogado", b, "nao_solicitado"),
            ("token.expirado", c, null),
        ];
        Assert.Equal(expected.OrderBy(x => x.Item2).ThenBy(x => x.Item1).ThenBy(x => x.Item3, StringComparer.Ordinal).ToList(),
            seen.OrderBy(x => x.TreatmentId).ThenBy(x => x.Type).ThenBy(x => x.Detail, StringComparer.Ordinal).ToList());
        Assert.Equal(posts.Count, posts.Select(p => p.Id).Distinct().Count());

        var clinicId = await DemoActors.ClinicIdAsync(db.Services, DemoActors.SaoPauloCnpj);
        foreach (var post in posts)
        {
            Assert.True(post.VerifiesWith(secret), $"signature of {post.Type} does not verify");
            Assert.Equal(db.Clock.GetUtcNow().ToUnixTimeSeconds(), post.Timestamp);
            Assert.Equal(post.Id, post.EventIdHeader);
            Assert.StartsWith("evt_", post.Id, StringComparison.Ordinal);
            Assert.StartsWith("application/json", post.ContentType, StringComparison.Ordinal);
            Assert.Equal(clinicId, post.Json.GetProperty("clinicId").GetInt32());
            Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?-03:00$", post.Json.GetProperty("occurredAt").GetString());
            Assert.False(string.IsNullOrEmpty(post.Json.GetProperty("treatmentNumber").GetString()));
            Assert.True(post.Json.GetProperty("tokenSequence").GetInt32() >= 1);
            foreach (var code in codes) Assert.DoesNotContain(code, post.Body, StringComparison.Ordinal);
            Assert.DoesNotContain("Maria", post.Body, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("code", post.Body, StringComparison.OrdinalIgnoreCase);
        }
        Assert.All(await db.RowsAsync(), r => Assert.Equal(WebhookDeliveryStatus.Delivered, r.Status));
        Assert.DoesNotContain(db.Logs.Lines, l => l.Contains(secret, StringComparison.Ordinal));

        // Nothing more is sent on the next passes.
        await db.DrainAsync();
        Assert.Equal(posts.Count, receiver.Requests.Count);
    }
}
