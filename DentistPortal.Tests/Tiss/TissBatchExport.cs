using System.Globalization;
using System.IO.Compression;
using System.Xml.Linq;
using DentistPortal.Domain.Audit;
using DentistPortal.Domain.Contingency;
using DentistPortal.Domain.Tiss;
using DentistPortal.Domain.Tokens;
using DentistPortal.Domain.Treatments;
using DentistPortal.Features.Billing;
using DentistPortal.Features.Common;
using DentistPortal.Infrastructure.Data;
using DentistPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static DentistPortal.Tests.Tiss.TissExportScenario;

namespace DentistPortal.Tests.Tiss;

/// <summary>
/// Issue 11 (TISS export): "Gerar lote TISS" for a clinic and period — what goes in by default, the explicit re-export, the
/// numbering, more than 100 guides, the period in Brasília time, refusals and guides that cannot be billed.
/// Each test works in its own month so the tests share the database without seeing each other's guides.
/// </summary>
public class TissBatchExport(PricedDatabase database) : IClassFixture<PricedDatabase>
{
    private readonly TissExportScenario s = new(database);

    private async Task<Result<TissExportDownload>> ExportAsync(DateOnly from, DateOnly to, bool include = false, Actor? actor = null, Guid? key = null, int? clinicId = null) =>
        await s.Handler<ExportTissBatchHandler>().HandleAsync(new(clinicId ?? await s.SaoPauloAsync(), from, to, include, key), actor ?? await s.StaffAsync());

    private static DateOnly Day(DateTimeOffset utc) => DentistPortal.Domain.Common.BrazilTime.Today(utc);

    /// <summary>
    /// A day of its own for a test: the shared clock only goes forward, so each test moves it three days on, to 13:00 UTC
    /// (10:00 in Brasília), and works on that day.
    /// </summary>
    private DateOnly NewDay()
    {
        var day = Day(database.Clock.GetUtcNow()).AddDays(3);
        database.Clock.SetUtcNow(new DateTimeOffset(day.ToDateTime(new TimeOnly(13, 0)), TimeSpan.Zero));
        return day;
    }

