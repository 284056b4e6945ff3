using DentistPortal.Domain.Webhooks;
using DentistPortal.Tests.Infrastructure;

namespace DentistPortal.Tests.Webhooks;

/// <summary>
/// Issue 11 (webhooks, "retried from the outbox"): a receiver's error is tried again on an exponential schedule with
/// jitter read from the injected clock; a success ends it once; a receiver that never answers 2xx ends "failed" after
/// Webhooks:MaxAttempts posts. The clock is moved, never slept on.
/// </summary>
public sealed class WebhookRetries : WebhookTest
{
    private async Task<WebhookDelivery> OneValidationEventAsync()
    {
        await db.SubscribeAsync(DemoActors.SaoPauloCnpj, receiver.Url);
        var t = await db.Scenario.SubmittedTreatmentAsync();
        await db.Scenario.GenerateAsync(t, "615243");
        Assert.True((await db.Scenario.ValidateAsync(t, "615243")).Succeeded);
        return Assert.Single(await db.RowsAsync());
    }

    [Fact]
    public async Task AServerErrorIsRetriedAndTheEventDeliveredOnce()
    {
        receiver.Answers(n => n == 1 ? 500 : 200);
        var row = await OneValidationEventAsync();

        Assert.Equal(1, await db.Worker.RunOnceAsync("worker-a", CancellationToken.None));
        var failed = Assert.Single(await db.RowsAsync());
        Assert.Equal(WebhookDeliveryStatus.Pending, failed.Status);
        Assert.Equal(1, failed.Attempts);
        Assert.Equal(500, failed.LastHttpStatus);
        Assert.Equal("O receptor respondeu HTTP 500.", failed.LastError);
        Assert.Equal(WebhookDelivery.ResponseExcerptLength, failed.LastResponseExcerpt!.Length); // 5000 characters answered, 200 kept
        Assert.Null(failed.LeaseOwner);

        Assert.Equal(0, await db.Worker.RunOnceAsync("worker-a", CancellationToken.None)); // not due yet
        Assert.Single(receiver.Requests);

        db.Clock.SetUtcNow(failed.NextAttemptAtUtc);
        Assert.Equal(1, await db.Worker.RunOnceAsync("worker-a", CancellationToken.None));
        var delivered = Assert.Single(await db.RowsAsync());
        Assert.Equal(WebhookDeliveryStatus.Delivered, delivered.Status);
        Assert.Equal(2, delivered.Attempts);
        Assert.Equal(200, delivered.LastHttpStatus);
        Assert.Equal(db.Clock.GetUtcNow(), delivered.DeliveredAtUtc);

        db.Clock.Advance(TimeSpan.FromHours(2));
        await db.DrainAsync();
        var posts = receiver.Requests;
        Assert.Equal(2, posts.Count);
        Assert.All(posts, p => Assert.Equal(row.EventId, p.Id)); // the same event, the same body, each time
        Assert.Single(posts.Select(p => p.Body).Distinct());
    }

    [Fact]
    public async Task APermanentlyFailingReceiverEndsFailedAfterMaxAttemptsOnTheBackoffSchedule()
    {
        receiver.Answers(_ => 503);
        await OneValidationEventAsync();

        for (var attempt = 1; attempt < WebhookDatabase.MaxAttempts; attempt++)
        {
            await db.Worker.RunOnceAsync("worker-a", CancellationToken.None);
            var row = Assert.Single(await db.RowsAsync());
            Assert.Equal(WebhookDeliveryStatus.Pending, row.Status);
            Assert.Equal(attempt, row.Attempts);
            // 10 s × 2^(attempt−1), ±20 % jitter, capped at 60 s.
            var nominal = Math.Min(60, WebhookDatabase.BaseDelaySeconds * Math.Pow(2, attempt - 1));
            var delay = (row.NextAttemptAtUtc - db.Clock.GetUtcNow()).TotalSeconds;
            Assert.InRange(delay, nominal * 0.8 - 0.001, nominal * 1.2 + 0.001);

            db.Clock.SetUtcNow(row.NextAttemptAtUtc - TimeSpan.FromMilliseconds(1));
            Assert.Equal(0, await db.Worker.RunOnceAsync("worker-a", CancellationToken.None)); // a millisecond early: nothing
            Assert.Equal(attempt, receiver.Requests.Count);
            db.Clock.SetUtcNow(row.NextAttemptAtUtc);
        }
        await db.Worker.RunOnceAsync("worker-a", CancellationToken.None);
        var ended = Assert.Single(await db.RowsAsync());
        Assert.Equal(WebhookDeliveryStatus.Failed, ended.Status);
        Assert.Equal(WebhookDatabase.MaxAttempts, ended.Attempts);
        Assert.Equal($"Falhou após {WebhookDatabase.MaxAttempts} tentativas: O receptor respondeu HTTP 503.", ended.LastError);

        db.Clock.Advance(TimeSpan.FromDays(1));
        await db.DrainAsync();
        Assert.Equal(WebhookDatabase.MaxAttempts, receiver.Requests.Count);
    }

    [Fact]
    public async Task ARedirectIsNotFollowed()
    {
        receiver.Answers(_ => 302);
        await OneValidationEventAsync();
        await db.Worker.RunOnceAsync("worker-a", CancellationToken.None);
        var row = Assert.Single(await db.RowsAsync());
        Assert.Equal(302, row.LastHttpStatus);
        Assert.Equal(WebhookDeliveryStatus.Pending, row.Status);
        Assert.Contains("não segue redirecionamentos", row.LastError, StringComparison.Ordinal);
        Assert.Single(receiver.Requests);
    }
}
