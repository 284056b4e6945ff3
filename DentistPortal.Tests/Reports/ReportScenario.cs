using DentistPortal.Domain.Contingency;
using DentistPortal.Domain.Tiss;
using DentistPortal.Domain.Messaging;
using DentistPortal.Domain.Tokens;
using DentistPortal.Features.Common;
using DentistPortal.Features.Contingency;
using DentistPortal.Features.Tokens;
using DentistPortal.Features.Treatments;
using DentistPortal.Infrastructure.Data;
using DentistPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace DentistPortal.Tests.Reports;

/// <summary>
/// One database with a known token history, built through the real handlers on 25/11/2026 10:00 (Brasília) and then
/// 49 hours later (27/11 11:00), so every figure of the reports can be asserted exactly:
/// <list type="bullet">
/// <item>São Paulo (Dra. Ana, beneficiary Maria: SMS + e-mail): T1 validated at the chair; T2 two wrong codes, then left to
/// expire (still marked Active); T3 five wrong codes → locked; T4 late token typed by the receptionist; T5 reported by the
/// patient as unsolicited → revoked; T6 printed guide + signed scan (no token); T7 validated with the call centre;
/// T9 generated and found expired when typed after 49 h.</item>
/// <item>Campinas (Dr. Carlos, beneficiary Beatriz: SMS + e-mail): T8 one wrong code, then reported through the call centre → revoked.</item>
/// <item>Delivery failures: T1's SMS, T3's e-mail, T8's SMS.</item>
/// </list>
/// </summary>
public sealed class ReportScenario : IAsyncLifetime
{
    private static readonly byte[] Pdf = ScanFiles.Pdf();

    public TestDatabase Database { get; } = new();

    public static readonly DateOnly Day1 = new(2026, 11, 25);
    public static readonly DateOnly Day3 = new(2026, 11, 27);

    public int SaoPauloId { get; private set; }
    public int CampinasId { get; private set; }

