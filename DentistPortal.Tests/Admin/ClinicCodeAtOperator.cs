using DentistPortal.Domain.Audit;
using DentistPortal.Features.Admin;
using DentistPortal.Features.Common;
using DentistPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace DentistPortal.Tests.Admin;

/// <summary>Issue 11 (TISS header origin): the clinic's code at the operator, 1–14 letters or digits, kept on the clinic form.</summary>
public class ClinicCodeAtOperator(TestDatabase database) : IClassFixture<TestDatabase>
{
    private readonly AdminTestKit kit = new(database);

    private async Task<DentistPortal.Domain.Clinics.Clinic> ClinicAsync(string cnpj)
    {
        await using var db = await kit.ContextAsync();
        return await db.Clinics.AsNoTracking().SingleAsync(c => c.Cnpj == cnpj);
    }

    private static SaveClinicCommand Campinas(int id, string? code) =>
        new(id, "Odonto Campinas Centro", "45.367.890/0001-02", "2075678", "Campinas", "SP", "Rua Barão de Jaguara, 500 – Centro", code);

    [Fact]
    public async Task TheCodeIsSavedAuditedAndASecondIdenticalSaveWritesNothing()
    {
        var id = await kit.ClinicIdAsync(DemoActors.CampinasCnpj);
        var admin = await kit.AdminAsync();
        var before = await kit.AuditCountAsync(AuditActions.ClinicUpdated);

        Assert.True((await kit.Handler<SaveClinicHandler>().HandleAsync(Campinas(id, " CPS9Z0102 "), admin)).IsOk);
        Assert.True((await kit.Handler<SaveClinicHandler>().HandleAsync(Campinas(id, "CPS9Z0102"), admin)).IsOk);

        Assert.Equal("CPS9Z0102", (await ClinicAsync(DemoActors.CampinasCnpj)).CodeAtOperator);
        var audits = await kit.AuditAsync(AuditActions.ClinicUpdated);
        Assert.Equal(before + 1, audits.Count);
        Assert.Contains("código na operadora CPS9Z0102", audits[^1].Detail);
        var row = (await kit.Handler<ListClinicsHandler>().HandleAsync(admin)).Value!.Single(c => c.Id == id);
        Assert.Equal("CPS9Z0102", row.CodeAtOperator);
    }

    [Theory]
    [InlineData("CPS 0102")]
    [InlineData("CPS-0102")]
    [InlineData("123456789012345")]
    [InlineData("CÓDIGO1")]
    public async Task ABadCodeIsRefusedWithAPtBrMessageAndNothingChanges(string code)
    {
        var id = await kit.ClinicIdAsync(DemoActors.SaoPauloCnpj);
        var before = await ClinicAsync(DemoActors.SaoPauloCnpj);

        var refused = await kit.Handler<SaveClinicHandler>().HandleAsync(
            new(id, before.Name, before.Cnpj, before.Cnes, before.City, before.Uf, "Outro endereço", code), await kit.AdminAsync());

        Assert.Equal(ResultStatus.Invalid, refused.Status);
        Assert.Equal(["Código na operadora inválido: de 1 a 14 letras ou números, sem espaços nem símbolos."], refused.Errors);
        var after = await ClinicAsync(DemoActors.SaoPauloCnpj);
        Assert.Equal(("SPL000101", before.Address), (after.CodeAtOperator, after.Address));
    }

    [Fact]
    public async Task ABlankCodeMeansNoneAndTheHeaderFallsBackToTheCnpj()
    {
        var admin = await kit.AdminAsync();
        var created = await kit.Handler<SaveClinicHandler>().HandleAsync(
            new(null, "Clínica Sem Código", "33.444.555/0001-81", "1234567", "Santos", "SP", null, "   "), admin);

        Assert.True(created.IsOk, string.Join("; ", created.Errors));
        Assert.Null((await ClinicAsync("33444555000181")).CodeAtOperator);
    }
}
