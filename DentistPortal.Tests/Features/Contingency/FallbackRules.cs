using DentistPortal.Domain.Contingency;
using DentistPortal.Domain.Tiss;
using DentistPortal.Domain.Tokens;
using DentistPortal.Domain.Treatments;
using DentistPortal.Features.Common;
using DentistPortal.Features.Contingency;
using DentistPortal.Features.LateTokens;
using DentistPortal.Infrastructure.Pdf;
using DentistPortal.Features.Tokens;
using DentistPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace DentistPortal.Tests.Features.Contingency;

/// <summary>Late tokens, printed guides, signed scans and contingency numbers (SPEC §5, manual Q6/Q9/Q12).</summary>
public class FallbackRules(TestDatabase database) : IClassFixture<TestDatabase>
{
    private readonly TokenScenario s = new(database);

    private static readonly byte[] Pdf = ScanFiles.Pdf();
    private static readonly byte[] Png = ScanFiles.Png();
    private static readonly byte[] Jpeg = ScanFiles.Jpeg();
    private static readonly byte[] Executable = [0x4D, 0x5A, 0x90, 0, 3, 0, 0, 0, 4, 0, 0, 0, 0xFF, 0xFF, 0, 0]; // "MZ" header

    private int ScanCount() => Directory.Exists(database.ScansFolder) ? Directory.GetFiles(database.ScansFolder).Length : 0;

    private async Task<string> NumberAsync(int id)
    {
        await using var db = await s.ContextAsync();
        return await db.Treatments.Where(t => t.Id == id).Select(t => t.Number).SingleAsync();
    }

    [Fact]
    public async Task TheLateListShowsSoonestExpiryFirstAndExpiredLast()
    {
        var staff = await s.StaffAsync();
        var early = await s.SubmittedTreatmentAsync(TokenScenario.RobertoCpf);
        await s.GenerateAsync(early, "100001");
        database.Clock.Advance(TimeSpan.FromHours(1));
        var late = await s.SubmittedTreatmentAsync(TokenScenario.RobertoCpf);
        await s.GenerateAsync(late, "100002");
        foreach (var id in new[] { late, early })
            Assert.True((await s.Handler<MarkAwaitingLateTokenHandler>().HandleAsync(new(id), await s.DentistAsync())).IsOk);

        var rows = (await s.Handler<ListLateTokensHandler>().HandleAsync(staff)).Value!;
        var mine = rows.Where(r => r.TreatmentId == early || r.TreatmentId == late).ToList();
        Assert.Equal([early, late], mine.Select(r => r.TreatmentId));
        Assert.All(mine, r => Assert.False(r.IsExpired));

        database.Clock.Advance(TimeSpan.FromHours(47.5)); // early expired, late has 30 min left
        rows = (await s.Handler<ListLateTokensHandler>().HandleAsync(staff)).Value!;
        var lateRow = rows.Single(r => r.TreatmentId == late);
        Assert.True(lateRow.IsUrgent(database.Clock.GetUtcNow()));
        Assert.True(rows.Single(r => r.TreatmentId == early).IsExpired);
        Assert.True(rows.ToList().FindIndex(r => r.TreatmentId == late) < rows.ToList().FindIndex(r => r.TreatmentId == early));
    }

    [Fact]
    public async Task ALateTokenValidatedByStaffLeavesTheListAndIsRecordedAsLate()
    {
        var staff = await s.StaffAsync();
        var id = await s.SubmittedTreatmentAsync(TokenScenario.RobertoCpf);
        await s.GenerateAsync(id, "200002");
        await s.Handler<MarkAwaitingLateTokenHandler>().HandleAsync(new(id), await s.DentistAsync());
        Assert.Contains((await s.Handler<ListLateTokensHandler>().HandleAsync(staff)).Value!, r => r.TreatmentId == id);
        Assert.True(await s.Handler<ListLateTokensHandler>().CountAsync(staff) >= 1);

        Assert.Equal(ValidationOutcome.Validated, (await s.ValidateAsync(id, "200002", staff, ValidationChannel.Late)).Outcome);
        Assert.DoesNotContain((await s.Handler<ListLateTokensHandler>().HandleAsync(staff)).Value!, r => r.TreatmentId == id);
    }

