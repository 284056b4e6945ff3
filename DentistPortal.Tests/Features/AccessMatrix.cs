using DentistPortal.Domain.Access;
using DentistPortal.Domain.Messaging;
using DentistPortal.Domain.Procedures;
using DentistPortal.Domain.Tokens;
using DentistPortal.Features.Admin;
using DentistPortal.Features.AuditLog;
using DentistPortal.Features.Beneficiaries;
using DentistPortal.Features.Billing;
using DentistPortal.Features.CallCenter;
using DentistPortal.Features.Cases;
using DentistPortal.Features.ClientPortal;
using DentistPortal.Features.Clinics;
using DentistPortal.Features.Common;
using DentistPortal.Features.Contingency;
using DentistPortal.Features.LateTokens;
using DentistPortal.Features.Reports;
using DentistPortal.Features.Review;
using DentistPortal.Features.Tokens;
using DentistPortal.Features.Treatments;
using DentistPortal.Infrastructure.Data;
using DentistPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DentistPortal.Tests.Features;

/// <summary>
/// The subjects every handler of the matrix is asked about, built once through the real handlers: an open treatment of
/// Maria at the São Paulo clinic (active token, an item under review), a closed one (validated token), and one
/// regularized by a signed guide.
/// </summary>
public class AccessMatrixDatabase : TestDatabase, IAsyncLifetime
{
    public int OpenTreatmentId { get; private set; }
    public string OpenNumber { get; private set; } = "";
    public int ClosedTreatmentId { get; private set; }
    public string ClosedNumber { get; private set; } = "";
    public int ClosedTokenId { get; private set; }
    public int DecidedItemId { get; private set; }
    public string GuidedNumber { get; private set; } = "";
    public int MariaId { get; private set; }
    public int SaoPauloId { get; private set; }

    /// <summary>A real one-page PDF, as a scanner would produce.</summary>
    public static byte[] OnePagePdf()
    {
        using var doc = new PdfSharp.Pdf.PdfDocument();
        doc.AddPage();
        using var stream = new MemoryStream();
        doc.Save(stream);
        return stream.ToArray();
    }

    Task IAsyncLifetime.InitializeAsync() => BuildSubjectsAsync();

    /// <summary>Creates the database and the subjects (a derived fixture adds its own after this).</summary>
    protected async Task BuildSubjectsAsync()
    {
        await InitializeAsync();
        var scenario = new TokenScenario(this);
        MariaId = await scenario.BeneficiaryIdAsync(TokenScenario.MariaCpf);
        SaoPauloId = await DemoActors.ClinicIdAsync(Services, DemoActors.SaoPauloCnpj);

        OpenTreatmentId = await scenario.SubmittedTreatmentAsync(withDeniedAndReview: true);
        await scenario.GenerateAsync(OpenTreatmentId, "111111");

        ClosedTreatmentId = await scenario.SubmittedTreatmentAsync();
        var token = await scenario.GenerateAsync(ClosedTreatmentId, "222222");
        Assert.True((await scenario.ValidateAsync(ClosedTreatmentId, "222222")).Succeeded);
        ClosedTokenId = token.TokenId;

        var guidedId = await scenario.SubmittedTreatmentAsync();
        await using (var read = await scenario.ContextAsync())
        {
            var guidedNumber = await read.Treatments.Where(t => t.Id == guidedId).Select(t => t.Number).SingleAsync();
            var printed = await scenario.Handler<RecordContingencyHandler>().HandleAsync(new(guidedNumber, "04"), await scenario.StaffAsync());
            Assert.True(printed.IsOk, string.Join("; ", printed.Errors));
        }
        var registered = await scenario.Handler<RegisterSignedGuideHandler>().HandleAsync(
            new(guidedId, "guia.pdf", OnePagePdf()), await scenario.StaffAsync());
        Assert.True(registered.IsOk, string.Join("; ", registered.Errors));

        await using var db = await scenario.ContextAsync();
        OpenNumber = await db.Treatments.Where(t => t.Id == OpenTreatmentId).Select(t => t.Number).SingleAsync();
        ClosedNumber = await db.Treatments.Where(t => t.Id == ClosedTreatmentId).Select(t => t.Number).SingleAsync();
        GuidedNumber = await db.Treatments.Where(t => t.Id == guidedId).Select(t => t.Number).SingleAsync();
        DecidedItemId = await db.TreatmentItems.Where(i => i.TreatmentId == ClosedTreatmentId).Select(i => i.Id).FirstAsync();
    }
}

