using DentistPortal.Domain.Tiss;
using DentistPortal.Domain.Audit;
using DentistPortal.Domain.Contingency;
using DentistPortal.Domain.Messaging;
using DentistPortal.Domain.Treatments;
using DentistPortal.Features.Common;
using DentistPortal.Features.Contingency;
using DentistPortal.Features.Review;
using DentistPortal.Features.Treatments;
using DentistPortal.Infrastructure.Messaging;
using DentistPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DentistPortal.Tests.Features.Contingency;

/// <summary>
/// Issue 9 §1: a signed guide counts only after the auditor checked it row by row; it can be returned and sent again
/// (capped); only the auditor decides, once; printing with a delivered token asks first; repeated clicks count once.
/// </summary>
public class SignedGuideReview(TestDatabase database) : IClassFixture<TestDatabase>
{
    private readonly TokenScenario s = new(database);

    private Task<Actor> AuditorAsync() => DemoActors.ForAsync(database.Services, "auditor@demo.local");

    /// <summary>Maria, two authorized consultations (routine and urgency) and a denied crown, printed with reason 07.</summary>
    private async Task<(int Id, string Number, int[] Authorized)> PrintedTreatmentAsync()
    {
        var dentist = await s.DentistAsync();
        var created = await s.Handler<CreateTreatmentHandler>().HandleAsync(new(await s.ReferenceAsync(TokenScenario.MariaCpf, dentist),
            [new("81000030", null, null, null), new("81000049", null, null, null), new("85400157", 16, null, null)]), dentist);
        Assert.True(created.IsOk, string.Join(";", created.Errors));
        Assert.True((await s.Handler<SubmitForAuthorizationHandler>().HandleAsync(new(created.Value!.Id), dentist)).IsOk);
        var printed = await s.Handler<RecordContingencyHandler>().HandleAsync(new(created.Value.Number, Tuss74.NoMobilePhone), await s.StaffAsync());
        Assert.True(printed.IsOk && printed.Value!.Guide is not null, string.Join(";", printed.Errors));
        await using var db = await s.ContextAsync();
        var authorized = await db.TreatmentItems.Where(i => i.TreatmentId == created.Value.Id && i.Authorization == ItemAuthorization.Authorized)
            .OrderBy(i => i.Id).Select(i => i.Id).ToArrayAsync();
        Assert.Equal(2, authorized.Length);
        return (created.Value.Id, created.Value.Number, authorized);
    }

    private async Task<RegisteredSignedGuide> UploadAsync(int treatmentId, byte[]? scan = null)
    {
        var result = await s.Handler<RegisterSignedGuideHandler>().HandleAsync(new(treatmentId, "guia.pdf", scan ?? ScanFiles.Pdf()), await s.StaffAsync());
        Assert.True(result.IsOk, string.Join(";", result.Errors));
        return result.Value!;
    }

    private DateOnly Today => DentistPortal.Domain.Common.BrazilTime.Today(database.Clock.GetUtcNow());

    private async Task<Treatment> LoadAsync(int id)
    {
        await using var db = await s.ContextAsync();
        return await db.Treatments.Include(t => t.Items).Include(t => t.SignedGuides).ThenInclude(g => g.Confirmations).SingleAsync(t => t.Id == id);
    }

    private async Task<int> AuditLinesAsync(int treatmentId, string action)
    {
        await using var db = await s.ContextAsync();
        return await db.AuditEntries.CountAsync(a => a.Action == action && a.SubjectId == treatmentId.ToString());
    }