    [Fact]
    public async Task AnotherClinicSeesNoneOfTheLateTokens()
    {
        var id = await s.SubmittedTreatmentAsync(TokenScenario.RobertoCpf);
        await s.GenerateAsync(id, "300003");
        await s.Handler<MarkAwaitingLateTokenHandler>().HandleAsync(new(id), await s.DentistAsync());
        var other = await s.OtherClinicStaffAsync();
        Assert.DoesNotContain((await s.Handler<ListLateTokensHandler>().HandleAsync(other)).Value!, r => r.TreatmentId == id);
        Assert.Equal(ResultStatus.Forbidden, (await s.Handler<ListLateTokensHandler>().HandleAsync(await DemoActors.ForAsync(database.Services, "paciente@demo.local"))).Status);
    }

    [Fact]
    public async Task PrintingRecordsTheContingencyReasonWhoAndWhenAndTheGuideCarriesIt()
    {
        var id = await s.SubmittedTreatmentAsync(withDeniedAndReview: true);
        var number = await NumberAsync(id);
        var staff = await s.StaffAsync();
        var result = await s.Handler<RecordContingencyHandler>().HandleAsync(RecordContingencyCommand.For(number, ContingencyReasonChoices.CouldNotGenerate), staff);
        Assert.True(result.IsOk, string.Join(";", result.Errors));
        var guide = result.Value!.Guide!;
        Assert.Equal(number, guide.GuideNumber);
        Assert.Equal("987654", guide.AnsRegistration);
        Assert.Equal("Maria Aparecida da Silva", guide.BeneficiaryName);
        Assert.Equal("9876 5400 0001 0014", guide.CardNumber);
        Assert.Equal(("98765", "SP"), (guide.CroNumber, guide.CroUf));
        Assert.Equal("2071234", guide.Cnes);
        // Only the authorized consultation is a signable row; the denied crown and the root canal under review are listed apart.
        Assert.Equal(["81000030"], guide.Rows.Select(r => r.TussCode));
        Assert.All(guide.Rows, r => Assert.Equal(("22", "Sim"), (r.Table, r.Authorized)));
        Assert.Equal(["85400157", "85200158"], guide.NotSignableRows.Select(r => r.TussCode));
        Assert.StartsWith("Negado", guide.NotSignableRows[0].Status);
        Assert.Equal("Em análise pela auditoria", guide.NotSignableRows[1].Status);
        Assert.Equal("03 – Intermitência/instabilidade de sistemas e regularização do atendimento após saída do beneficiário do prestador de serviço (Dentista não conseguiu gerar o token)", guide.ContingencyReason);

        await using var db = await s.ContextAsync();
        var record = await db.ContingencyRecords.SingleAsync(c => c.TreatmentId == id);
        Assert.Equal((staff.UserId, "03", "Dentista não conseguiu gerar o token"), (record.ByUserId, record.ReasonCode, record.ReasonNote));
        Assert.Equal(database.Clock.GetUtcNow(), record.AtUtc);
    }

    [Fact]
    public async Task PrintingNeedsAReasonAndTheTreatmentsClinic()
    {
        var id = await s.SubmittedTreatmentAsync();
        var number = await NumberAsync(id);
        Assert.Equal(ResultStatus.Invalid, (await s.Handler<RecordContingencyHandler>().HandleAsync(new(number, "99"), await s.StaffAsync())).Status);
        Assert.Equal(ResultStatus.NotFound, (await s.Handler<RecordContingencyHandler>().HandleAsync(new(number, "07"), await s.OtherClinicStaffAsync())).Status);
    }

