using DentistPortal.Domain.Audit;
using DentistPortal.Features.Admin;
using DentistPortal.Features.Common;
using DentistPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace DentistPortal.Tests.Admin;

/// <summary>Issue 11 (valorProc): the admin keeps the plan's price per covered procedure; bad prices change nothing.</summary>
public class PlanPriceTable(TestDatabase database) : IClassFixture<TestDatabase>
{
    private const string Essential = "Sorriso Pleno Essencial";
    private readonly AdminTestKit kit = new(database);

    private async Task<int> PlanIdAsync(string name)
    {
        await using var db = await kit.ContextAsync();
        return await db.Plans.Where(p => p.Name == name).Select(p => p.Id).SingleAsync();
    }

    private async Task<decimal?> PriceAsync(int planId, string code)
    {
        await using var db = await kit.ContextAsync();
        return (await db.PlanCoverages.AsNoTracking().SingleAsync(c => c.PlanId == planId && c.TussCode == code)).Price;
    }

    private async Task<Result<CoverageRow>> PriceItAsync(int planId, string code, string? price) =>
        await kit.Handler<UpdateCoveragePriceHandler>().HandleAsync(new(planId, code, price), await kit.AdminAsync());

    [Fact]
    public async Task APriceTypedInPtBrIsSavedListedAndAudited()
    {
        var plan = await PlanIdAsync(Essential);
        Assert.Equal(60.00m, await PriceAsync(plan, "81000030"));

        var saved = await PriceItAsync(plan, "81000030", "R$ 1.234,56");

        Assert.True(saved.IsOk, string.Join("; ", saved.Errors));
        Assert.Equal(1234.56m, saved.Value!.Price);
        Assert.Equal(1234.56m, await PriceAsync(plan, "81000030"));
        var listed = (await kit.Handler<ListPlansHandler>().HandleAsync(await kit.AdminAsync())).Value!.Single(p => p.Id == plan);
        Assert.Equal(1234.56m, listed.Coverages.Single(c => c.TussCode == "81000030").Price);
        Assert.Contains(await kit.AuditAsync(AuditActions.PlanPriceUpdated),
            a => a.Detail == $"{Essential}; 81000030: R$ 1.234,56 (antes R$ 60,00)" && a.Outcome == "ok");
    }

    [Fact]
    public async Task SavingTheSamePriceTwiceChangesNothingTheSecondTimeAndWritesOneAuditEntry()
    {
        var plan = await PlanIdAsync(Essential);
        var before = (await kit.AuditAsync(AuditActions.PlanPriceUpdated)).Count;

        Assert.True((await PriceItAsync(plan, "84000198", "95,00")).IsOk);
        var again = await PriceItAsync(plan, "84000198", "95");

        Assert.True(again.IsOk);
        Assert.Equal(95.00m, again.Value!.Price);
        Assert.Equal(95.00m, await PriceAsync(plan, "84000198"));
        Assert.Equal(before + 1, (await kit.AuditAsync(AuditActions.PlanPriceUpdated)).Count);
    }

    public static TheoryData<string, string> BadPrices => new()
    {
        { "0,00", "O preço deve ser maior que zero (deixe em branco para ficar sem preço)." },
        { "-10,00", "O preço deve ser maior que zero (deixe em branco para ficar sem preço)." },
        { "150,005", "O preço tem no máximo 2 casas decimais (centavos)." },
        { "1.000.000,00", "O preço deve ser menor que R$ 1.000.000,00." },
        { "150.00", "Preço inválido: digite o valor em reais, por exemplo 150,00 ou 1.234,56." },
        { "cento e cinquenta", "Preço inválido: digite o valor em reais, por exemplo 150,00 ou 1.234,56." },
    };

    [Theory]
    [MemberData(nameof(BadPrices))]
    public async Task ABadPriceIsRefusedWithAPtBrMessageAndNothingChanges(string price, string message)
    {
        var plan = await PlanIdAsync(Essential);
        var before = (await kit.AuditAsync(AuditActions.PlanPriceUpdated)).Count;

        var refused = await PriceItAsync(plan, "81000421", price);

        Assert.Equal(ResultStatus.Invalid, refused.Status);
        Assert.Equal([message], refused.Errors);
        Assert.Equal(25.00m, await PriceAsync(plan, "81000421"));
        Assert.Equal(before, (await kit.AuditAsync(AuditActions.PlanPriceUpdated)).Count);
    }

    [Fact]
    public async Task APriceForAProcedureThePlanDoesNotCoverIsRefused()
    {
        var plan = await PlanIdAsync(Essential);

        var refused = await PriceItAsync(plan, "85400157", "1.200,00");

        Assert.Equal(ResultStatus.Invalid, refused.Status);
        Assert.Equal([$"O plano {Essential} não cobre 85400157: cubra o procedimento antes de dar um preço."], refused.Errors);
        await using var db = await kit.ContextAsync();
        Assert.False(await db.PlanCoverages.AnyAsync(c => c.PlanId == plan && c.TussCode == "85400157"));
    }

    [Fact]
    public async Task ABlankPriceLeavesTheProcedureSemPrecoAndTheTableCountsIt()
    {
        var plan = await PlanIdAsync("Sorriso Pleno Completo");
        var admin = await kit.AdminAsync();
        Assert.Equal(0, (await kit.Handler<ListPlansHandler>().HandleAsync(admin)).Value!.Single(p => p.Id == plan).MissingPriceCount);

        var cleared = await PriceItAsync(plan, "86000462", "  ");

        Assert.True(cleared.IsOk);
        Assert.Null(await PriceAsync(plan, "86000462"));
        var view = (await kit.Handler<ListPlansHandler>().HandleAsync(admin)).Value!.Single(p => p.Id == plan);
        Assert.Equal(1, view.MissingPriceCount);
        Assert.True(view.Coverages.Single(c => c.TussCode == "86000462").MissingPrice);
        Assert.Contains(await kit.AuditAsync(AuditActions.PlanPriceUpdated), a => a.Detail == "Sorriso Pleno Completo; 86000462: sem preço (antes R$ 350,00)");

        Assert.True((await PriceItAsync(plan, "86000462", "350,00")).IsOk);
        Assert.Equal(0, (await kit.Handler<ListPlansHandler>().HandleAsync(admin)).Value!.Single(p => p.Id == plan).MissingPriceCount);
    }

    [Fact]
    public async Task ADentistCannotChangeAPriceAndTheRefusalIsAudited()
    {
        var plan = await PlanIdAsync(Essential);
        var dentist = await kit.ActorAsync("dentista@demo.local", DemoActors.SaoPauloCnpj);
        var denied = await kit.AuditCountAsync(AuditActions.AccessDenied);

        var refused = await kit.Handler<UpdateCoveragePriceHandler>().HandleAsync(new(plan, "85100196", "999,00"), dentist);

        Assert.Equal(ResultStatus.Forbidden, refused.Status);
        Assert.Equal(120.00m, await PriceAsync(plan, "85100196"));
        Assert.Equal(denied + 1, await kit.AuditCountAsync(AuditActions.AccessDenied));
    }
}
