using CsCheck;
using DentistPortal.Domain.Access;
using DentistPortal.Domain.Contingency;
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
using DentistPortal.Features.DevInbox;
using DentistPortal.Features.LateTokens;
using DentistPortal.Features.Reports;
using DentistPortal.Features.Review;
using DentistPortal.Features.Support;
using DentistPortal.Features.Tokens;
using DentistPortal.Features.Treatments;
using DentistPortal.Infrastructure.Data;
using Microsoft.Extensions.DependencyInjection;
using DentistPortal.Tests.CallCenter;
using DentistPortal.Tests.Features;
using DentistPortal.Tests.Infrastructure;
using H = DentistPortal.Tests.Fuzz.Hostile;

namespace DentistPortal.Tests.Fuzz;

/// <summary>
/// Issue 10 ("No server error on any input"): every handler of <c>Features</c> gets <see cref="Hostile.Iterations"/>
/// generated commands, from the role it serves most of the time and from any other role or a forged actor otherwise.
/// Properties: no exception; a refusal (Invalid, NotFound, Forbidden) carries a non-empty pt-BR message; a refusal
/// writes nothing but the audit trail. A failure prints CsCheck's seed: replay it with <c>FUZZ_SEED=...</c>.
/// </summary>
public class HandlersNeverFail(FuzzDatabase db) : IClassFixture<FuzzDatabase>
{
    /// <summary>What a call answered: the status of its <see cref="Result{T}"/> and its messages (no status for plain results).</summary>
    public sealed record Outcome(ResultStatus? Status, IReadOnlyList<string> Errors)
    {
        public static Outcome Of<T>(Result<T> r) => new(r.Status, r.Errors);
        public static readonly Outcome Plain = new(null, []);
    }

    /// <param name="WritesOnRefusal">What a refusal of this handler writes by design ("Table OP"), besides the audit trail.</param>
    private sealed record Entry(string Role, Func<FuzzDatabase, Gen<object>> Input, Func<IServiceProvider, object, Actor, Task<Outcome>> Run)
    {
        public string[] WritesOnRefusal { get; init; } = [];
    }

    /// <summary>
    /// A keyed action remembers its Invalid answer too, so a repeated click gets the same answer (IdempotentAction,
    /// issue 9 §3): that record is not a change of domain data.
    /// </summary>
    private const string RememberedAnswer = "IdempotencyRecords INSERT";

    private static T Get<T>(IServiceProvider s) where T : notnull => s.GetRequiredService<T>();

    private static Entry R<TIn, TOut>(string role, Func<FuzzDatabase, Gen<TIn>> input, Func<IServiceProvider, TIn, Actor, Task<Result<TOut>>> run) =>
        new(role, d => input(d).Select(x => (object)x!), async (s, x, a) => Outcome.Of(await run(s, (TIn)x, a)));

    private static Entry ActorOnly<TOut>(string role, Func<IServiceProvider, Actor, Task<Result<TOut>>> run) =>
        new(role, _ => Gen.Const((object)"(sem entrada)"), async (s, _, a) => Outcome.Of(await run(s, a)));

    private static Entry Plain<TIn>(Func<FuzzDatabase, Gen<TIn>> input, Func<IServiceProvider, TIn, Actor, Task> run) =>
        new(Roles.Dentist, d => input(d).Select(x => (object)x!), async (s, x, a) => { await run(s, (TIn)x, a); return Outcome.Plain; });

    private static Gen<IReadOnlyList<int>> Ids(Gen<int> id) => id.List[0, 5].Select(l => (IReadOnlyList<int>)l);

    private static Gen<TreatmentItemInput> Item(FuzzDatabase d) => Gen.Select(
        H.TextOr(d.TussCodes), H.NullableIntOr(11, 16, 18, 36, 48, 51, 85), H.TextOr("Arcada superior", "1º sextante", "AS"), H.TextOr("O", "MOD", "VL"), H.IntOr(1, 2),
        (tuss, tooth, region, faces, qty) => new TreatmentItemInput(tuss, tooth, region, faces, qty));

    private static Gen<IReadOnlyList<TreatmentItemInput>> Items(FuzzDatabase d) => Item(d).List[0, 4].Select(l => (IReadOnlyList<TreatmentItemInput>)l);