    public static TheoryData<string, byte[]> GoodScans => new() { { "guia.pdf", Pdf }, { "guia.png", Png }, { "foto.jpeg", Jpeg }, { "sem-extensao", Pdf } };

    [Theory]
    [MemberData(nameof(GoodScans))]
    public async Task AReadableScanPutsTheTreatmentUnderReviewAndDoesNotValidateIt(string name, byte[] content)
    {
        var id = await s.SubmittedTreatmentAsync();
        await s.GenerateAsync(id, "404040");
        var staff = await s.StaffAsync();
        await s.Handler<RecordContingencyHandler>().HandleAsync(new(await NumberAsync(id), Tuss74.NoMobilePhone), staff);
        var before = ScanCount();
        var result = await s.Handler<RegisterSignedGuideHandler>().HandleAsync(new(id, name, content), staff);
        Assert.True(result.IsOk, string.Join(";", result.Errors));
        Assert.Equal(before + 1, ScanCount());
        await using var db = await s.ContextAsync();
        var t = await db.Treatments.Include(x => x.SignedGuides).SingleAsync(x => x.Id == id);
        Assert.Equal(TreatmentStatus.SignedGuideUnderReview, t.Status);
        Assert.False(t.IsClosed);
        Assert.Null(t.ValidatedAtUtc);
        Assert.Null(t.MissingTokenReason); // recorded only when the auditor accepts the guide
        var guide = Assert.Single(t.SignedGuides);
        Assert.Equal((1, SignedGuideStatus.UnderReview, "07"), (guide.Submission, guide.Status, guide.ReasonCode));
        Assert.Equal(TokenStatus.PaperGuide, (await db.Tokens.SingleAsync(k => k.TreatmentId == id)).Status); // the paper path is under way, and the token says so
    }

    public static TheoryData<string, byte[], string> BadScans => new()
    {
        { "guia.pdf", Executable, RegisterSignedGuideHandler.FormatMessage },   // a renamed executable
        { "guia.png", "<html>oi</html>"u8.ToArray(), RegisterSignedGuideHandler.FormatMessage },
        { "guia.pdf", [], RegisterSignedGuideHandler.EmptyMessage },
        { "guia.pdf", ScanFiles.PdfHeaderOnly(), RegisterSignedGuideHandler.UnreadablePdfMessage },   // issue 9 §1: five bytes "%PDF-"
        { "guia.pdf", ScanFiles.Pdf()[..200], RegisterSignedGuideHandler.UnreadablePdfMessage },       // a real PDF cut short
        { "guia.png", ScanFiles.TruncatedPng(), RegisterSignedGuideHandler.UnreadableImageMessage },
        { "guia.png", ScanFiles.GarbagePng(), RegisterSignedGuideHandler.UnreadableImageMessage },
        { "foto.jpg", ScanFiles.Jpeg()[..600], RegisterSignedGuideHandler.UnreadableImageMessage },
        { "mini.png", ScanFiles.Png(120, 80), RegisterSignedGuideHandler.ImageTooSmallMessage },
    };

    [Theory]
    [MemberData(nameof(BadScans))]
    public async Task BadFilesAreRefusedClearlyAndNothingIsStored(string name, byte[] content, string message)
    {
        var id = await s.SubmittedTreatmentAsync();
        var staff = await s.StaffAsync();
        await s.Handler<RecordContingencyHandler>().HandleAsync(new(await NumberAsync(id), Tuss74.RefusedToInform), staff);
        var before = ScanCount();
        var result = await s.Handler<RegisterSignedGuideHandler>().HandleAsync(new(id, name, content), staff);
        Assert.Equal(ResultStatus.Invalid, result.Status);
        Assert.Equal(message, result.Errors.Single());
        Assert.Equal(before, ScanCount());
        await using var db = await s.ContextAsync();
        Assert.False(await db.SignedGuides.AnyAsync(g => g.TreatmentId == id));
        Assert.Equal(TreatmentStatus.Submitted, (await db.Treatments.SingleAsync(t => t.Id == id)).Status);
    }