    [Fact]
    public async Task ConfirmingOneOfTwoAuthorizedRowsValidatesTheTreatmentWithOnlyThatRowPerformed()
    {
        var (id, number, authorized) = await PrintedTreatmentAsync();
        var guide = await UploadAsync(id);
        database.Clock.Advance(TimeSpan.FromHours(2));

        var decision = await s.Handler<DecideSignedGuideHandler>().HandleAsync(new(guide.GuideId, [new PerformedRow(authorized[0], Today)]), await AuditorAsync());

        Assert.True(decision.IsOk, string.Join(";", decision.Errors));
        Assert.Equal((SignedGuideStatus.Accepted, 1, false), (decision.Value!.Outcome, decision.Value.ConfirmedRows, decision.Value.Repeated));
        var t = await LoadAsync(id);
        Assert.Equal(TreatmentStatus.ValidatedBySignedGuide, t.Status);
        Assert.Equal("07", t.MissingTokenReason);
        Assert.Equal(database.Clock.GetUtcNow(), t.ValidatedAtUtc);
        var performed = t.PerformedBySignedGuide();
        Assert.Equal([(authorized[0], Today)], performed.Select(p => (p.Item.Id, p.PerformedOn)));

        var view = (await s.Handler<GetTreatmentHandler>().HandleAsync(new(Number: number), await s.StaffAsync())).Value!;
        Assert.Equal(["81000030"], view.SignedGuide!.Latest!.Performed.Select(p => p.TussCode));
    }

    [Fact]
    public async Task TheAuditorCannotConfirmDeniedRowsFutureDatesDatesBeforeSubmissionOrNothing()
    {
        var (id, _, authorized) = await PrintedTreatmentAsync();
        var guide = await UploadAsync(id);
        var auditor = await AuditorAsync();
        int denied;
        await using (var db = await s.ContextAsync())
            denied = await db.TreatmentItems.Where(i => i.TreatmentId == id && i.Authorization == ItemAuthorization.Denied).Select(i => i.Id).SingleAsync();
        var decide = s.Handler<DecideSignedGuideHandler>();

        var cases = new (PerformedRow[] Rows, string Says)[]
        {
            ([new(denied, Today)], "Somente procedimentos autorizados"),
            ([new(authorized[0], Today.AddDays(1))], "está no futuro"),
            ([new(authorized[0], Today.AddDays(-1))], "anterior ao envio do tratamento"),
            ([], "Marque ao menos um procedimento"),
        };
        foreach (var (rows, says) in cases)
        {
            var result = await decide.HandleAsync(new(guide.GuideId, rows), auditor);
            Assert.Equal(ResultStatus.Invalid, result.Status);
            Assert.Contains(says, result.Errors.Single());
        }

        var t = await LoadAsync(id);
        Assert.Equal(TreatmentStatus.SignedGuideUnderReview, t.Status);
        Assert.Empty(t.SignedGuides.Single().Confirmations);
        Assert.Equal(0, await AuditLinesAsync(id, DecideSignedGuideHandler.Action));
    }