    private static Gen<AuditLogFilter> Filter(FuzzDatabase d) => Gen.Select(
        H.TextOr("Ana", "admin@demo.local"), H.NullableIntOr(d.ClinicIds), H.TextOr(d.TreatmentNumbers), H.TextOr("AccessDenied", "token.validated"), H.NullableDate, H.NullableDate,
        (user, clinic, number, action, from, to) => new AuditLogFilter(user, clinic, number, action, from, to));

    private static Gen<ReportQuery> Report(FuzzDatabase d) => Gen.Select(H.Date, H.Date, H.NullableIntOr(d.ClinicIds), (f, t, c) => new ReportQuery(f, t, c));

    /// <summary>Every handler of Features, by class name without "Handler"; the coverage test below keeps it complete.</summary>
    private static readonly Dictionary<string, Entry> Sweep = new()
    {
        // Treatments and tokens
        ["GetTreatment"] = R(Roles.Dentist, d => Gen.Select(H.NullableIntOr(d.TreatmentIds), H.TextOr(d.TreatmentNumbers), (id, n) => new GetTreatmentQuery(id, n)),
            (s, q, a) => Get<GetTreatmentHandler>(s).HandleAsync(q, a)),
        ["GetTreatmentTimeline"] = R(Roles.Dentist, d => H.IntOr(d.TreatmentIds), (s, id, a) => Get<GetTreatmentTimelineHandler>(s).HandleAsync(id, a)),
        ["GenerateToken"] = R(Roles.Dentist, d => Gen.Select(H.IntOr(d.TreatmentIds), H.Key, H.NullableIntOr(1, 2), (id, k, seen) => new GenerateTokenCommand(id, k, seen)),
            (s, c, a) => Get<GenerateTokenHandler>(s).HandleAsync(c, a)),
        ["ValidateToken"] = R(Roles.Dentist, d => Gen.Select(H.IntOr(d.TreatmentIds), H.TextOr("111111", "222222", "12345"), H.Enum<ValidationChannel>(), H.Key,
            (id, code, via, k) => new ValidateTokenCommand(id, code, via, k)), (s, c, a) => Get<ValidateTokenHandler>(s).HandleAsync(c, a)),
        ["MarkAwaitingLateToken"] = R(Roles.ClinicStaff, d => Gen.Select(H.IntOr(d.TreatmentIds), H.TextOr("07", "02", "03", "04", "99"), (id, r) => new MarkAwaitingLateTokenCommand(id, r!)),
            (s, c, a) => Get<MarkAwaitingLateTokenHandler>(s).HandleAsync(c, a)),
        ["RevokeToken"] = R(Roles.CallCenterAgent, d => Gen.Select(H.IntOr(d.TokenIds), H.NullableText, H.Key, (id, n, k) => new RevokeTokenCommand(id, n, k)),
            (s, c, a) => Get<RevokeTokenHandler>(s).HandleAsync(c, a)),
        ["SubmitForAuthorization"] = R(Roles.Dentist, d => H.IntOr(d.TreatmentIds).Select(id => new SubmitForAuthorizationCommand(id)),
            (s, c, a) => Get<SubmitForAuthorizationHandler>(s).HandleAsync(c, a)),
        ["CreateTreatment"] = R(Roles.Dentist, d => Gen.Select(H.TextOr(d.MariaReference), Items(d), (r, i) => new CreateTreatmentCommand(r, i)),
            (s, c, a) => Get<CreateTreatmentHandler>(s).HandleAsync(c, a)),
        ["CreateAndSubmitTreatment"] = R(Roles.Dentist, d => Gen.Select(H.TextOr(d.MariaReference), Items(d), H.Key, Gen.Select(H.TextOr("98765"), H.TextOr("SP")).Select(t => new DentistReference(t.Item1, t.Item2)),
            (r, i, k, dentist) => new CreateAndSubmitTreatmentCommand(r, i, k, dentist)),
            (s, c, a) => Get<CreateAndSubmitTreatmentHandler>(s).HandleAsync(c, a)),
        ["ListClinicTreatments"] = R(Roles.ClinicStaff, _ => Gen.Select(H.Int, H.Int, Gen.Bool, (p, size, late) => new ListClinicTreatmentsQuery(p, size, late)),
            (s, q, a) => Get<ListClinicTreatmentsHandler>(s).HandleAsync(q, a)),
        ["ListLateTokens"] = ActorOnly(Roles.ClinicStaff, (s, a) => Get<ListLateTokensHandler>(s).HandleAsync(a)),
        ["GetClinicOverview"] = R(Roles.Dentist, d => H.IntOr(d.ClinicIds).Select(id => new ClinicOverviewQuery(id)), (s, q, a) => Get<GetClinicOverviewHandler>(s).HandleAsync(q, a)),
        ["GetBeneficiaryHeader"] = R(Roles.Dentist, d => H.TextOr(d.MariaReference), (s, r, a) => Get<GetBeneficiaryHeaderHandler>(s).HandleAsync(r, a)),
        ["LookupBeneficiary"] = R(Roles.Dentist, _ => H.TextOr(TokenScenario.MariaCpf, TokenScenario.PedroCard).Select(t => new LookupBeneficiaryQuery(t)),
            (s, q, a) => Get<LookupBeneficiaryHandler>(s).HandleAsync(q, a)),
        // Contingency and signed guides
        ["RecordContingency"] = R(Roles.ClinicStaff, d => Gen.Select(H.TextOr(d.TreatmentNumbers), H.TextOr("02", "03", "04", "07"), H.NullableText, Gen.Bool,
            (n, r, note, ok) => new RecordContingencyCommand(n!, r!, note, ok)), (s, c, a) => Get<RecordContingencyHandler>(s).HandleAsync(c, a)),
        ["GetGuide"] = R(Roles.ClinicStaff, d => H.TextOr(d.TreatmentNumbers), (s, n, a) => Get<GetGuideHandler>(s).HandleAsync(n!, a)),
        ["GetBlankGuide"] = Plain(_ => Gen.Const(0), (s, _, _) => { Assert.NotNull(Get<GetBlankGuideHandler>(s).Handle()); return Task.CompletedTask; }),
        ["RegisterSignedGuide"] = R(Roles.ClinicStaff, d => Gen.Select(H.IntOr(d.TreatmentIds), H.TextOr("guia.pdf", "scan.png", "a.jpg"), H.Bytes(AccessMatrixDatabase.OnePagePdf()), H.NullableText,
            (id, name, bytes, number) => new RegisterSignedGuideCommand(id, name!, bytes, number)), (s, c, a) => Get<RegisterSignedGuideHandler>(s).HandleAsync(c, a)),
        ["GetSignedGuideFile"] = new(Roles.Auditor, d => Gen.Select(H.TextOr(d.TreatmentNumbers), H.NullableIntOr(1, 2, 3)).Select(x => (object)x),
            async (s, x, a) =>
            {
                var (number, submission) = ((string?, int?))x;
                var r = await Get<GetSignedGuideFileHandler>(s).HandleAsync(number!, a, submission);
                await using (r.Value?.Content) return Outcome.Of(r);
            }),
        ["IssueContingencyNumber"] = R(Roles.CallCenterAgent, d => Gen.Select(H.IntOr(d.ClinicIds), H.NullableText, H.Key, (c, n, k) => new IssueContingencyNumberCommand(c, n, k)),
            (s, c, a) => Get<IssueContingencyNumberHandler>(s).HandleAsync(c, a)),
        // Auditor
        ["ListReviewQueue"] = ActorOnly(Roles.Auditor, (s, a) => Get<ListReviewQueueHandler>(s).HandleAsync(a)),
        ["ListSignedGuides"] = ActorOnly(Roles.Auditor, (s, a) => Get<ListSignedGuidesHandler>(s).HandleAsync(a)),
        ["DecideSignedGuide"] = R(Roles.Auditor, d => Gen.Select(H.IntOr(d.GuideIds),
                Gen.Select(H.IntOr(d.ItemIds), H.Date, (i, day) => new PerformedRow(i, day)).List[0, 4].Select(l => (IReadOnlyList<PerformedRow>)l),
                Gen.Frequency((1, Gen.Const<SignedGuideRejection?>(default(SignedGuideRejection?))), (2, H.Enum<SignedGuideRejection>().Select(r => (SignedGuideRejection?)r))), H.NullableText,
                (g, rows, rej, note) => new DecideSignedGuideCommand(g, rows, rej, note)),
            (s, c, a) => Get<DecideSignedGuideHandler>(s).HandleAsync(c, a)),
        ["DecideReviewItem"] = R(Roles.Auditor, d => Gen.Select(H.IntOr(d.ItemIds), Gen.Bool, H.NullableText, (i, ok, why) => new DecideReviewItemCommand(i, ok, why)),
            (s, c, a) => Get<DecideReviewItemHandler>(s).HandleAsync(c, a)),
        // Cases, audit trail, reports
        ["ListCases"] = R(Roles.Admin, d => Gen.Select(H.Enum<CaseFilter>(), H.NullableIntOr(d.ClinicIds), (f, c) => new ListCasesQuery(f, c)),
            (s, q, a) => Get<ListCasesHandler>(s).HandleAsync(q, a)),
        ["AssignCase"] = R(Roles.Admin, d => Gen.Select(H.IntOr(d.CaseIds), H.TextOr(d.UserIds), (c, u) => new AssignCaseCommand(c, u)),
            (s, c, a) => Get<AssignCaseHandler>(s).HandleAsync(c, a)),
        ["CloseCase"] = R(Roles.Admin, d => Gen.Select(H.IntOr(d.CaseIds), H.TextOr("Resolvido", "Falso alarme"), H.NullableText, (c, o, det) => new CloseCaseCommand(c, o, det)),
            (s, c, a) => Get<CloseCaseHandler>(s).HandleAsync(c, a)),
        ["SearchAuditLog"] = R(Roles.Admin, d => Gen.Select(Filter(d), H.Int, H.Int, (f, p, size) => new SearchAuditLogQuery(f, p, size)),
            (s, q, a) => Get<SearchAuditLogHandler>(s).HandleAsync(q, a)),
        ["ExportAuditLog"] = R(Roles.Admin, Filter, (s, f, a) => Get<ExportAuditLogHandler>(s).HandleAsync(f, a)),
        ["GetTokenReport"] = R(Roles.Admin, Report, (s, q, a) => Get<GetTokenReportHandler>(s).HandleAsync(q, a)),
        ["ExportReportCsv"] = R(Roles.Admin, d => Gen.Select(H.TextOr([.. ReportKeys.All]), Report(d), (k, q) => new ExportReportCsvQuery(k, q)),
            (s, q, a) => Get<ExportReportCsvHandler>(s).HandleAsync(q, a)),
        // TISS export (issue 11)
        ["PreviewTissExport"] = R(Roles.ClinicStaff, d => Gen.Select(H.IntOr(d.ClinicIds), H.Date, H.Date, (c, f, t) => new PreviewTissExportQuery(c, f, t)),
            (s, q, a) => Get<PreviewTissExportHandler>(s).HandleAsync(q, a)),
        ["ExportTissBatch"] = R(Roles.ClinicStaff, d => Gen.Select(H.IntOr(d.ClinicIds), H.Date, H.Date, Gen.Bool, H.Key, (c, f, t, all, k) => new ExportTissBatchCommand(c, f, t, all, k)),
            (s, c, a) => Get<ExportTissBatchHandler>(s).HandleAsync(c, a)),
        ["GetTreatmentTissXml"] = R(Roles.ClinicStaff, d => Gen.Select(H.IntOr(d.TreatmentIds), Gen.Bool, H.Key, (id, again, k) => new GetTreatmentTissXmlCommand(id, again, k)),
            (s, c, a) => Get<GetTreatmentTissXmlHandler>(s).HandleAsync(c, a)),
        ["GetTreatmentTissStatus"] = R(Roles.Dentist, d => H.IntOr(d.TreatmentIds).Select(id => new GetTreatmentTissStatusQuery(id)),
            (s, q, a) => Get<GetTreatmentTissStatusHandler>(s).HandleAsync(q, a)),
        ["ListTissExports"] = R(Roles.ClinicStaff, d => H.IntOr(d.ClinicIds).Select(c => new ListTissExportsQuery(c)),
            (s, q, a) => Get<ListTissExportsHandler>(s).HandleAsync(q, a)),
        ["GetTissExportFile"] = R(Roles.ClinicStaff, _ => H.IntOr(1, 2, 3).Select(id => new GetTissExportFileQuery(id)),
            (s, q, a) => Get<GetTissExportFileHandler>(s).HandleAsync(q, a)),
        // Call centre
        ["FindBeneficiary"] = R(Roles.CallCenterAgent, _ => H.TextOr(TokenScenario.MariaCpf, "Maria", "Silva").Select(t => new FindBeneficiaryQuery(t)),
            (s, q, a) => Get<FindBeneficiaryHandler>(s).HandleAsync(q, a)),
        ["ListActiveTokens"] = R(Roles.CallCenterAgent, d => Gen.Select(H.TextOr(d.CallId), H.IntOr(d.BeneficiaryIds), (c, b) => new ListActiveTokensQuery(c, b)),
            (s, q, a) => Get<ListActiveTokensHandler>(s).HandleAsync(q, a)),
        ["RecordIdentityCheck"] = R(Roles.CallCenterAgent, d => Gen.Select(H.TextOr(d.CallId, Guid.NewGuid().ToString()), H.IntOr(d.BeneficiaryIds), H.TextOr(CallScenario.MariaBirth), H.TextOr(CallScenario.MariaCpfStart),
            (c, b, birth, cpf) => new RecordIdentityCheckCommand(c, b, birth, cpf)), (s, c, a) => Get<RecordIdentityCheckHandler>(s).HandleAsync(c, a)),
        ["GetCallerIdentity"] = R(Roles.CallCenterAgent, d => Gen.Select(H.TextOr(d.CallId), H.IntOr(d.BeneficiaryIds), (c, b) => new GetCallerIdentityQuery(c, b)),
            (s, q, a) => Get<GetCallerIdentityHandler>(s).HandleAsync(q, a)),
        ["RevealTokenCode"] = R(Roles.CallCenterAgent, d => Gen.Select(H.TextOr(d.CallId), H.IntOr(d.BeneficiaryIds), H.IntOr(d.TokenIds), H.NullableText,
            (c, b, t, why) => new RevealTokenCodeCommand(c, b, t, why)), (s, c, a) => Get<RevealTokenCodeHandler>(s).HandleAsync(c, a)),
        ["ResendToken"] = R(Roles.CallCenterAgent, d => Gen.Select(H.TextOr(d.CallId), H.IntOr(d.BeneficiaryIds), H.IntOr(d.TokenIds), H.Enum<DeliveryChannel>(), H.NullableText, H.Key,
            (c, b, t, ch, why, k) => new ResendTokenCommand(c, b, t, ch, why, k)), (s, c, a) => Get<ResendTokenHandler>(s).HandleAsync(c, a)),
        ["ReportCodeByTreatmentNumber"] = R(Roles.CallCenterAgent, d => Gen.Select(H.TextOr(d.CallId), H.TextOr(d.TreatmentNumbers), H.TextOr("4321", "0000"), H.NullableText,
            (c, n, last4, notes) => new ReportCodeByTreatmentNumberCommand(c, n, last4, notes)), (s, c, a) => Get<ReportCodeByTreatmentNumberHandler>(s).HandleAsync(c, a)),
        ["ReportUnsolicitedCode"] = R(Roles.CallCenterAgent, d => Gen.Select(H.TextOr(d.CallId), H.IntOr(d.BeneficiaryIds), H.IntOr(d.TokenIds), H.NullableText, H.Key,
            (c, b, t, notes, k) => new ReportUnsolicitedCodeCommand(c, b, t, notes, k)), (s, c, a) => Get<ReportUnsolicitedCodeHandler>(s).HandleAsync(c, a)),
        // Portal do Cliente
        ["GetMyTokens"] = ActorOnly(Roles.Beneficiary, (s, a) => Get<GetMyTokensHandler>(s).HandleAsync(a)),
        ["GetMyContacts"] = ActorOnly(Roles.Beneficiary, (s, a) => Get<GetMyContactsHandler>(s).HandleAsync(a)),
        ["RequestContactChange"] = R(Roles.Beneficiary, d => Gen.Select(H.IntOr(d.BeneficiaryIds), H.Enum<DeliveryChannel>(), H.TextOr("(11) 91234-5678", "maria.nova@exemplo.com.br"), H.Key,
            (b, ch, v, k) => new RequestContactChangeCommand(b, ch, v, k)), (s, c, a) => Get<RequestContactChangeHandler>(s).HandleAsync(c, a)),
        ["ConfirmContactChange"] = R(Roles.Beneficiary, _ => Gen.Select(H.IntOr(1, 2), H.TextOr("123456"), (id, code) => new ConfirmContactChangeCommand(id, code)),
            (s, c, a) => Get<ConfirmContactChangeHandler>(s).HandleAsync(c, a)) with { WritesOnRefusal = ["ContactChangeRequests UPDATE"] }, // a wrong code counts (TR-7 style cap)
        // Back office
        ["ListAccounts"] = R(Roles.Admin, _ => Gen.Select(H.TextOr([.. Roles.All]), H.NullableText, (r, q) => new ListAccountsQuery(r, q)), (s, q, a) => Get<ListAccountsHandler>(s).HandleAsync(q, a)),
        ["ListClinics"] = ActorOnly(Roles.Admin, (s, a) => Get<ListClinicsHandler>(s).HandleAsync(a)),
        ["ListPlans"] = ActorOnly(Roles.Admin, (s, a) => Get<ListPlansHandler>(s).HandleAsync(a)),
        ["ListProcedures"] = R(Roles.Admin, _ => Gen.Select(H.NullableText, Gen.Bool, (q, all) => new ListProceduresQuery(q, all)), (s, q, a) => Get<ListProceduresHandler>(s).HandleAsync(q, a)),
        ["SetAccountDisabled"] = R(Roles.Admin, _ => Gen.Select(H.NullableText, Gen.Const(true), (u, dis) => new SetAccountDisabledCommand(u, dis)),
            (s, c, a) => Get<SetAccountDisabledHandler>(s).HandleAsync(c, a)),
        ["UnlockAccount"] = R(Roles.Admin, d => H.TextOr(d.UserIds).Select(u => new UnlockAccountCommand(u)), (s, c, a) => Get<UnlockAccountHandler>(s).HandleAsync(c, a)),
        ["ResetAccountPassword"] = R(Roles.Admin, _ => H.NullableText.Select(u => new ResetAccountPasswordCommand(u)), (s, c, a) => Get<ResetAccountPasswordHandler>(s).HandleAsync(c, a)),
        ["CreateStaffAccount"] = R(Roles.Admin, d => Gen.Select(H.TextOr("Fulana de Tal"), H.TextOr("nova@demo.local"), H.TextOr([.. Roles.All]), H.NullableIntOr(d.ClinicIds), H.TextOr("Demo@2026!"),
            (n, e, r, c, p) => new CreateStaffAccountCommand(n, e, r, c, p)), (s, c, a) => Get<CreateStaffAccountHandler>(s).HandleAsync(c, a)),
        ["CreateDentist"] = R(Roles.Admin, d => Gen.Select(H.TextOr("Dra. Fulana"), H.TextOr("nova.dentista@demo.local"), H.TextOr("52998224725"), H.TextOr("12345"), H.TextOr("SP", "MG"), Ids(H.IntOr(d.ClinicIds)), H.TextOr("Demo@2026!"),
            (n, e, cpf, cro, uf, clinics, p) => new CreateDentistCommand(n, e, cpf, cro, uf, clinics, p)), (s, c, a) => Get<CreateDentistHandler>(s).HandleAsync(c, a)),
        ["SaveClinic"] = R(Roles.Admin, d => Gen.Select(H.NullableIntOr(d.ClinicIds), H.TextOr("Clínica Nova"), H.TextOr("11222333000181"), H.TextOr("1234567"), H.TextOr("São Paulo"), H.TextOr("SP"), H.NullableText,
            H.NullableText, (id, n, cnpj, cnes, city, uf, addr, code) => new SaveClinicCommand(id, n, cnpj, cnes, city, uf, addr, code)), (s, c, a) => Get<SaveClinicHandler>(s).HandleAsync(c, a)),
        ["SetClinicActive"] = R(Roles.Admin, d => Gen.Select(H.IntOr(-1, 0, int.MaxValue), Gen.Bool, (id, on) => new SetClinicActiveCommand(id, on)),
            (s, c, a) => Get<SetClinicActiveHandler>(s).HandleAsync(c, a)),
        ["UpdateClinicMemberships"] = R(Roles.Admin, d => Gen.Select(H.NullableText, Ids(H.IntOr(d.ClinicIds)), (u, c) => new UpdateClinicMembershipsCommand(u, c)),
            (s, c, a) => Get<UpdateClinicMembershipsHandler>(s).HandleAsync(c, a)),
        ["UpdateCoverage"] = R(Roles.Admin, d => Gen.Select(H.IntOr(d.PlanIds), H.TextOr(d.TussCodes), Gen.Bool, H.Int, H.NullableIntOr(1, 2), H.NullableIntOr(6, 12),
            (p, t, cov, wait, max, months) => new UpdateCoverageCommand(p, t, cov, wait, max, months)), (s, c, a) => Get<UpdateCoverageHandler>(s).HandleAsync(c, a)),
        ["UpdateCoveragePrice"] = R(Roles.Admin, d => Gen.Select(H.IntOr(d.PlanIds), H.TextOr(d.TussCodes), H.TextOr("150,00", "1.234,56", "R$ 80,5", "0,00", "-10,00", "150,005", "999.999,99", "1.000.000,00", ""),
            (p, t, price) => new UpdateCoveragePriceCommand(p, t, price)), (s, c, a) => Get<UpdateCoveragePriceHandler>(s).HandleAsync(c, a)),
        ["SetDentistCbos"] = R(Roles.Admin, d => Gen.Select(H.TextOr(d.UserIds), H.TextOr("223208", "223212", "223293", "225125", "2232"),
            (u, cbos) => new SetDentistCbosCommand(u, cbos)), (s, c, a) => Get<SetDentistCbosHandler>(s).HandleAsync(c, a)),
        ["CreateProcedure"] = R(Roles.Admin, _ => Gen.Select(H.TextOr("81000999"), H.TextOr("Procedimento novo"), H.Enum<ProcedureSite>(), Gen.Bool, H.Int, Gen.Bool,
            (t, desc, site, faces, count, review) => new CreateProcedureCommand(t, desc, site, faces, count, review)), (s, c, a) => Get<CreateProcedureHandler>(s).HandleAsync(c, a)),
        ["UpdateProcedure"] = R(Roles.Admin, d => Gen.Select(H.TextOr(d.TussCodes), H.NullableText, Gen.Bool, Gen.Const(true), (t, desc, review, active) => new UpdateProcedureCommand(t, desc, review, active)),
            (s, c, a) => Get<UpdateProcedureHandler>(s).HandleAsync(c, a)),
        // Issue 11: API credentials of clinics.
        ["CreateApiCredential"] = R(Roles.Admin, d => Gen.Select(H.NullableIntOr(d.ClinicIds), H.TextOr("Sistema da clínica"), (c, l) => new CreateApiCredentialCommand(c, l)),
            (s, c, a) => Get<CreateApiCredentialHandler>(s).HandleAsync(c, a)),
        ["ListApiCredentials"] = R(Roles.Admin, d => H.NullableIntOr(d.ClinicIds).Select(c => new ListApiCredentialsQuery(c)), (s, q, a) => Get<ListApiCredentialsHandler>(s).HandleAsync(q, a)),
        ["RevokeApiCredential"] = R(Roles.Admin, _ => H.IntOr(1, 2, 3).Select(i => new RevokeApiCredentialCommand(i)), (s, c, a) => Get<RevokeApiCredentialHandler>(s).HandleAsync(c, a)),
        // Issue 11: clinic webhooks
        ["GetClinicWebhook"] = R(Roles.Admin, d => H.IntOr(d.ClinicIds).Select(id => new DentistPortal.Features.Webhooks.GetClinicWebhookQuery(id)),
            (s, q, a) => Get<DentistPortal.Features.Webhooks.GetClinicWebhookHandler>(s).HandleAsync(q, a)),
        ["SaveClinicWebhook"] = R(Roles.Admin, d => Gen.Select(H.IntOr(d.ClinicIds), H.TextOr("https://clinica.example/webhooks", "http://127.0.0.1:9/x", "https://u:p@x.example/", "ftp://x"),
            (id, url) => new DentistPortal.Features.Webhooks.SaveClinicWebhookCommand(id, url)), (s, c, a) => Get<DentistPortal.Features.Webhooks.SaveClinicWebhookHandler>(s).HandleAsync(c, a)),
        ["RotateWebhookSecret"] = R(Roles.Admin, d => H.IntOr(d.ClinicIds).Select(id => new DentistPortal.Features.Webhooks.RotateWebhookSecretCommand(id)),
            (s, c, a) => Get<DentistPortal.Features.Webhooks.RotateWebhookSecretHandler>(s).HandleAsync(c, a)),
        ["DeactivateClinicWebhook"] = R(Roles.Admin, d => H.IntOr(d.ClinicIds).Select(id => new DentistPortal.Features.Webhooks.DeactivateClinicWebhookCommand(id)),
            (s, c, a) => Get<DentistPortal.Features.Webhooks.DeactivateClinicWebhookHandler>(s).HandleAsync(c, a)),
        // Handlers without a Result: the session check, the clinic choice after login, public data, the development inbox.
        ["CheckSession"] = Plain(_ => Gen.Const(0), (s, _, a) => Get<CheckSessionHandler>(s).HandleAsync(a)),
        ["RecordClinicSelection"] = Plain(_ => Gen.Const(0), (s, _, a) => Get<RecordClinicSelectionHandler>(s).HandleAsync(a)),
        ["GetMyClinics"] = Plain(d => H.TextOr(d.UserIds), (s, u, _) => Get<GetMyClinicsHandler>(s).HandleAsync(u!)),
        ["GetPendingAccountStep"] = Plain(d => H.TextOr(d.UserIds), (s, u, _) => Get<DentistPortal.Features.Accounts.GetPendingAccountStepHandler>(s).HandleAsync(u!)),
        ["GetSupportChannels"] = Plain(_ => Gen.Const(0), (s, _, _) => { Assert.NotNull(Get<GetSupportChannelsHandler>(s).Handle()); return Task.CompletedTask; }),
        ["GetDevMessages"] = Plain(_ => H.Int, (s, take, _) => Get<GetDevMessagesHandler>(s).HandleAsync(take)),
    };

