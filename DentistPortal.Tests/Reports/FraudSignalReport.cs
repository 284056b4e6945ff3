using DentistPortal.Domain.Oversight;
using DentistPortal.Domain.Tokens;
using DentistPortal.Features.Common;
using DentistPortal.Features.Contingency;
using DentistPortal.Features.Reports;
using DentistPortal.Features.Tokens;
using DentistPortal.Features.Treatments;
using DentistPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DentistPortal.Tests.Reports;

/// <summary>
/// The fraud signal through the real handlers (issue 9 §1), all on 25/11/2026:
/// <list type="bullet">
/// <item>São Paulo: Dra. Ana 5 chair tokens + 1 late token; Dra. Juliana 1 signed guide (too few to judge).</item>
/// <item>Campinas: Dr. Carlos 3 chair + 1 late + 1 signed guide.</item>
/// <item>Belo Horizonte (Savassi): Dr. Rafael 2 chair + 3 signed guides + 1 contingency number → the outlier.</item>
/// <item>Not attendances: a treatment awaiting its late token, a guide printed but no scan, one validated two days later.</item>
/// </list>
/// Clinic shares — chair 71,4/60/33,3 %, late 14,3/20/0 %, guide 14,3/20/50 %, contingency 0/0/16,7 % — medians 60, 14,3, 20 and 0 %.
/// </summary>
public sealed class FraudSignalScenario : IAsyncLifetime
{
    private static readonly byte[] Pdf = ScanFiles.Pdf();
    public static readonly DateOnly Day1 = new(2026, 11, 25);

    public TestDatabase Database { get; } = new();
    public int CampinasId { get; private set; }

    private int code = 300000;
    private TokenScenario s = default!;

    public async Task InitializeAsync()
    {
        await Database.InitializeAsync();
        s = new TokenScenario(Database);
        var ana = await s.DentistAsync();
        var juliana = await DemoActors.ForAsync(Database.Services, "dentista3@demo.local", DemoActors.SaoPauloCnpj);
        var carlos = await DemoActors.ForAsync(Database.Services, "dentista2@demo.local", DemoActors.CampinasCnpj);
        var rafael = await DemoActors.ForAsync(Database.Services, "dentista4@demo.local", DemoActors.BeloHorizonteCnpj);
        var staffCampinas = await s.OtherClinicStaffAsync();
        var agent = await DemoActors.ForAsync(Database.Services, "central@demo.local");
        CampinasId = await DemoActors.ClinicIdAsync(Database.Services, DemoActors.CampinasCnpj);
        var savassiId = await DemoActors.ClinicIdAsync(Database.Services, DemoActors.BeloHorizonteCnpj);

        for (var i = 0; i < 5; i++) await ChairAsync(ana, TokenScenario.MariaCpf);
        await LateAsync(ana, await s.StaffAsync(), TokenScenario.RobertoCpf);
        await GuideAsync(juliana, TokenScenario.MariaCpf);

        for (var i = 0; i < 3; i++) await ChairAsync(carlos, "16180339805");
        await LateAsync(carlos, staffCampinas, "16180339805");
        await GuideAsync(carlos, "14142135651");

        for (var i = 0; i < 2; i++) await ChairAsync(rafael, "17320508052");
        for (var i = 0; i < 3; i++) await GuideAsync(rafael, "17320508052");
        var number = await s.Handler<IssueContingencyNumberHandler>().HandleAsync(new(savassiId, "Portal fora do ar"), agent);
        Assert.True(number.IsOk, string.Join("; ", number.Errors));
        var t = await SubmittedAsync(rafael, "17320508052");
        var registered = await s.Handler<RegisterSignedGuideHandler>().HandleAsync(new(t, "guia.pdf", Pdf, number.Value!.Number), rafael);
        Assert.True(registered.IsOk, string.Join("; ", registered.Errors));
        await AuditorConfirmsAsync(t, registered.Value!.GuideId);

        // Not attendances of 25/11: waiting for a late token; a guide printed without a scan; validated on 27/11.
        var waiting = await SubmittedAsync(ana, TokenScenario.RobertoCpf);
        await s.GenerateAsync(waiting, Next(), ana);
        Assert.True((await s.Handler<MarkAwaitingLateTokenHandler>().HandleAsync(new(waiting), ana)).IsOk);
        var printedOnly = await SubmittedAsync(rafael, "17320508052");
        Assert.True((await s.Handler<RecordContingencyHandler>().HandleAsync(new(await NumberAsync(printedOnly), "07"), rafael)).IsOk);
        var later = await SubmittedAsync(rafael, "17320508052");
        var laterCode = Next();
        await s.GenerateAsync(later, laterCode, rafael);
        Database.Clock.Advance(TimeSpan.FromHours(47));
        Assert.Equal(ValidationOutcome.Validated, (await s.ValidateAsync(later, laterCode, rafael)).Outcome);
    }