    [Fact]
    public async Task ARejectedGuideGoesBackWithItsReasonToThePageAndTheListAndCanBeSentAgainUpToTheCap()
    {
        var (id, number, authorized) = await PrintedTreatmentAsync();
        var auditor = await AuditorAsync();
        var staff = await s.StaffAsync();
        var decide = s.Handler<DecideSignedGuideHandler>();

        var first = await UploadAsync(id);
        var otherWithoutNote = await decide.HandleAsync(new(first.GuideId, [], SignedGuideRejection.Other, "  "), auditor);
        Assert.Contains("Descreva o motivo", otherWithoutNote.Errors.Single());
        var rejected = await decide.HandleAsync(new(first.GuideId, [], SignedGuideRejection.MissingSignature, "Linha da consulta sem assinatura."), auditor);
        Assert.True(rejected.IsOk, string.Join(";", rejected.Errors));

        // The clinic sees why, on the treatment and in its list.
        var view = (await s.Handler<GetTreatmentHandler>().HandleAsync(new(Number: number), staff)).Value!;
        Assert.Equal(TreatmentStatus.SignedGuideRejected, view.Status);
        Assert.Equal("Sem assinatura do beneficiário: Linha da consulta sem assinatura.", view.SignedGuide!.Latest!.RejectionText);
        Assert.Null(view.SignedGuide.WhyNoUpload);
        var rows = (await s.Handler<ListClinicTreatmentsHandler>().HandleAsync(new(PageSize: 100), staff)).Value!.Rows;
        Assert.Equal("Sem assinatura do beneficiário: Linha da consulta sem assinatura.", rows.Single(r => r.Id == id).SignedGuideReturned);

        // Sent again (submission 2), returned again; the third is the last one allowed by default.
        var second = await UploadAsync(id, ScanFiles.Png());
        Assert.Equal(2, second.Submission);
        Assert.True((await decide.HandleAsync(new(second.GuideId, [], SignedGuideRejection.Illegible), auditor)).IsOk);
        var third = await UploadAsync(id, ScanFiles.Jpeg());
        Assert.True((await decide.HandleAsync(new(third.GuideId, [], SignedGuideRejection.DifferentBeneficiary), auditor)).IsOk);

        var fourth = await s.Handler<RegisterSignedGuideHandler>().HandleAsync(new(id, "guia.pdf", ScanFiles.Pdf(2)), staff);
        Assert.Equal(ResultStatus.Invalid, fourth.Status);
        Assert.Contains("Fale com a Central", fourth.Errors.Single());
        view = (await s.Handler<GetTreatmentHandler>().HandleAsync(new(Number: number), staff)).Value!;
        Assert.Contains("Fale com a Central", view.SignedGuide!.WhyNoUpload);
        var t = await LoadAsync(id);
        Assert.Equal(3, t.SignedGuides.Count);
        Assert.Equal(TreatmentStatus.SignedGuideRejected, t.Status);
        Assert.Empty(t.PerformedBySignedGuide());
        Assert.Equal(3, Directory.GetFiles(database.ScansFolder).Count(f => t.SignedGuides.Any(g => f.EndsWith(g.StoredFileName, StringComparison.Ordinal))));
    }

    [Theory]
    [InlineData("recepcao@demo.local", DemoActors.SaoPauloCnpj)]
    [InlineData("dentista@demo.local", DemoActors.SaoPauloCnpj)]
    [InlineData("admin@demo.local", null)]
    [InlineData("central@demo.local", null)]
    [InlineData("paciente@demo.local", null)]
    public async Task OnlyTheAuditorDecidesAndARefusalChangesNothingButIsAudited(string email, string? cnpj)
    {
        var (id, _, authorized) = await PrintedTreatmentAsync();
        var guide = await UploadAsync(id);
        var actor = await DemoActors.ForAsync(database.Services, email, cnpj);
        int refusalsBefore;
        await using (var db = await s.ContextAsync())
            refusalsBefore = await db.AuditEntries.CountAsync(a => a.Action == AuditActions.AccessDenied && a.ActorUserId == actor.UserId);

        var result = await s.Handler<DecideSignedGuideHandler>().HandleAsync(new(guide.GuideId, [new PerformedRow(authorized[0], Today)]), actor);

        Assert.Equal(ResultStatus.Forbidden, result.Status);
        Assert.Equal(TreatmentStatus.SignedGuideUnderReview, (await LoadAsync(id)).Status);
        await using (var db = await s.ContextAsync())
            Assert.Equal(refusalsBefore + 1, await db.AuditEntries.CountAsync(a => a.Action == AuditActions.AccessDenied && a.ActorUserId == actor.UserId));
        var read = await s.Handler<ListSignedGuidesHandler>().HandleAsync(actor);
        Assert.Equal(email.StartsWith("admin", StringComparison.Ordinal), read.IsOk);
        if (read.IsOk) Assert.False(read.Value!.CanDecide);
    }