    public static TheoryData<string> Handlers() => [.. Sweep.Keys.Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(Handlers))]
    public async Task AnyCommandIsAnsweredWithoutAnErrorAndARefusalWritesNothing(string handler)
    {
        var entry = Sweep[handler];
        var actors = db.ByRole.Values.ToArray();
        var forged = Gen.Select(H.Text, H.Text, Gen.OneOf([.. Roles.All, "Root", ""]).Array[0, 3], H.NullableIntOr(db.ClinicIds),
            (id, name, roles, clinic) => new Actor(id, name, roles.ToHashSet(), clinic));
        var actor = Gen.Frequency((6, Gen.Const(db.ByRole[entry.Role])), (2, Gen.OneOf(actors)), (1, forged));

        await Gen.Select(entry.Input(db), actor).SampleAsync(async (input, who) =>
        {
            var mark = await db.JournalMarkAsync();
            Outcome outcome;
            using (var scope = db.Scope()) outcome = await entry.Run(scope.ServiceProvider, input, who);
            if (outcome.Status is null or ResultStatus.Ok) return;

            Assert.NotEmpty(outcome.Errors);
            foreach (var error in outcome.Errors) PtBr.AssertMessage(error);
            var written = (await db.WrittenSinceAsync(mark))
                .Where(w => !(outcome.Status == ResultStatus.Invalid && w == RememberedAnswer) && !entry.WritesOnRefusal.Contains(w)).ToList();
            Assert.True(written.Count == 0, $"{handler} refused ({outcome.Status}: {string.Join(" ", outcome.Errors)}) but wrote {string.Join(", ", written)}");
        }, seed: H.Seed, iter: H.Iterations, threads: 1, print: t => $"{Show.Value(t.Item1)} as {Show.Actor(t.Item2)}");
    }

    [Fact]
    public void TheSweepCoversEveryHandler()
    {
        // A new handler in Features must get its generator here.
        var handlers = typeof(AppDbContext).Assembly.GetTypes()
            .Where(t => t.Name.EndsWith("Handler", StringComparison.Ordinal) && t.Namespace?.StartsWith("DentistPortal.Features", StringComparison.Ordinal) == true && !t.IsAbstract)
            .Select(t => t.Name[..^"Handler".Length]);
        Assert.Empty(handlers.Except(Sweep.Keys));
    }
}