    [Fact]
    public async Task AnOversizeScanIsRefusedAndNothingIsStored()
    {
        var id = await s.SubmittedTreatmentAsync();
        var staff = await s.StaffAsync();
        await s.Handler<RecordContingencyHandler>().HandleAsync(new(await NumberAsync(id), Tuss74.RefusedToInform), staff);
        var before = ScanCount();
        var result = await s.Handler<RegisterSignedGuideHandler>().HandleAsync(new(id, "guia.pdf", (byte[])[.. Pdf, .. new byte[ScanFormat.MaxBytes]]), staff);
        Assert.Equal(RegisterSignedGuideHandler.TooLargeMessage, result.Errors.Single());
        Assert.Equal(before, ScanCount());
    }

    [Fact]
    public async Task WithoutAPrintedGuideOrAContingencyNumberTheScanIsRefused()
    {
        var id = await s.SubmittedTreatmentAsync();
        var result = await s.Handler<RegisterSignedGuideHandler>().HandleAsync(new(id, "guia.pdf", Pdf), await s.StaffAsync());
        Assert.Equal(ResultStatus.Invalid, result.Status);
        Assert.Contains("Imprima a guia", result.Errors.Single());
    }

    [Fact]
    public async Task ACallCentreContingencyNumberRegularizesWithReason03OnlyOnceAndOnlyAtItsClinic()
    {
        var agent = await DemoActors.ForAsync(database.Services, "central@demo.local");
        var clinicA = await DemoActors.ClinicIdAsync(database.Services, DemoActors.SaoPauloCnpj);
        var issued = await s.Handler<IssueContingencyNumberHandler>().HandleAsync(new(clinicA, "Portal fora do ar às 10h"), agent);
        Assert.True(issued.IsOk);
        Assert.Matches("^CT\\d{12}$", issued.Value!.Number);

        var staff = await s.StaffAsync();
        var id = await s.SubmittedTreatmentAsync();
        var ok = await s.Handler<RegisterSignedGuideHandler>().HandleAsync(new(id, "guia.pdf", Pdf, issued.Value.Number.ToLowerInvariant()), staff);
        Assert.True(ok.IsOk, string.Join(";", ok.Errors));
        await using (var db = await s.ContextAsync())
        {
            var t = await db.Treatments.Include(x => x.SignedGuides).SingleAsync(x => x.Id == id);
            Assert.Equal((TreatmentStatus.SignedGuideUnderReview, "03"), (t.Status, t.SignedGuides.Single().ReasonCode));
            Assert.Equal(id, (await db.ContingencyNumbers.SingleAsync(n => n.Number == issued.Value.Number)).UsedByTreatmentId);
        }

        var again = await s.SubmittedTreatmentAsync();
        var reused = await s.Handler<RegisterSignedGuideHandler>().HandleAsync(new(again, "guia.pdf", Pdf, issued.Value.Number), staff);
        Assert.Contains("já foi usado", reused.Errors.Single());

        var otherClinicNumber = (await s.Handler<IssueContingencyNumberHandler>().HandleAsync(new(await DemoActors.ClinicIdAsync(database.Services, DemoActors.CampinasCnpj), null), agent)).Value!;
        var wrongClinic = await s.Handler<RegisterSignedGuideHandler>().HandleAsync(new(again, "guia.pdf", Pdf, otherClinicNumber.Number), staff);
        Assert.Contains("não encontrado para esta clínica", wrongClinic.Errors.Single());
    }