    public async Task InitializeAsync()
    {
        await Database.InitializeAsync();
        var s = new TokenScenario(Database);
        var dentist = await s.DentistAsync();
        var staff = await s.StaffAsync();
        var agent = await DemoActors.ForAsync(Database.Services, "central@demo.local");
        var patient = await DemoActors.ForAsync(Database.Services, "paciente@demo.local");
        var carlos = await DemoActors.ForAsync(Database.Services, "dentista2@demo.local", DemoActors.CampinasCnpj);
        SaoPauloId = await DemoActors.ClinicIdAsync(Database.Services, DemoActors.SaoPauloCnpj);
        CampinasId = await DemoActors.ClinicIdAsync(Database.Services, DemoActors.CampinasCnpj);

        var t1 = await s.SubmittedTreatmentAsync();
        await s.GenerateAsync(t1, "111111");
        Expect(ValidationOutcome.Validated, await s.ValidateAsync(t1, "111111"));

        var t2 = await s.SubmittedTreatmentAsync();
        await s.GenerateAsync(t2, "222222");
        Expect(ValidationOutcome.WrongCode, await s.ValidateAsync(t2, "900001"));
        Expect(ValidationOutcome.WrongCode, await s.ValidateAsync(t2, "900002"));

        var t3 = await s.SubmittedTreatmentAsync();
        await s.GenerateAsync(t3, "333333");
        for (var i = 1; i <= 4; i++) Expect(ValidationOutcome.WrongCode, await s.ValidateAsync(t3, $"91000{i}"));
        Expect(ValidationOutcome.Locked, await s.ValidateAsync(t3, "910005"));

        var t4 = await s.SubmittedTreatmentAsync();
        await s.GenerateAsync(t4, "444444");
        Assert.True((await s.Handler<MarkAwaitingLateTokenHandler>().HandleAsync(new(t4), dentist)).IsOk);
        Expect(ValidationOutcome.Validated, await s.ValidateAsync(t4, "444444", staff, ValidationChannel.Late));

        var t5 = await s.SubmittedTreatmentAsync();
        var token5 = await s.GenerateAsync(t5, "555555");
        Assert.True((await s.Handler<RevokeTokenHandler>().HandleAsync(new(token5.TokenId), patient)).IsOk);

        var t6 = await s.SubmittedTreatmentAsync();
        Assert.True((await s.Handler<RecordContingencyHandler>().HandleAsync(new(await NumberAsync(s, t6), Tuss74.NoMobilePhone), staff)).IsOk);
        var guide = await s.Handler<RegisterSignedGuideHandler>().HandleAsync(new(t6, "guia.pdf", Pdf), staff);
        Assert.True(guide.IsOk, string.Join("; ", guide.Errors));
        // The guide counts once the auditor confirmed its authorized row (issue 9 §1).
        await using (var db = await s.ContextAsync())
        {
            var consultation = await db.TreatmentItems.Where(i => i.TreatmentId == t6).Select(i => i.Id).SingleAsync();
            var auditor = await DemoActors.ForAsync(Database.Services, "auditor@demo.local");
            var today = DentistPortal.Domain.Common.BrazilTime.Today(Database.Clock.GetUtcNow());
            Assert.True((await s.Handler<DentistPortal.Features.Review.DecideSignedGuideHandler>().HandleAsync(
                new(guide.Value!.GuideId, [new DentistPortal.Domain.Contingency.PerformedRow(consultation, today)]), auditor)).IsOk);
        }

        var t7 = await s.SubmittedTreatmentAsync();
        await s.GenerateAsync(t7, "777777");
        Expect(ValidationOutcome.Validated, await s.ValidateAsync(t7, "777777", agent, ValidationChannel.CallCenterAssisted));

        var created = await s.Handler<CreateTreatmentHandler>().HandleAsync(new(await s.ReferenceAsync("16180339805", carlos), [new("81000030", null, null, null)]), carlos);
        Assert.True(created.IsOk, string.Join("; ", created.Errors));
        var t8 = created.Value!.Id;
        Assert.True((await s.Handler<SubmitForAuthorizationHandler>().HandleAsync(new(t8), carlos)).IsOk);
        var token8 = await s.GenerateAsync(t8, "888888", carlos);
        Expect(ValidationOutcome.WrongCode, await s.ValidateAsync(t8, "920001", carlos));
        Assert.True((await s.Handler<RevokeTokenHandler>().HandleAsync(new(token8.TokenId, "Beneficiária ligou para a Central"), agent)).IsOk);

        var t9 = await s.SubmittedTreatmentAsync();
        await s.GenerateAsync(t9, "999999");

        await using (var db = await s.ContextAsync())
        {
            await FailAsync(db, t1, DeliveryChannel.Sms);
            await FailAsync(db, t3, DeliveryChannel.Email);
            await FailAsync(db, t8, DeliveryChannel.Sms);
        }

        // 49 hours later the tokens of T2 and T9 have expired; T9's is noticed when its code is typed.
        Database.Clock.Advance(TimeSpan.FromHours(49));
        Expect(ValidationOutcome.Expired, await s.ValidateAsync(t9, "999999"));
    }

    private static void Expect(ValidationOutcome expected, ValidationResult actual) => Assert.Equal(expected, actual.Outcome);

    private static async Task<string> NumberAsync(TokenScenario s, int treatmentId)
    {
        await using var db = await s.ContextAsync();
        return await db.Treatments.Where(t => t.Id == treatmentId).Select(t => t.Number).SingleAsync();
    }

    private static Task<int> FailAsync(AppDbContext db, int treatmentId, DeliveryChannel channel) =>
        db.Deliveries.Where(d => d.TreatmentId == treatmentId && d.Channel == channel)
            .ExecuteUpdateAsync(u => u.SetProperty(d => d.Status, DeliveryStatus.Failed).SetProperty(d => d.LastError, "Provedor recusou o envio."));

    public Task<Actor> AdminAsync() => DemoActors.ForAsync(Database.Services, "admin@demo.local");

    public Task DisposeAsync() => Database.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class ReportScenarioCollection : ICollectionFixture<ReportScenario>
{
    public const string Name = "Report scenario";
}