/// <summary>
/// Issue 9 §5: every handler × every role × {enabled, disabled}, through the real handlers on a real SQLite file.
/// The matrix below is the declared rule; the cookie carries the role in every case, so only the database can refuse
/// a disabled account. Allowed calls are made with inputs that stop harmlessly after the check (a closed treatment,
/// an empty form, an unknown call), so no case changes what the next one sees.
/// </summary>
public class EveryHandlerAsksTheDatabase(AccessMatrixDatabase database) : IClassFixture<AccessMatrixDatabase>
{
    private static readonly string[] Clinic = [Roles.Dentist, Roles.ClinicStaff];
    private static readonly string[] Everyone = [.. Roles.All];
    private static readonly string[] Operator = [Roles.CallCenterAgent, Roles.Auditor, Roles.Admin];
    private static readonly string[] Central = [Roles.CallCenterAgent, Roles.Admin];
    private static readonly string[] AdminOnly = [Roles.Admin];

    /// <param name="Refusal">How the handler says no: Forbidden, or NotFound where a refusal must look like "no such thing".</param>
    /// <summary>Authorization is decided before the lookup grant is read: a refused actor never learns whether a reference exists.</summary>
    private const string NoGrant = "sem-referencia-de-busca";

    private sealed record Row(string[] Allowed, ResultStatus Refusal, Func<Call, Task<ResultStatus>> Invoke);

    private sealed record Call(IServiceProvider Services, AccessMatrixDatabase Db, Actor Actor)
    {
        public T Get<T>() where T : notnull => Services.GetRequiredService<T>();
    }

    private const string BadCall = "x";

