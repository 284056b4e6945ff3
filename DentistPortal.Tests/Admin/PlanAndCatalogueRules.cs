using DentistPortal.Domain.Procedures;
using DentistPortal.Domain.Treatments;
using DentistPortal.Features.Admin;
using DentistPortal.Features.Common;
using DentistPortal.Features.Treatments;
using DentistPortal.Infrastructure.Data;
using DentistPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DentistPortal.Tests.Admin;

/// <summary>Coverage edits change the next AR-1 decision; catalogue edits reach the chair-side cache at once.</summary>
public class PlanAndCatalogueRules(TestDatabase database) : IClassFixture<TestDatabase>
{
    private const string Consultation = "81000030";
    private readonly AdminTestKit kit = new(database);
    private readonly TokenScenario scenario = new(database);

    private async Task<int> PlanIdAsync(string name)
    {
        await using var db = await kit.ContextAsync();
        return await db.Plans.Where(p => p.Name == name).Select(p => p.Id).SingleAsync();
    }

    /// <summary>A dentist at São Paulo creates and submits a treatment with this procedure for the beneficiary; returns the decisions.</summary>
    private async Task<IReadOnlyList<ItemDecision>> SubmitAsync(string cpf, string code)
    {
        TreatmentItemInput[] items = [new(code, null, null, null)];
        var dentist = await scenario.DentistAsync();
        var created = await scenario.Handler<CreateTreatmentHandler>().HandleAsync(new(await scenario.ReferenceAsync(cpf, dentist), items), dentist);
        Assert.True(created.IsOk, string.Join("; ", created.Errors));
        var submitted = await scenario.Handler<SubmitForAuthorizationHandler>().HandleAsync(new(created.Value!.Id), dentist);
        Assert.True(submitted.IsOk, string.Join("; ", submitted.Errors));
        return submitted.Value!;
    }

    private async Task<Result<CoverageRow>> CoverAsync(UpdateCoverageCommand command) =>
        await kit.Handler<UpdateCoverageHandler>().HandleAsync(command, await kit.AdminAsync());

    [Fact]
    public async Task UncoveringTheConsultationDeniesTheNextTreatmentItemAndCoveringItAgainAuthorizesIt()
    {
        var essential = await PlanIdAsync("Sorriso Pleno Essencial");
        Assert.Equal(ItemAuthorization.Authorized, (await SubmitAsync(TokenScenario.AntoniaCpf, Consultation)).Single().Authorization);

        var off = await CoverAsync(new(essential, Consultation, false, 0, null, null));
        Assert.True(off.IsOk, string.Join("; ", off.Errors));
        Assert.Equal("não coberto", off.Value!.Describe());

        var denied = (await SubmitAsync(TokenScenario.AntoniaCpf, Consultation)).Single();
        Assert.Equal(ItemAuthorization.Denied, denied.Authorization);
        Assert.Equal("Procedimento não coberto pelo plano Sorriso Pleno Essencial.", denied.Reason);
        var plans = (await kit.Handler<ListPlansHandler>().HandleAsync(await kit.AdminAsync())).Value!;
        Assert.False(plans.Single(p => p.Id == essential).Coverages.Single(c => c.TussCode == Consultation).Covered);
        Assert.True(plans.Single(p => p.Name == "Sorriso Pleno Completo").Coverages.Single(c => c.TussCode == Consultation).Covered);

        var on = await CoverAsync(new(essential, Consultation, true, 0, null, null));
        Assert.True(on.IsOk);
        Assert.Equal(ItemAuthorization.Authorized, (await SubmitAsync(TokenScenario.AntoniaCpf, Consultation)).Single().Authorization);

        var audits = await kit.AuditAsync("admin.plan.coverage-updated");
        Assert.Contains(audits, a => a.Detail == $"Sorriso Pleno Essencial; {Consultation}: não coberto");
        Assert.Contains(audits, a => a.Detail == $"Sorriso Pleno Essencial; {Consultation}: sem carência");
    }