    private string Next() => (code++).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private async Task<int> SubmittedAsync(Actor dentist, string cpf)
    {
        var created = await s.Handler<CreateTreatmentHandler>().HandleAsync(new(await s.ReferenceAsync(cpf, dentist), [new("81000030", null, null, null)]), dentist);
        Assert.True(created.IsOk, string.Join("; ", created.Errors));
        Assert.True((await s.Handler<SubmitForAuthorizationHandler>().HandleAsync(new(created.Value!.Id), dentist)).IsOk);
        return created.Value.Id;
    }

    private async Task ChairAsync(Actor dentist, string cpf)
    {
        var t = await SubmittedAsync(dentist, cpf);
        var c = Next();
        await s.GenerateAsync(t, c, dentist);
        Assert.Equal(ValidationOutcome.Validated, (await s.ValidateAsync(t, c, dentist)).Outcome);
    }

    private async Task LateAsync(Actor dentist, Actor staff, string cpf)
    {
        var t = await SubmittedAsync(dentist, cpf);
        var c = Next();
        await s.GenerateAsync(t, c, dentist);
        Assert.True((await s.Handler<MarkAwaitingLateTokenHandler>().HandleAsync(new(t), dentist)).IsOk);
        Assert.Equal(ValidationOutcome.Validated, (await s.ValidateAsync(t, c, staff, ValidationChannel.Late)).Outcome);
    }

    private async Task GuideAsync(Actor dentist, string cpf)
    {
        var t = await SubmittedAsync(dentist, cpf);
        Assert.True((await s.Handler<RecordContingencyHandler>().HandleAsync(new(await NumberAsync(t), "07"), dentist)).IsOk);
        var registered = await s.Handler<RegisterSignedGuideHandler>().HandleAsync(new(t, "guia.pdf", Pdf), dentist);
        Assert.True(registered.IsOk, string.Join("; ", registered.Errors));
        await AuditorConfirmsAsync(t, registered.Value!.GuideId);
    }

    /// <summary>A signed guide counts only once the auditor confirmed its rows (issue 9 §1).</summary>
    private async Task AuditorConfirmsAsync(int treatmentId, int guideId)
    {
        await using var db = await s.ContextAsync();
        var items = await db.Set<DentistPortal.Domain.Treatments.TreatmentItem>()
            .Where(i => i.TreatmentId == treatmentId && i.Authorization == DentistPortal.Domain.Treatments.ItemAuthorization.Authorized).Select(i => i.Id).ToListAsync();
        var today = DentistPortal.Domain.Common.BrazilTime.Today(Database.Clock.GetUtcNow());
        var auditor = await DemoActors.ForAsync(Database.Services, "auditor@demo.local");
        var decided = await s.Handler<DentistPortal.Features.Review.DecideSignedGuideHandler>().HandleAsync(
            new(guideId, [.. items.Select(i => new DentistPortal.Domain.Contingency.PerformedRow(i, today))]), auditor);
        Assert.True(decided.IsOk, string.Join("; ", decided.Errors));
    }

    private async Task<string> NumberAsync(int id)
    {
        await using var db = await s.ContextAsync();
        return await db.Treatments.Where(t => t.Id == id).Select(t => t.Number).SingleAsync();
    }

    public async Task<TokenReport> ReportAsync(int? clinic = null)
    {
        var result = await Database.Scope().ServiceProvider.GetRequiredService<GetTokenReportHandler>()
            .HandleAsync(new ReportQuery(Day1, Day1, clinic), await DemoActors.ForAsync(Database.Services, "admin@demo.local"));
        Assert.True(result.IsOk, string.Join("; ", result.Errors));
        return result.Value!;
    }