    private static readonly Dictionary<string, Row> Matrix = new()
    {
        // Treatment and token
        ["GetTreatment"] = new([.. Everyone], ResultStatus.NotFound, async c => (await c.Get<GetTreatmentHandler>().HandleAsync(new(c.Db.OpenTreatmentId), c.Actor)).Status),
        ["GetTreatmentTimeline"] = new([.. Everyone], ResultStatus.NotFound, async c => (await c.Get<GetTreatmentTimelineHandler>().HandleAsync(c.Db.OpenTreatmentId, c.Actor)).Status),
        ["GenerateToken"] = new(Clinic, ResultStatus.Forbidden, async c => (await c.Get<GenerateTokenHandler>().HandleAsync(new(c.Db.ClosedTreatmentId), c.Actor)).Status),
        ["ValidateToken at the chair"] = new(Clinic, ResultStatus.Forbidden, async c => (await c.Get<ValidateTokenHandler>().HandleAsync(new(c.Db.ClosedTreatmentId, "123456"), c.Actor)).Status),
        ["ValidateToken with the Central"] = new([Roles.CallCenterAgent], ResultStatus.Forbidden, async c => (await c.Get<ValidateTokenHandler>().HandleAsync(new(c.Db.ClosedTreatmentId, "123456", ValidationChannel.CallCenterAssisted), c.Actor)).Status),
        ["MarkAwaitingLateToken"] = new(Clinic, ResultStatus.Forbidden, async c => (await c.Get<MarkAwaitingLateTokenHandler>().HandleAsync(new(c.Db.ClosedTreatmentId), c.Actor)).Status),
        ["RevokeToken"] = new([Roles.Beneficiary, Roles.CallCenterAgent, Roles.Admin], ResultStatus.NotFound, async c => (await c.Get<RevokeTokenHandler>().HandleAsync(new(c.Db.ClosedTokenId), c.Actor)).Status),
        ["SubmitForAuthorization"] = new([Roles.Dentist], ResultStatus.Forbidden, async c => (await c.Get<SubmitForAuthorizationHandler>().HandleAsync(new(c.Db.ClosedTreatmentId), c.Actor)).Status),
        ["CreateTreatment"] = new([Roles.Dentist], ResultStatus.Forbidden, async c => (await c.Get<CreateTreatmentHandler>().HandleAsync(new(NoGrant, []), c.Actor)).Status),
        ["CreateAndSubmitTreatment"] = new([Roles.Dentist], ResultStatus.Forbidden, async c => (await c.Get<CreateAndSubmitTreatmentHandler>().HandleAsync(new(NoGrant, [], Guid.NewGuid()), c.Actor)).Status),
        ["ListClinicTreatments"] = new(Clinic, ResultStatus.Forbidden, async c => (await c.Get<ListClinicTreatmentsHandler>().HandleAsync(new(), c.Actor)).Status),
        ["ListLateTokens"] = new(Clinic, ResultStatus.Forbidden, async c => (await c.Get<ListLateTokensHandler>().HandleAsync(c.Actor)).Status),
        ["GetClinicOverview"] = new(Clinic, ResultStatus.Forbidden, async c => (await c.Get<GetClinicOverviewHandler>().HandleAsync(new(c.Db.SaoPauloId), c.Actor)).Status),
        ["GetBeneficiaryHeader"] = new(Clinic, ResultStatus.Forbidden, async c => (await c.Get<GetBeneficiaryHeaderHandler>().HandleAsync(NoGrant, c.Actor)).Status),
        ["LookupBeneficiary"] = new(Clinic, ResultStatus.Forbidden, async c => (await c.Get<LookupBeneficiaryHandler>().HandleAsync(new(TokenScenario.MariaCpf), c.Actor)).Status),
        // Contingency and signed guides
        ["RecordContingency"] = new(Clinic, ResultStatus.NotFound, async c => (await c.Get<RecordContingencyHandler>().HandleAsync(new(c.Db.ClosedNumber, "04"), c.Actor)).Status),
        ["GetGuide"] = new([.. Clinic, .. Operator], ResultStatus.NotFound, async c => (await c.Get<GetGuideHandler>().HandleAsync(c.Db.OpenNumber, c.Actor)).Status),
        ["RegisterSignedGuide"] = new(Clinic, ResultStatus.NotFound, async c => (await c.Get<RegisterSignedGuideHandler>().HandleAsync(new(c.Db.ClosedTreatmentId, "guia.pdf", AccessMatrixDatabase.OnePagePdf()), c.Actor)).Status),
        ["GetSignedGuideFile"] = new([.. Clinic, .. Operator], ResultStatus.NotFound, async c =>
        {
            var result = await c.Get<GetSignedGuideFileHandler>().HandleAsync(c.Db.GuidedNumber, c.Actor);
            await using (result.Value?.Content) return result.Status;
        }),
        ["IssueContingencyNumber"] = new(Central, ResultStatus.Forbidden, async c => (await c.Get<IssueContingencyNumberHandler>().HandleAsync(new(c.Db.SaoPauloId, new string('x', 301)), c.Actor)).Status),
        // Auditor
        ["ListReviewQueue"] = new([Roles.Auditor, Roles.Admin], ResultStatus.Forbidden, async c => (await c.Get<ListReviewQueueHandler>().HandleAsync(c.Actor)).Status),
        ["ListSignedGuides"] = new([Roles.Auditor, Roles.Admin], ResultStatus.Forbidden, async c => (await c.Get<ListSignedGuidesHandler>().HandleAsync(c.Actor)).Status),
        ["DecideSignedGuide"] = new([Roles.Auditor], ResultStatus.Forbidden, async c => (await c.Get<DecideSignedGuideHandler>().HandleAsync(new(int.MaxValue, []), c.Actor)).Status),
        ["DecideReviewItem"] = new([Roles.Auditor], ResultStatus.Forbidden, async c => (await c.Get<DecideReviewItemHandler>().HandleAsync(new(c.Db.DecidedItemId, true, null), c.Actor)).Status),
        // Cases, audit trail, reports
        ["ListCases"] = new(AdminOnly, ResultStatus.Forbidden, async c => (await c.Get<ListCasesHandler>().HandleAsync(new(), c.Actor)).Status),
        ["AssignCase"] = new(AdminOnly, ResultStatus.Forbidden, async c => (await c.Get<AssignCaseHandler>().HandleAsync(new(999_999), c.Actor)).Status),
        ["CloseCase"] = new(AdminOnly, ResultStatus.Forbidden, async c => (await c.Get<CloseCaseHandler>().HandleAsync(new(999_999, null, null), c.Actor)).Status),
        ["SearchAuditLog"] = new(AdminOnly, ResultStatus.Forbidden, async c => (await c.Get<SearchAuditLogHandler>().HandleAsync(new(AuditLogFilter.None), c.Actor)).Status),
        ["ExportAuditLog"] = new(AdminOnly, ResultStatus.Forbidden, async c => (await c.Get<ExportAuditLogHandler>().HandleAsync(new AuditLogFilter(null, null, "não é um número", null, null, null), c.Actor)).Status),
        ["GetTokenReport"] = new(AdminOnly, ResultStatus.Forbidden, async c => (await c.Get<GetTokenReportHandler>().HandleAsync(new(new DateOnly(2026, 11, 30), new DateOnly(2026, 11, 1)), c.Actor)).Status),
        ["ExportReportCsv"] = new(AdminOnly, ResultStatus.Forbidden, async c => (await c.Get<ExportReportCsvHandler>().HandleAsync(new(ReportKeys.All[0], new(new DateOnly(2026, 11, 30), new DateOnly(2026, 11, 1))), c.Actor)).Status),
        // TISS export (issue 11): the clinic bills; inputs that stop after the check (an open treatment, an empty period).
        ["PreviewTissExport"] = new(Clinic, ResultStatus.Forbidden, async c => (await c.Get<PreviewTissExportHandler>().HandleAsync(new(c.Db.SaoPauloId, new DateOnly(2020, 1, 1), new DateOnly(2020, 1, 2)), c.Actor)).Status),
        ["ExportTissBatch"] = new(Clinic, ResultStatus.Forbidden, async c => (await c.Get<ExportTissBatchHandler>().HandleAsync(new(c.Db.SaoPauloId, new DateOnly(2020, 1, 1), new DateOnly(2020, 1, 2), false), c.Actor)).Status),
        ["GetTreatmentTissXml"] = new(Clinic, ResultStatus.Forbidden, async c => (await c.Get<GetTreatmentTissXmlHandler>().HandleAsync(new(c.Db.OpenTreatmentId, false), c.Actor)).Status),
        ["GetTreatmentTissStatus"] = new(Clinic, ResultStatus.Forbidden, async c =>
            (await c.Get<GetTreatmentTissStatusHandler>().HandleAsync(new(c.Db.ClosedTreatmentId), c.Actor)).Value!.Offered ? ResultStatus.Ok : ResultStatus.Forbidden),
        ["ListTissExports"] = new(Clinic, ResultStatus.Forbidden, async c => (await c.Get<ListTissExportsHandler>().HandleAsync(new(c.Db.SaoPauloId), c.Actor)).Status),
        ["GetTissExportFile"] = new(Clinic, ResultStatus.NotFound, async c => (await c.Get<GetTissExportFileHandler>().HandleAsync(new(await StoredExportAsync(c)), c.Actor)).Status),
        // Call centre
        ["FindBeneficiary"] = new(Central, ResultStatus.Forbidden, async c => (await c.Get<FindBeneficiaryHandler>().HandleAsync(new(""), c.Actor)).Status),
        ["ListActiveTokens"] = new(Central, ResultStatus.Forbidden, async c => (await c.Get<ListActiveTokensHandler>().HandleAsync(new(BadCall, c.Db.MariaId), c.Actor)).Status),
        ["RecordIdentityCheck"] = new(Central, ResultStatus.Forbidden, async c => (await c.Get<RecordIdentityCheckHandler>().HandleAsync(new(BadCall, c.Db.MariaId, null, null), c.Actor)).Status),
        ["GetCallerIdentity"] = new(Central, ResultStatus.Forbidden, async c => (await c.Get<GetCallerIdentityHandler>().HandleAsync(new(BadCall, c.Db.MariaId), c.Actor)).Status),
        ["RevealTokenCode"] = new(Central, ResultStatus.Forbidden, async c => (await c.Get<RevealTokenCodeHandler>().HandleAsync(new(BadCall, c.Db.MariaId, c.Db.ClosedTokenId, null), c.Actor)).Status),
        ["ResendToken"] = new(Central, ResultStatus.Forbidden, async c => (await c.Get<ResendTokenHandler>().HandleAsync(new(BadCall, c.Db.MariaId, c.Db.ClosedTokenId, DeliveryChannel.Sms, null), c.Actor)).Status),
        ["ReportCodeByTreatmentNumber"] = new(Central, ResultStatus.Forbidden, async c => (await c.Get<ReportCodeByTreatmentNumberHandler>().HandleAsync(new(BadCall, c.Db.ClosedNumber, "0000", null), c.Actor)).Status),
        ["ReportUnsolicitedCode"] = new(Central, ResultStatus.Forbidden, async c => (await c.Get<ReportUnsolicitedCodeHandler>().HandleAsync(new(BadCall, c.Db.MariaId, c.Db.ClosedTokenId, new string('x', 501)), c.Actor)).Status),
        // Portal do Cliente
        ["GetMyTokens"] = new([Roles.Beneficiary], ResultStatus.Forbidden, async c => (await c.Get<GetMyTokensHandler>().HandleAsync(c.Actor)).Status),
        ["GetMyContacts"] = new([Roles.Beneficiary], ResultStatus.Forbidden, async c => (await c.Get<GetMyContactsHandler>().HandleAsync(c.Actor)).Status),
        ["RequestContactChange"] = new([Roles.Beneficiary], ResultStatus.Forbidden, async c => (await c.Get<RequestContactChangeHandler>().HandleAsync(new(c.Db.MariaId, (DeliveryChannel)99, null), c.Actor)).Status),
        ["ConfirmContactChange"] = new([Roles.Beneficiary], ResultStatus.Forbidden, async c => (await c.Get<ConfirmContactChangeHandler>().HandleAsync(new(999_999, "123456"), c.Actor)).Status),
        // Back office
        ["ListAccounts"] = new(AdminOnly, ResultStatus.Forbidden, async c => (await c.Get<ListAccountsHandler>().HandleAsync(new(), c.Actor)).Status),
        ["ListClinics"] = new(AdminOnly, ResultStatus.Forbidden, async c => (await c.Get<ListClinicsHandler>().HandleAsync(c.Actor)).Status),
        ["ListPlans"] = new(AdminOnly, ResultStatus.Forbidden, async c => (await c.Get<ListPlansHandler>().HandleAsync(c.Actor)).Status),
        ["ListProcedures"] = new(AdminOnly, ResultStatus.Forbidden, async c => (await c.Get<ListProceduresHandler>().HandleAsync(new(), c.Actor)).Status),
        ["SetAccountDisabled"] = new(AdminOnly, ResultStatus.Forbidden, async c => (await c.Get<SetAccountDisabledHandler>().HandleAsync(new(null, true), c.Actor)).Status),
        ["UnlockAccount"] = new(AdminOnly, ResultStatus.Forbidden, async c => (await c.Get<UnlockAccountHandler>().HandleAsync(new(null), c.Actor)).Status),
        // Issue 11: clinic webhooks (admin only)
        ["GetClinicWebhook"] = new(AdminOnly, ResultStatus.Forbidden, async c => (await c.Get<DentistPortal.Features.Webhooks.GetClinicWebhookHandler>().HandleAsync(new(999_999), c.Actor)).Status),
        ["SaveClinicWebhook"] = new(AdminOnly, ResultStatus.Forbidden, async c => (await c.Get<DentistPortal.Features.Webhooks.SaveClinicWebhookHandler>().HandleAsync(new(999_999, "ftp://x"), c.Actor)).Status),
        ["RotateWebhookSecret"] = new(AdminOnly, ResultStatus.Forbidden, async c => (await c.Get<DentistPortal.Features.Webhooks.RotateWebhookSecretHandler>().HandleAsync(new(999_999), c.Actor)).Status),
        ["DeactivateClinicWebhook"] = new(AdminOnly, ResultStatus.Forbidden, async c => (await c.Get<DentistPortal.Features.Webhooks.DeactivateClinicWebhookHandler>().HandleAsync(new(999_999), c.Actor)).Status),
        ["ResetAccountPassword"] = new(AdminOnly, ResultStatus.Forbidden, async c => (await c.Get<ResetAccountPasswordHandler>().HandleAsync(new(null), c.Actor)).Status),
        ["CreateStaffAccount"] = new(AdminOnly, ResultStatus.Forbidden, async c => (await c.Get<CreateStaffAccountHandler>().HandleAsync(new(null, null, null, null), c.Actor)).Status),
        ["CreateDentist"] = new(AdminOnly, ResultStatus.Forbidden, async c => (await c.Get<CreateDentistHandler>().HandleAsync(new(null, null, null, null, null, []), c.Actor)).Status),
        ["SaveClinic"] = new(AdminOnly, ResultStatus.Forbidden, async c => (await c.Get<SaveClinicHandler>().HandleAsync(new(null, null, null, null, null, null, null), c.Actor)).Status),
        ["SetClinicActive"] = new(AdminOnly, ResultStatus.Forbidden, async c => (await c.Get<SetClinicActiveHandler>().HandleAsync(new(c.Db.SaoPauloId, true), c.Actor)).Status),
        ["UpdateClinicMemberships"] = new(AdminOnly, ResultStatus.Forbidden, async c => (await c.Get<UpdateClinicMembershipsHandler>().HandleAsync(new(null, []), c.Actor)).Status),
        ["UpdateCoverage"] = new(AdminOnly, ResultStatus.Forbidden, async c => (await c.Get<UpdateCoverageHandler>().HandleAsync(new(0, null, true, -1, null, null), c.Actor)).Status),
        ["UpdateCoveragePrice"] = new(AdminOnly, ResultStatus.Forbidden, async c => (await c.Get<UpdateCoveragePriceHandler>().HandleAsync(new(0, null, "-1"), c.Actor)).Status),
        ["SetDentistCbos"] = new(AdminOnly, ResultStatus.Forbidden, async c => (await c.Get<SetDentistCbosHandler>().HandleAsync(new(null, null), c.Actor)).Status),
        ["CreateProcedure"] = new(AdminOnly, ResultStatus.Forbidden, async c => (await c.Get<CreateProcedureHandler>().HandleAsync(new(null, null, ProcedureSite.Mouth, false, 0, false), c.Actor)).Status),
        ["UpdateProcedure"] = new(AdminOnly, ResultStatus.Forbidden, async c => (await c.Get<UpdateProcedureHandler>().HandleAsync(new(null, null, false, true), c.Actor)).Status),
        // Issue 11: API credentials of clinics
        ["CreateApiCredential"] = new(AdminOnly, ResultStatus.Forbidden, async c => (await c.Get<CreateApiCredentialHandler>().HandleAsync(new(null, null), c.Actor)).Status),
        ["ListApiCredentials"] = new(AdminOnly, ResultStatus.Forbidden, async c => (await c.Get<ListApiCredentialsHandler>().HandleAsync(new(), c.Actor)).Status),
        ["RevokeApiCredential"] = new(AdminOnly, ResultStatus.Forbidden, async c => (await c.Get<RevokeApiCredentialHandler>().HandleAsync(new(999_999), c.Actor)).Status),
    };