    [Fact]
    public async Task AWaitingPeriodAndAFrequencyLimitApplyToTheNextSubmission()
    {
        var complete = await PlanIdAsync("Sorriso Pleno Completo");
        // Gustavo enrolled on 01/11/2026 (Completo); the clock says 25/11/2026.
        var waiting = await CoverAsync(new(complete, Consultation, true, 30, null, null));
        Assert.Equal("carência de 30 dias", waiting.Value!.Describe());
        var inWaiting = (await SubmitAsync("17320508052", Consultation)).Single();
        Assert.Equal(ItemAuthorization.Denied, inWaiting.Authorization);
        Assert.StartsWith("Em carência até 01/12/2026", inWaiting.Reason);

        var limited = await CoverAsync(new(complete, Consultation, true, 0, 1, 12));
        Assert.Equal("sem carência, até 1 a cada 12 meses", limited.Value!.Describe());
        Assert.Equal(ItemAuthorization.Authorized, (await SubmitAsync("16180339805", Consultation)).Single().Authorization);
        var second = (await SubmitAsync("16180339805", Consultation)).Single();
        Assert.Equal(ItemAuthorization.Denied, second.Authorization);
        Assert.StartsWith("Limite de frequência: até 1 a cada 12 meses", second.Reason);

        Assert.True((await CoverAsync(new(complete, Consultation, true, 0, null, null))).IsOk);
    }

    public static TheoryData<int, int?, int?, string> BadCoverages => new()
    {
        { -1, null, null, "Carência deve estar entre 0 e 730 dias." },
        { 731, null, null, "Carência deve estar entre 0 e 730 dias." },
        { 0, 1, null, "Limite de frequência: informe a quantidade e o período em meses, ou deixe os dois em branco." },
        { 0, null, 6, "Limite de frequência: informe a quantidade e o período em meses, ou deixe os dois em branco." },
        { 0, 0, 6, "Limite de frequência: quantidade entre 1 e 99." },
        { 0, 1, 121, "Limite de frequência: período entre 1 e 120 meses." },
    };

    [Theory]
    [MemberData(nameof(BadCoverages))]
    public async Task ImpossibleCoveragesAreRefusedAndNothingChanges(int waiting, int? max, int? months, string message)
    {
        var essential = await PlanIdAsync("Sorriso Pleno Essencial");
        var result = await CoverAsync(new(essential, "84000198", true, waiting, max, months));
        Assert.Equal(ResultStatus.Invalid, result.Status);
        Assert.Contains(message, result.Errors);
        await using var db = await kit.ContextAsync();
        var coverage = await db.PlanCoverages.SingleAsync(c => c.PlanId == essential && c.TussCode == "84000198");
        Assert.Equal((0, 1, 6), (coverage.WaitingPeriodDays, coverage.FrequencyMaxCount, coverage.FrequencyMonths));
    }

    [Fact]
    public async Task UnknownPlansAndProceduresAreNotFound()
    {
        Assert.Equal(ResultStatus.NotFound, (await CoverAsync(new(999, Consultation, true, 0, null, null))).Status);
        Assert.Equal(ResultStatus.NotFound, (await CoverAsync(new(await PlanIdAsync("Sorriso Pleno Essencial"), "99999999", true, 0, null, null))).Status);
    }

    [Fact]
    public async Task ACatalogueEditReachesTheChairSideCacheAtOnce()
    {
        var catalog = database.Services.GetRequiredService<ProcedureCatalog>();
        var admin = await kit.AdminAsync();
        const string code = "81000049"; // consulta odontológica de urgência
        var original = (await catalog.GetAsync())[code];   // the cache is warm now

        var edited = await kit.Handler<UpdateProcedureHandler>().HandleAsync(new(code, "Consulta de urgência (24 h)", true, true), admin);
        Assert.True(edited.IsOk, string.Join("; ", edited.Errors));
        var cached = (await catalog.GetAsync())[code];
        Assert.Equal(("Consulta de urgência (24 h)", true), (cached.Description, cached.NeedsReview));
        Assert.Equal(ItemAuthorization.UnderReview, (await SubmitAsync(TokenScenario.RobertoCpf, code)).Single().Authorization);

        var off = await kit.Handler<UpdateProcedureHandler>().HandleAsync(new(code, original.Description, false, false), admin);
        Assert.True(off.IsOk);
        Assert.DoesNotContain(await catalog.SearchAsync(code), p => p.TussCode == code);
        var dentist = await scenario.DentistAsync();
        var refused = await scenario.Handler<CreateTreatmentHandler>().HandleAsync(new(await scenario.ReferenceAsync(TokenScenario.RobertoCpf, dentist), [new(code, null, null, null)]), dentist);
        Assert.Contains("Procedimento fora do catálogo da operadora.", refused.Errors);

        Assert.True((await kit.Handler<UpdateProcedureHandler>().HandleAsync(new(code, original.Description, false, true), admin)).IsOk);
        Assert.Contains(await catalog.SearchAsync(code), p => p.TussCode == code);
        var audits = await kit.AuditAsync("admin.procedure.updated");
        Assert.Contains(audits, a => a.SubjectId == code && a.Detail!.Contains("passa pela auditoria"));
        Assert.Contains(audits, a => a.SubjectId == code && a.Detail!.Contains("desativado"));
    }