    [Fact]
    public async Task ASecondDecisionOnADecidedGuideAnswersTheFirstAndRecordsNothing()
    {
        var (id, _, authorized) = await PrintedTreatmentAsync();
        var guide = await UploadAsync(id);
        var auditor = await AuditorAsync();
        var decide = s.Handler<DecideSignedGuideHandler>();

        var first = await decide.HandleAsync(new(guide.GuideId, [new PerformedRow(authorized[1], Today)]), auditor);
        var again = await decide.HandleAsync(new(guide.GuideId, [new PerformedRow(authorized[1], Today)]), auditor);
        var contrary = await decide.HandleAsync(new(guide.GuideId, [], SignedGuideRejection.Illegible), auditor);

        Assert.True(first.IsOk && again.IsOk && contrary.IsOk);
        Assert.False(first.Value!.Repeated);
        Assert.All([again.Value!, contrary.Value!], d => Assert.Equal((SignedGuideStatus.Accepted, 1, true), (d.Outcome, d.ConfirmedRows, d.Repeated)));
        Assert.Equal(1, await AuditLinesAsync(id, DecideSignedGuideHandler.Action));
        Assert.Equal(TreatmentStatus.ValidatedBySignedGuide, (await LoadAsync(id)).Status);
    }

    [Fact]
    public async Task TwoDecisionsAtTheSameTimeCountOnce()
    {
        var (id, _, authorized) = await PrintedTreatmentAsync();
        var guide = await UploadAsync(id);
        var auditor = await AuditorAsync();

        var results = await Task.WhenAll(
            s.Handler<DecideSignedGuideHandler>().HandleAsync(new(guide.GuideId, [new PerformedRow(authorized[0], Today)]), auditor),
            s.Handler<DecideSignedGuideHandler>().HandleAsync(new(guide.GuideId, [], SignedGuideRejection.Illegible), auditor));

        Assert.All(results, r => Assert.True(r.IsOk, string.Join(";", r.Errors)));
        Assert.Single(results, r => !r.Value!.Repeated);
        Assert.Equal(1, await AuditLinesAsync(id, DecideSignedGuideHandler.Action));
        Assert.Single(results.Select(r => r.Value!.Outcome).Distinct());
    }

    [Fact]
    public async Task TheSameScanRegisteredTwiceIsStoredOnceEvenWhenBothArriveTogether()
    {
        var (id, _, _) = await PrintedTreatmentAsync();
        var scan = ScanFiles.Png();
        var staff = await s.StaffAsync();
        var before = Directory.Exists(database.ScansFolder) ? Directory.GetFiles(database.ScansFolder).Length : 0;

        var together = await Task.WhenAll(
            s.Handler<RegisterSignedGuideHandler>().HandleAsync(new(id, "guia.png", scan), staff),
            s.Handler<RegisterSignedGuideHandler>().HandleAsync(new(id, "guia.png", scan), staff));
        var later = await s.Handler<RegisterSignedGuideHandler>().HandleAsync(new(id, "guia.png", scan), staff);

        Assert.All([.. together, later], r => Assert.True(r.IsOk, string.Join(";", r.Errors)));
        Assert.Single(together, r => !r.Value!.Repeated);
        Assert.True(later.Value!.Repeated);
        Assert.Single((await LoadAsync(id)).SignedGuides);
        Assert.Equal(before + 1, Directory.GetFiles(database.ScansFolder).Length);
        Assert.Equal(1, await AuditLinesAsync(id, RegisterSignedGuideHandler.Action));

        // A different file while the first waits for the auditor is refused, not queued behind it.
        var other = await s.Handler<RegisterSignedGuideHandler>().HandleAsync(new(id, "outra.pdf", ScanFiles.Pdf()), staff);
        Assert.Contains("em conferência", other.Errors.Single());
    }