    public static TheoryData<string, string, bool> Cases()
    {
        var data = new TheoryData<string, string, bool>();
        foreach (var handler in Matrix.Keys)
            foreach (var role in Roles.All)
                foreach (var enabled in new[] { true, false })
                    data.Add(handler, role, enabled);
        return data;
    }

    /// <summary>The demo account of each role, as its cookie would say (clinic roles at the São Paulo clinic).</summary>
    private static readonly Dictionary<string, (string Email, string? Cnpj)> Accounts = new()
    {
        [Roles.Dentist] = ("dentista@demo.local", DemoActors.SaoPauloCnpj),
        [Roles.ClinicStaff] = ("recepcao@demo.local", DemoActors.SaoPauloCnpj),
        [Roles.CallCenterAgent] = ("central@demo.local", null),
        [Roles.Auditor] = ("auditor@demo.local", null),
        [Roles.Admin] = ("admin@demo.local", null),
        [Roles.Beneficiary] = ("paciente@demo.local", null),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task AllowsOnlyTheDeclaredRolesOfEnabledAccounts(string handler, string role, bool enabled)
    {
        var row = Matrix[handler];
        var (email, cnpj) = Accounts[role];
        var actor = await DemoActors.ForAsync(database.Services, email, cnpj);
        Assert.Contains(role, actor.Roles);

        await SetDisabledAsync(actor.UserId, !enabled);
        ResultStatus status;
        try
        {
            using var scope = database.Scope();
            status = await row.Invoke(new Call(scope.ServiceProvider, database, actor));
        }
        finally
        {
            await SetDisabledAsync(actor.UserId, false);
        }

        var expectAllowed = enabled && row.Allowed.Contains(role);
        if (expectAllowed) Assert.NotEqual(row.Refusal, status);
        else Assert.Equal(row.Refusal, status);
    }

    [Fact]
    public void TheMatrixCoversEveryHandlerThatTakesAnActor()
    {
        // A new handler must be added to the matrix (or be one of the few without an actor: login, public pages).
        var withActor = typeof(AppDbContext).Assembly.GetTypes()
            .Where(t => t.Name.EndsWith("Handler", StringComparison.Ordinal) && t.Namespace?.StartsWith("DentistPortal.Features", StringComparison.Ordinal) == true)
            .Where(t => t.GetMethods().Any(m => m.Name == "HandleAsync" && m.GetParameters().Any(p => p.ParameterType == typeof(Actor))))
            .Select(t => t.Name[..^"Handler".Length])
            .Where(n => n is not "RecordClinicSelection" and not "CheckSession")
            .ToHashSet();
        var covered = Matrix.Keys.Select(k => k.Split(' ')[0]).ToHashSet();
        Assert.Empty(withActor.Except(covered));
    }

    /// <summary>A stored TISS export of the São Paulo clinic (made once, directly: the demo plans have no prices here).</summary>
    private static async Task<int> StoredExportAsync(Call c)
    {
        await using var db = await c.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        const long sequence = 900_000_000_001;
        if (await db.TissExports.Where(e => e.FirstSequence == sequence).Select(e => (int?)e.Id).FirstOrDefaultAsync() is { } id) return id;
        var export = DentistPortal.Domain.Tiss.TissExport.Record(c.Db.SaoPauloId, DentistPortal.Domain.Tiss.TissExportKind.SingleTreatment, null, null,
            c.Actor.UserId, c.Actor.Name, DateTimeOffset.UnixEpoch, false, "x.xml", "application/xml", [1], sequence, sequence, [(c.Db.ClosedTreatmentId, sequence)]);
        db.TissExports.Add(export);
        await db.SaveChangesAsync();
        return export.Id;
    }

    private async Task SetDisabledAsync(string userId, bool disabled)
    {
        await using var db = await database.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        await db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(s => s.SetProperty(u => u.IsDisabled, disabled));
    }
}