    [Fact]
    public async Task ANewProcedureNeedsAnEightDigitCodeOfItsOwnAndIsCoveredByNoPlanUntilTheAdminSaysSo()
    {
        var admin = await kit.AdminAsync();
        var create = kit.Handler<CreateProcedureHandler>();
        Assert.Contains("O código TUSS tem 8 dígitos (por exemplo 81000030).",
            (await create.HandleAsync(new("8100003", "Curto", ProcedureSite.None, false, 0, false), admin)).Errors);
        Assert.Contains("O código TUSS tem 8 dígitos (por exemplo 81000030).",
            (await create.HandleAsync(new("8100003A", "Letra", ProcedureSite.None, false, 0, false), admin)).Errors);
        Assert.Contains("Faces só se aplicam a procedimentos feitos por dente.",
            (await create.HandleAsync(new("81999990", "Faces sem dente", ProcedureSite.Mouth, true, 1, false), admin)).Errors);
        Assert.Contains("Informe a descrição do procedimento.",
            (await create.HandleAsync(new("81999990", " ", ProcedureSite.None, false, 0, false), admin)).Errors);
        Assert.Equal([$"Já existe um procedimento com o código TUSS {Consultation}."],
            (await create.HandleAsync(new(Consultation, "Duplicado", ProcedureSite.None, false, 0, false), admin)).Errors);

        var catalog = database.Services.GetRequiredService<ProcedureCatalog>();
        _ = await catalog.GetAsync();
        var created = await create.HandleAsync(new("81999990", "Teleconsulta odontológica", ProcedureSite.None, false, 0, false), admin);

        Assert.True(created.IsOk, string.Join("; ", created.Errors));
        Assert.True((await catalog.GetAsync()).ContainsKey("81999990"));
        var decision = (await SubmitAsync(TokenScenario.RobertoCpf, "81999990")).Single();
        Assert.Equal(ItemAuthorization.Denied, decision.Authorization);
        Assert.Equal("Procedimento não coberto pelo plano Sorriso Pleno Essencial.", decision.Reason);
        Assert.Contains(await kit.AuditAsync("admin.procedure.created"), a => a.SubjectId == "81999990");
    }

    [Fact]
    public async Task TheCatalogueListSearchesByCodeOrAccentlessWords()
    {
        var admin = await kit.AdminAsync();
        var byCode = (await kit.Handler<ListProceduresHandler>().HandleAsync(new("8540"), admin)).Value!;
        Assert.NotEmpty(byCode);
        Assert.All(byCode, p => Assert.StartsWith("8540", p.TussCode));
        var byWords = (await kit.Handler<ListProceduresHandler>().HandleAsync(new("endodontico multirradicular"), admin)).Value!;
        Assert.Contains(byWords, p => p.TussCode == "85200158");
        Assert.Equal(ResultStatus.NotFound, (await kit.Handler<UpdateProcedureHandler>().HandleAsync(new("99999999", "X", false, true), admin)).Status);
        Assert.Contains("Informe a descrição do procedimento.", (await kit.Handler<UpdateProcedureHandler>().HandleAsync(new(Consultation, "", false, true), admin)).Errors);
    }
}
