using DentistPortal.Domain.Webhooks;
using DentistPortal.Features.Common;
using DentistPortal.Features.Webhooks;
using DentistPortal.Tests.Infrastructure;

namespace DentistPortal.Tests.Webhooks;

/// <summary>
/// Issue 11 (webhooks): the URL a clinic's events go to is an absolute https URL without credentials (http only to this
/// machine, only in Development); every refusal is a pt-BR message and stores nothing.
/// </summary>
public sealed class WebhookUrlRules : IAsyncLifetime
{
    private readonly WebhookDatabase db = new();

    public Task InitializeAsync() => db.InitializeAsync();
    public Task DisposeAsync() => db.DisposeAsync();

    public static TheoryData<string, string> Refused => new()
    {
        { "", WebhookUrl.Required },
        { "clinica.example/webhooks", WebhookUrl.NotAbsolute },
        { "/webhooks", WebhookUrl.NotAbsolute },
        { "ftp://clinica.example/webhooks", WebhookUrl.NotHttps },
        { "http://clinica.example/webhooks", WebhookUrl.HttpOnlyLoopbackInDevelopment },
        { "http://10.0.0.5/webhooks", WebhookUrl.HttpOnlyLoopbackInDevelopment },
        { "https://usuario:senha@clinica.example/webhooks", WebhookUrl.HasCredentials },
        { "https://clinica.example/webhooks#x", WebhookUrl.HasFragment },
        { "https://clinica.example/web hooks", WebhookUrl.HasWhitespace },
        { "https://clinica.example/" + new string('a', 500), WebhookUrl.TooLong },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task ARefusedUrlIsAnsweredInPortugueseAndNothingIsStored(string url, string message)
    {
        var clinicId = await DemoActors.ClinicIdAsync(db.Services, DemoActors.SaoPauloCnpj);
        var result = await db.Scenario.Handler<SaveClinicWebhookHandler>().HandleAsync(new(clinicId, url, Guid.NewGuid()), await db.AdminAsync());
        Assert.Equal(ResultStatus.Invalid, result.Status);
        Assert.Equal([message], result.Errors);
        await using var ctx = await db.Scenario.ContextAsync();
        Assert.Empty(ctx.WebhookSubscriptions);
    }

    [Theory]
    [InlineData("https://clinica.example/webhooks/dentistportal")]
    [InlineData("https://clinica.example:8443/webhooks?origem=portal")]
    [InlineData("http://127.0.0.1:5999/webhooks")]
    [InlineData("http://localhost:5999/webhooks")]
    public void AnHttpsUrlOrLoopbackInDevelopmentIsAccepted(string url) =>
        Assert.Null(WebhookUrl.WhyRefused(url, development: true));

    [Theory]
    [InlineData("http://127.0.0.1:5999/webhooks")]
    [InlineData("http://localhost:5999/webhooks")]
    public void LoopbackHttpIsRefusedOutsideDevelopment(string url) =>
        Assert.Equal(WebhookUrl.HttpOnlyLoopbackInDevelopment, WebhookUrl.WhyRefused(url, development: false));

    [Fact]
    public async Task OnlyTheAdminMaySetAWebhook()
    {
        var clinicId = await DemoActors.ClinicIdAsync(db.Services, DemoActors.SaoPauloCnpj);
        var staff = await db.Scenario.StaffAsync();
        var result = await db.Scenario.Handler<SaveClinicWebhookHandler>().HandleAsync(new(clinicId, "https://clinica.example/w", Guid.NewGuid()), staff);
        Assert.Equal(ResultStatus.Forbidden, result.Status);
        await using var ctx = await db.Scenario.ContextAsync();
        Assert.Empty(ctx.WebhookSubscriptions);
    }
}