    [Fact]
    public async Task ABatchCarriesTheClinicsValidatedGuidesOfThePeriodOnceThenTheDefaultExportIsEmpty()
    {
        var day = NewDay();
        var chair = await s.ValidatedAtTheChairAsync("110011");
        var guided = await s.ValidatedBySignedGuideAsync(await s.Tokens.SubmittedTreatmentAsync(), items => [new PerformedRow(items[0].Id, s.Today)]);
        var open = await s.Tokens.SubmittedTreatmentAsync();

        var preview = (await s.Handler<PreviewTissExportHandler>().HandleAsync(new(await s.SaoPauloAsync(), day, day), await s.StaffAsync())).Value!;
        Assert.Equal(2, preview.Ready);
        Assert.Empty(preview.AlreadyExported);

        var first = await ExportAsync(day, day);
        Assert.True(first.IsOk, string.Join("; ", first.Errors));
        Assert.Equal("application/xml", first.Value!.File.ContentType);
        var doc = Parse(first.Value.File.Content);
        var numbers = doc.Descendants(Ans + "numeroGuiaPrestador").Select(e => e.Value).ToList();
        Assert.Equal([await s.NumberAsync(chair), await s.NumberAsync(guided)], numbers);
        Assert.DoesNotContain(await s.NumberAsync(open), numbers);
        Assert.Equal(first.Value.Receipt.FirstSequence.ToString(CultureInfo.InvariantCulture), doc.Descendants(Ans + "numeroLote").Single().Value);

        var second = await ExportAsync(day, day);
        Assert.Equal(ResultStatus.Invalid, second.Status);
        Assert.Contains("Nenhuma guia nova", Assert.Single(second.Errors), StringComparison.Ordinal);
        Assert.Contains("reexportação", second.Errors[0], StringComparison.Ordinal);
        var after = (await s.Handler<PreviewTissExportHandler>().HandleAsync(new(await s.SaoPauloAsync(), day, day), await s.StaffAsync())).Value!;
        Assert.Equal(0, after.Ready);
        Assert.Equal(2, after.AlreadyExported.Count);

        var again = await ExportAsync(day, day, include: true);
        Assert.True(again.IsOk, string.Join("; ", again.Errors));
        Assert.True(again.Value!.Receipt.IsReexport);
        Assert.Equal(2, again.Value.Receipt.GuideCount);
        Assert.True(again.Value.Receipt.FirstSequence > first.Value.Receipt.FirstSequence);

        await using var db = await s.Tokens.ContextAsync();
        var audit = await db.AuditEntries.Where(a => a.Action == AuditActions.TissExported && a.SubjectType == "TissExport").OrderBy(a => a.Id).ToListAsync();
        var mine = audit.Where(a => a.SubjectId == first.Value.Receipt.FirstSequence.ToString(CultureInfo.InvariantCulture)
            || a.SubjectId == again.Value.Receipt.FirstSequence.ToString(CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(["exported", "reexported"], mine.Select(a => a.Outcome));
        Assert.All(mine, a => Assert.DoesNotContain("Maria", a.Detail ?? "", StringComparison.Ordinal));
        var history = (await s.Handler<ListTissExportsHandler>().HandleAsync(new(await s.SaoPauloAsync()), await s.StaffAsync())).Value!;
        Assert.Contains(history, h => h.Id == again.Value.Receipt.ExportId && h.IsReexport && h.Kind == TissExportKind.Batch);
    }

    [Fact]
    public async Task MoreThanAHundredGuidesGoInAZipOfValidBatchesEachGuideOnce()
    {
        var day = NewDay();
        var ids = await ManyValidatedAsync(101);

        var export = await ExportAsync(day, day);

        Assert.True(export.IsOk, string.Join("; ", export.Errors));
        Assert.Equal("application/zip", export.Value!.File.ContentType);
        Assert.EndsWith(".zip", export.Value.File.FileName, StringComparison.Ordinal);
        using var zip = new ZipArchive(new MemoryStream(export.Value.File.Content));
        Assert.Equal(2, zip.Entries.Count);
        var seen = new List<string>();
        var batchNumbers = new List<string>();
        foreach (var entry in zip.Entries)
        {
            using var stream = entry.Open();
            using var copy = new MemoryStream();
            await stream.CopyToAsync(copy);
            var doc = Parse(copy.ToArray());
            var guides = doc.Descendants(Ans + "guiaOdonto").ToList();
            Assert.InRange(guides.Count, 1, 100);
            seen.AddRange(guides.Select(g => V(g, "numeroGuiaPrestador")));
            batchNumbers.Add(doc.Descendants(Ans + "numeroLote").Single().Value);
            Assert.Equal(batchNumbers[^1], doc.Descendants(Ans + "sequencialTransacao").Single().Value);
        }
        Assert.Equal(101, seen.Count);
        Assert.Equal(101, seen.Distinct().Count());
        await using var db = await s.Tokens.ContextAsync();
        var expected = await db.Treatments.Where(t => ids.Contains(t.Id)).Select(t => t.Number).ToListAsync();
        Assert.Equal(expected.Order(), seen.Order());
        Assert.Equal([export.Value.Receipt.FirstSequence, export.Value.Receipt.FirstSequence + 1], batchNumbers.Select(long.Parse));
        Assert.Equal(export.Value.Receipt.LastSequence, export.Value.Receipt.FirstSequence + 1);
    }

    [Fact]
    public async Task ThePeriodIsReadInBrasiliaTime()
    {
        var day = NewDay();
        // 23:59 in Brasília is 02:59 UTC of the next day; 00:00 of the next day in Brasília is 03:00 UTC (no daylight saving).
        var nextDay = DentistPortal.Features.AuditLog.AuditLogFilter.StartOfDayUtc(day.AddDays(1));
        Assert.Equal(3, nextDay.Hour);
        var lastMinute = nextDay.AddMinutes(-1);
        database.Clock.SetUtcNow(lastMinute.AddMinutes(-30));
        var inside = await s.Tokens.SubmittedTreatmentAsync();
        await s.Tokens.GenerateAsync(inside, "316001");
        var outside = await s.Tokens.SubmittedTreatmentAsync();
        await s.Tokens.GenerateAsync(outside, "316002");
        database.Clock.SetUtcNow(lastMinute);
        Assert.True((await s.Tokens.ValidateAsync(inside, "316001")).Succeeded);
        database.Clock.SetUtcNow(nextDay);
        Assert.True((await s.Tokens.ValidateAsync(outside, "316002")).Succeeded);

        var export = await ExportAsync(day, day);

        Assert.True(export.IsOk, string.Join("; ", export.Errors));
        var guide = Assert.Single(Parse(export.Value!.File.Content).Descendants(Ans + "guiaOdonto"));
        Assert.Equal(await s.NumberAsync(inside), V(guide, "numeroGuiaPrestador"));
        Assert.Equal(day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), guide.Descendants(Ans + "dataRealizacao").Single().Value);
        var next = await ExportAsync(day.AddDays(1), day.AddDays(1));
        Assert.Equal(await s.NumberAsync(outside), V(Assert.Single(Parse(next.Value!.File.Content).Descendants(Ans + "guiaOdonto")), "numeroGuiaPrestador"));
        Assert.Equal(day.AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), Parse(next.Value.File.Content).Descendants(Ans + "dataRealizacao").Single().Value);
    }