    [Fact]
    public async Task PrintingTwiceWithTheSameReasonRecordsOnce()
    {
        var (id, number, _) = await PrintedTreatmentAsync(); // printed once with 07
        var staff = await s.StaffAsync();
        var again = await s.Handler<RecordContingencyHandler>().HandleAsync(new(number, Tuss74.NoMobilePhone), staff);
        Assert.True(again.IsOk && again.Value!.Guide is not null);
        await using var db = await s.ContextAsync();
        Assert.Single(await db.ContingencyRecords.Where(c => c.TreatmentId == id).ToListAsync());
        Assert.Equal(1, await AuditLinesAsync(id, RecordContingencyHandler.Action));
    }

    [Fact]
    public async Task PrintingWhileTheActiveTokenReachedThePatientAsksFirstAndRecordsNothingUntilConfirmed()
    {
        var id = await s.SubmittedTreatmentAsync();
        var token = await s.GenerateAsync(id, "515151");
        await using (var db = await s.ContextAsync())
        {
            Assert.True(await db.Deliveries.Where(d => d.TokenId == token.TokenId).ExecuteUpdateAsync(x => x.SetProperty(d => d.Status, DeliveryStatus.Sent)) > 0);
        }
        string number;
        await using (var db = await s.ContextAsync()) number = await db.Treatments.Where(t => t.Id == id).Select(t => t.Number).SingleAsync();
        var staff = await s.StaffAsync();
        var record = s.Handler<RecordContingencyHandler>();

        var asked = await record.HandleAsync(new(number, Tuss74.RefusedToInform), staff);
        Assert.True(asked.IsOk);
        Assert.True(asked.Value!.NeedsConfirmation);
        Assert.Null(asked.Value.Guide);
        Assert.Contains("já recebeu um token ativo", asked.Value.ConfirmationNeeded);
        await using (var db = await s.ContextAsync())
            Assert.False(await db.ContingencyRecords.AnyAsync(c => c.TreatmentId == id));

        var confirmed = await record.HandleAsync(new(number, Tuss74.RefusedToInform, ConfirmedDespiteDeliveredToken: true), staff);
        Assert.True(confirmed.IsOk);
        Assert.NotNull(confirmed.Value!.Guide);
        await using (var db = await s.ContextAsync())
        {
            var c = await db.ContingencyRecords.SingleAsync(x => x.TreatmentId == id);
            Assert.Equal((Tuss74.RefusedToInform, staff.UserId, database.Clock.GetUtcNow()), (c.ReasonCode, c.ByUserId, c.AtUtc));
        }
    }

    [Fact]
    public async Task ATokenNotYetDeliveredDoesNotAsk()
    {
        var id = await s.SubmittedTreatmentAsync(TokenScenario.AntoniaCpf); // no contact: nothing can be delivered
        await s.GenerateAsync(id, "616161");
        await using var db = await s.ContextAsync();
        var number = await db.Treatments.Where(t => t.Id == id).Select(t => t.Number).SingleAsync();
        var printed = await s.Handler<RecordContingencyHandler>().HandleAsync(new(number, Tuss74.NoMobilePhone), await s.StaffAsync());
        Assert.False(printed.Value!.NeedsConfirmation);
        Assert.NotNull(printed.Value.Guide);
    }

    [Fact]
    public async Task WithNoAuthorizedProcedureThereIsNothingToPrintOrSign()
    {
        var dentist = await s.DentistAsync();
        var created = await s.Handler<CreateTreatmentHandler>().HandleAsync(new(await s.ReferenceAsync(TokenScenario.MariaCpf, dentist), [new("85400157", 16, null, null)]), dentist);
        Assert.True((await s.Handler<SubmitForAuthorizationHandler>().HandleAsync(new(created.Value!.Id), dentist)).IsOk);
        var staff = await s.StaffAsync();

        var printed = await s.Handler<RecordContingencyHandler>().HandleAsync(new(created.Value.Number, Tuss74.NoMobilePhone), staff);
        Assert.Contains("Nenhum procedimento deste tratamento está autorizado", printed.Errors.Single());
        var uploaded = await s.Handler<RegisterSignedGuideHandler>().HandleAsync(new(created.Value.Id, "guia.pdf", ScanFiles.Pdf()), staff);
        Assert.Contains("Nenhum procedimento deste tratamento está autorizado", uploaded.Errors.Single());
    }