    public Task DisposeAsync() => Database.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class FraudSignalScenarioCollection : ICollectionFixture<FraudSignalScenario>
{
    public const string Name = "Fraud signal scenario";
}

/// <summary>The report handler's fraud-signal tables on <see cref="FraudSignalScenario"/>.</summary>
[Collection(FraudSignalScenarioCollection.Name)]
public class FraudSignalReport(FraudSignalScenario scenario)
{
    private static (int Chair, int Late, int Guide, int Contingency) Counts(ValidationShareRow r) =>
        (r.Counts.Count(ValidationPath.ChairToken), r.Counts.Count(ValidationPath.LateToken), r.Counts.Count(ValidationPath.SignedGuide), r.Counts.Count(ValidationPath.ContingencyNumber));

    [Fact]
    public async Task EachClinicsAttendancesAreCountedByTheWayTheyWereValidated()
    {
        var table = (await scenario.ReportAsync()).Share(ReportKeys.PathsByClinic);

        var rows = table.Rows.ToDictionary(r => r.Name);
        Assert.Equal((5, 1, 1, 0), Counts(rows["Clínica Sorriso Paulista (São Paulo/SP)"]));
        Assert.Equal((3, 1, 1, 0), Counts(rows["Odonto Campinas Centro (Campinas/SP)"]));
        Assert.Equal((2, 0, 3, 1), Counts(rows["Clínica Dental Savassi (Belo Horizonte/MG)"]));
        Assert.Equal(3, rows.Count);
    }

    [Fact]
    public async Task TheNetworkMedianIsBesideEachShareAndOnlyTheOddClinicIsMarked()
    {
        var table = (await scenario.ReportAsync()).Share(ReportKeys.PathsByClinic);

        Assert.Equal(0.6, table.NetworkMedians[ValidationPath.ChairToken], 6);
        Assert.Equal(1.0 / 7, table.NetworkMedians[ValidationPath.LateToken], 6);
        Assert.Equal(0.2, table.NetworkMedians[ValidationPath.SignedGuide], 6);
        Assert.Equal(0, table.NetworkMedians[ValidationPath.ContingencyNumber], 6);
        var outlier = Assert.Single(table.Rows, r => r.IsOutlier);
        Assert.Equal("Clínica Dental Savassi (Belo Horizonte/MG)", outlier.Name);
        Assert.Equal([ValidationPath.SignedGuide, ValidationPath.ContingencyNumber], outlier.Outliers);
        Assert.Same(outlier, table.Rows[0]); // outliers first
    }

    [Fact]
    public async Task ADentistWithTooFewAttendancesIsListedButNotJudged()
    {
        var table = (await scenario.ReportAsync()).Share(ReportKeys.PathsByDentist);

        var juliana = Assert.Single(table.Rows, r => r.Name.StartsWith("Dra. Juliana", StringComparison.Ordinal));
        Assert.False(juliana.IsJudged);
        Assert.False(juliana.IsOutlier); // 100 % signed guide, but one attendance
        var rafael = Assert.Single(table.Rows, r => r.IsOutlier);
        Assert.StartsWith("Dr. Rafael Souza Neves", rafael.Name);
        Assert.Equal(0.2, table.NetworkMedians[ValidationPath.SignedGuide], 6); // Juliana left out of the median
    }

    [Fact]
    public async Task AChosenClinicShowsOnlyItsRowsAgainstTheWholeNetworksMedian()
    {
        var table = (await scenario.ReportAsync(scenario.CampinasId)).Share(ReportKeys.PathsByClinic);
        var row = Assert.Single(table.Rows);
        Assert.Equal("Odonto Campinas Centro (Campinas/SP)", row.Name);
        Assert.Equal(0.2, table.NetworkMedians[ValidationPath.SignedGuide], 6);
        Assert.StartsWith("Dr. Carlos Eduardo Lima", Assert.Single((await scenario.ReportAsync(scenario.CampinasId)).Share(ReportKeys.PathsByDentist).Rows).Name);
    }

    [Fact]
    public async Task TheCsvCarriesCountsSharesMediansAndTheMark()
    {
        var csv = System.Text.Encoding.UTF8.GetString(ReportCsv.Build((await scenario.ReportAsync()).Share(ReportKeys.PathsByClinic)));
        var lines = csv.TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("Clínica;Atendimentos;Token na cadeira;Token na cadeira (%);Token na cadeira – mediana da rede (%);Token tardio;", lines[0]);
        Assert.Equal("Clínica Dental Savassi (Belo Horizonte/MG);6;2;33,3;60,0;0;0,0;14,3;3;50,0;20,0;1;16,7;0,0;Sim;Guia assinada, Número de contingência", lines[1]);
    }
}