    [Fact]
    public async Task AnotherClinicsStaffIsRefusedTheBatchAndNothingIsExported()
    {
        var day = NewDay();
        var id = await s.ValidatedAtTheChairAsync("406001");
        var other = await s.Tokens.OtherClinicStaffAsync();

        Assert.Equal(ResultStatus.Forbidden, (await ExportAsync(day, day, actor: other)).Status);
        Assert.Equal(ResultStatus.Forbidden, (await s.Handler<PreviewTissExportHandler>().HandleAsync(new(await s.SaoPauloAsync(), day, day), other)).Status);
        Assert.Equal(ResultStatus.Forbidden, (await s.Handler<ListTissExportsHandler>().HandleAsync(new(await s.SaoPauloAsync()), other)).Status);
        // Even the admin does not produce a clinic's billing files.
        Assert.Equal(ResultStatus.Forbidden, (await ExportAsync(day, day, actor: await DemoActors.ForAsync(database.Services, "admin@demo.local"))).Status);

        await using var db = await s.Tokens.ContextAsync();
        Assert.Equal(0, await db.TissExportedGuides.CountAsync(g => g.TreatmentId == id));
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == AuditActions.AccessDenied && a.ActorUserId == other.UserId && a.SubjectType == "TissExport"));
    }

    [Fact]
    public async Task AnotherClinicCannotDownloadAStoredExport()
    {
        var day = NewDay();
        await s.ValidatedAtTheChairAsync("420001");
        var export = await ExportAsync(day, day);
        Assert.True(export.IsOk, string.Join("; ", export.Errors));

        var mine = await s.Handler<GetTissExportFileHandler>().HandleAsync(new(export.Value!.Receipt.ExportId), await s.DentistAsync());
        Assert.True(mine.IsOk);
        Assert.Equal(export.Value.File.Content, mine.Value!.Content);
        var theirs = await s.Handler<GetTissExportFileHandler>().HandleAsync(new(export.Value.Receipt.ExportId), await s.Tokens.OtherClinicStaffAsync());
        Assert.Equal(ResultStatus.NotFound, theirs.Status);
    }

    [Fact]
    public async Task AMissingPriceOrCnesIsListedWithItsReasonAndTheOtherGuidesStillGo()
    {
        var day = NewDay();
        var priced = await s.ValidatedAtTheChairAsync("511001");
        var unpriced = await s.ValidatedAtTheChairAsync("511002", new("81000030", null, null, null), new("81000375", null, null, null));
        await using (var db = await s.Tokens.ContextAsync())
            await db.PlanCoverages.Where(c => c.TussCode == "81000375").ExecuteUpdateAsync(x => x.SetProperty(c => c.Price, (decimal?)null));
        var clinicId = await s.SaoPauloAsync();
        try
        {
            var preview = (await s.Handler<PreviewTissExportHandler>().HandleAsync(new(clinicId, day, day), await s.StaffAsync())).Value!;
            Assert.Equal(1, preview.Ready);
            var blocked = Assert.Single(preview.NotExportable);
            Assert.Equal(await s.NumberAsync(unpriced), blocked.TreatmentNumber);
            Assert.Contains(blocked.Reasons, r => r.Contains("81000375", StringComparison.Ordinal) && r.Contains("sem preço na tabela do plano Sorriso Pleno Essencial", StringComparison.Ordinal));

            var export = await ExportAsync(day, day);
            Assert.True(export.IsOk, string.Join("; ", export.Errors));
            Assert.Equal(1, export.Value!.Receipt.NotExportable);
            Assert.Equal(await s.NumberAsync(priced), V(Assert.Single(Parse(export.Value.File.Content).Descendants(Ans + "guiaOdonto")), "numeroGuiaPrestador"));
            Assert.DoesNotContain("0.00", System.Text.Encoding.Latin1.GetString(export.Value.File.Content), StringComparison.Ordinal);

            await using (var db = await s.Tokens.ContextAsync())
                await db.Clinics.Where(c => c.Id == clinicId).ExecuteUpdateAsync(x => x.SetProperty(c => c.Cnes, (string?)null));
            var noCnes = (await s.Handler<PreviewTissExportHandler>().HandleAsync(new(clinicId, day, day), await s.StaffAsync())).Value!;
            Assert.Equal(0, noCnes.Ready);
            Assert.All(noCnes.NotExportable, n => Assert.Contains(n.Reasons, r => r.Contains("não tem CNES", StringComparison.Ordinal)));
            var nothing = await ExportAsync(day, day, include: true);
            Assert.Equal(ResultStatus.Invalid, nothing.Status);
            Assert.Contains("sem condições de faturamento", Assert.Single(nothing.Errors), StringComparison.Ordinal);
        }
        finally
        {
            await using var db = await s.Tokens.ContextAsync();
            await db.PlanCoverages.Where(c => c.TussCode == "81000375").ExecuteUpdateAsync(x => x.SetProperty(c => c.Price, PricedDatabase.OtherPrice));
            await db.Clinics.Where(c => c.Id == clinicId).ExecuteUpdateAsync(x => x.SetProperty(c => c.Cnes, "2071234"));
        }
    }

    [Fact]
    public async Task ADoubleClickGetsOneExportAndParallelExportsNeverShareANumber()
    {
        var day = NewDay();
        await s.ValidatedAtTheChairAsync("608001");
        var key = Guid.NewGuid();
        var clicks = await Task.WhenAll(ExportAsync(day, day, key: key), ExportAsync(day, day, key: key));
        Assert.All(clicks, c => Assert.True(c.IsOk, string.Join("; ", c.Errors)));
        Assert.Equal(clicks[0].Value!.Receipt, clicks[1].Value!.Receipt);

        var reexports = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => ExportAsync(day, day, include: true)));
        Assert.All(reexports, r => Assert.True(r.IsOk, string.Join("; ", r.Errors)));
        var all = reexports.Select(r => r.Value!.Receipt.FirstSequence).Append(clicks[0].Value!.Receipt.FirstSequence).ToList();
        Assert.Equal(all.Count, all.Distinct().Count());
        await using var db = await s.Tokens.ContextAsync();
        Assert.Equal(all.Max(), (await db.TissSequenceCounters.SingleAsync()).LastValue - (await db.TissExports.MaxAsync(e => e.LastSequence) - all.Max()));
    }

    [Fact]
    public async Task AWrongPeriodIsRefusedInPortuguese()
    {
        var refused = await ExportAsync(new DateOnly(2027, 7, 2), new DateOnly(2027, 7, 1));
        Assert.Equal(ResultStatus.Invalid, refused.Status);
        Assert.Equal("Período inválido: a data inicial é posterior à data final.", Assert.Single(refused.Errors));
    }

    /// <summary>
    /// <paramref name="count"/> validated attendances built with the domain methods the handlers call (as the demo history
    /// does): going through the token handlers 101 times would trip the per-phone message caps (TR-7) for one patient.
    /// </summary>
    private async Task<List<int>> ManyValidatedAsync(int count)
    {
        await using var db = await s.Tokens.ContextAsync();
        var dentist = await s.DentistAsync();
        var clinicId = await s.SaoPauloAsync();
        var maria = await db.Beneficiaries.SingleAsync(b => b.Cpf == TokenScenario.MariaCpf);
        var plan = await db.Plans.Include(p => p.Coverages).SingleAsync(p => p.Id == maria.PlanId);
        var catalogue = await db.Procedures.AsNoTracking().ToDictionaryAsync(p => p.TussCode);
        var now = database.Clock.GetUtcNow();
        var policy = new TokenPolicy();
        var hash = new byte[32];
        var treatments = new List<Treatment>();
        for (var i = 0; i < count; i++)
        {
            var t = new Treatment { DentistUserId = dentist.UserId, ClinicId = clinicId, BeneficiaryId = maria.Id, CreatedAtUtc = now, Number = $"T{Guid.NewGuid():N}"[..20] };
            t.Items.Add(new TreatmentItem { TussCode = "81000030", Description = catalogue["81000030"].Description });
            t.Submit(maria, plan, catalogue, [], now);
            db.Treatments.Add(t);
            treatments.Add(t);
        }
        await db.SaveChangesAsync();
        foreach (var t in treatments)
        {
            t.Number = Treatment.NumberFor(t.Id, now);
            var issued = t.IssueToken(() => new NewTokenCode(AttendanceToken.LegacyHmacKeyId, hash, ""), dentist.UserId, now, policy);
            Assert.Null(issued.Refusal);
            var check = t.CheckCode(_ => hash, dentist.UserId, ValidationChannel.Chair, now.AddMinutes(1), policy, 0, database.References.Next);
            Assert.Equal(ValidationOutcome.Validated, check.Outcome);
        }
        await db.SaveChangesAsync();
        return [.. treatments.Select(t => t.Id)];
    }
}