    [Fact]
    public async Task TheClinicsOpenPageIsToldWhenTheAuditorDecides()
    {
        var (id, _, authorized) = await PrintedTreatmentAsync();
        var guide = await UploadAsync(id);
        var told = new TaskCompletionSource<TreatmentChanged>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var subscription = database.Services.GetRequiredService<ITreatmentEvents>().Subscribe(id, c => { told.TrySetResult(c); return Task.CompletedTask; });

        await s.Handler<DecideSignedGuideHandler>().HandleAsync(new(guide.GuideId, [new PerformedRow(authorized[0], Today)]), await AuditorAsync());

        Assert.Equal(id, (await told.Task.WaitAsync(TimeSpan.FromSeconds(10))).TreatmentId);
    }

    [Fact]
    public async Task TheQueueShowsTheGuideBesideItsAuthorizedRowsAndLeavesOnceDecided()
    {
        var (id, number, authorized) = await PrintedTreatmentAsync();
        var guide = await UploadAsync(id, ScanFiles.Jpeg());
        var auditor = await AuditorAsync();

        var item = (await s.Handler<ListSignedGuidesHandler>().HandleAsync(auditor)).Value!.Items.Single(i => i.TreatmentId == id);
        Assert.True(item.IsImage);
        Assert.Equal($"tratamentos/{number}/guia-assinada?envio=1&ver=1", item.PreviewUrl);
        Assert.Equal(authorized, item.Rows.Select(r => r.ItemId));
        Assert.Equal(["85400157"], item.OtherItems.Select(o => o.TussCode));
        Assert.Equal("Maria Aparecida da Silva", item.BeneficiaryName);

        await s.Handler<DecideSignedGuideHandler>().HandleAsync(new(guide.GuideId, [], SignedGuideRejection.MissingDate), auditor);
        Assert.DoesNotContain((await s.Handler<ListSignedGuidesHandler>().HandleAsync(auditor)).Value!.Items, i => i.TreatmentId == id);
    }
}

/// <summary>Issue 9 §1 through the real handlers and renderer: the PDF of a guide with a denied item signs only the authorized rows.</summary>
public class PrintedGuideSignsOnlyAuthorizedRows(TestDatabase database) : IClassFixture<TestDatabase>
{
    [Fact]
    public async Task ThePdfOfAGuideWithADeniedCrownListsItAsNotSignableAndHasNoGeneralSignatureBlock()
    {
        var s = new TokenScenario(database);
        var id = await s.SubmittedTreatmentAsync(withDeniedAndReview: true);
        string number;
        await using (var db = await s.ContextAsync()) number = await db.Treatments.Where(t => t.Id == id).Select(t => t.Number).SingleAsync();
        var printed = await s.Handler<RecordContingencyHandler>().HandleAsync(new(number, Tuss74.NoMobilePhone), await s.StaffAsync());
        var pdf = s.Handler<DentistPortal.Infrastructure.Pdf.IGuidePdfRenderer>().Render(printed.Value!.Guide!);

        var text = DentistPortal.Tests.Pdf.GuidePdf.PageTexts(pdf)[0];

        Assert.Contains("22 81000030 Consulta odontológica — — 1 Sim", text);
        Assert.DoesNotContain("22 85400157", text);
        Assert.DoesNotContain("22 85200158", text);
        Assert.Matches("não assináveis nesta guia \\(não autorizados\\) 85400157 Coroa total metalo cerâmica – dente 16 – Negado", text);
        Assert.Contains("85200158 Tratamento endodôntico multirradicular – dente 36 – Em análise pela auditoria", text);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(text, "Assinatura do beneficiário"));
    }
}