    [Fact]
    public async Task ADoubleClickOnEmitirIssuesOneContingencyNumber()
    {
        var agent = await DemoActors.ForAsync(database.Services, "central@demo.local");
        var clinic = await DemoActors.ClinicIdAsync(database.Services, DemoActors.SaoPauloCnpj);
        var command = new IssueContingencyNumberCommand(clinic, "Portal fora do ar (duplo clique)", Guid.NewGuid());
        await using var before = await s.ContextAsync();
        var count = await before.ContingencyNumbers.CountAsync();

        var results = await Task.WhenAll(
            s.Handler<IssueContingencyNumberHandler>().HandleAsync(command, agent),
            s.Handler<IssueContingencyNumberHandler>().HandleAsync(command, agent));

        Assert.All(results, r => Assert.True(r.IsOk, string.Join(";", r.Errors)));
        Assert.Equal(results[0].Value!.Number, results[1].Value!.Number);
        await using var after = await s.ContextAsync();
        Assert.Equal(count + 1, await after.ContingencyNumbers.CountAsync());
    }

    [Theory]
    [InlineData("recepcao@demo.local")]
    [InlineData("dentista@demo.local")]
    [InlineData("paciente@demo.local")]
    [InlineData("auditor@demo.local")]
    public async Task OnlyTheCallCentreIssuesContingencyNumbers(string email)
    {
        var actor = await DemoActors.ForAsync(database.Services, email, email.Contains("demo.local") && (email.StartsWith("recepcao") || email.StartsWith("dentista")) ? DemoActors.SaoPauloCnpj : null);
        var result = await s.Handler<IssueContingencyNumberHandler>().HandleAsync(new(await DemoActors.ClinicIdAsync(database.Services, DemoActors.SaoPauloCnpj), null), actor);
        Assert.Equal(ResultStatus.Forbidden, result.Status);
    }

    [Theory]
    [InlineData("recepcao@demo.local", DemoActors.SaoPauloCnpj, true)]
    [InlineData("dentista3@demo.local", DemoActors.SaoPauloCnpj, true)]
    [InlineData("central@demo.local", null, true)]
    [InlineData("auditor@demo.local", null, true)]
    [InlineData("admin@demo.local", null, true)]
    [InlineData("recepcao2@demo.local", DemoActors.CampinasCnpj, false)]
    [InlineData("paciente@demo.local", null, false)]
    public async Task ScansAreDownloadableOnlyByTheClinicAndTheOperatorRoles(string email, string? cnpj, bool allowed)
    {
        var id = await s.SubmittedTreatmentAsync();
        var staff = await s.StaffAsync();
        await s.Handler<RecordContingencyHandler>().HandleAsync(new(await NumberAsync(id), Tuss74.Emergency), staff);
        Assert.True((await s.Handler<RegisterSignedGuideHandler>().HandleAsync(new(id, "guia.png", Png), staff)).IsOk);

        var actor = await DemoActors.ForAsync(database.Services, email, cnpj);
        var file = await s.Handler<GetSignedGuideFileHandler>().HandleAsync(await NumberAsync(id), actor);
        Assert.Equal(allowed, file.IsOk);
        if (allowed)
        {
            await using var content = file.Value!.Content;
            using var ms = new MemoryStream();
            await content.CopyToAsync(ms);
            Assert.Equal(Png, ms.ToArray());
            Assert.Equal("image/png", file.Value.ContentType);
        }
    }

    [Fact]
    public void TheBlankGuideNeedsNoDatabase()
    {
        var handler = new GetBlankGuideHandler(new StaticOptions<DentistPortal.Domain.Support.OperatorOptions>(new() { Name = "Sorriso Pleno Odontologia", AnsRegistration = "987654" }));
        var blank = handler.Handle();
        Assert.True(blank.IsBlank);
        Assert.Equal("987654", blank.AnsRegistration);
        Assert.Empty(blank.Rows);
    }

    private sealed class StaticOptions<T>(T value) : Microsoft.Extensions.Options.IOptionsMonitor<T>
    {
        public T CurrentValue => value;
        public T Get(string? name) => value;
        public IDisposable? OnChange(Action<T, string?> listener) => null;
    }
}
