using Bunit;
using DentistPortal.Components.Pages.Admin;
using DentistPortal.Features.Admin;
using DentistPortal.Tests.Infrastructure;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;

namespace DentistPortal.Tests.Admin;

/// <summary>The clinic form: each bad field says what is wrong next to it, nothing is saved until all is right.</summary>
public class ClinicFormComponent(TestDatabase database) : IClassFixture<TestDatabase>
{
    private readonly AdminTestKit kit = new(database);

    private static async Task TypeAsync(IRenderedComponent<AdminClinicForm> cut, string id, string value) =>
        await cut.Find($"input#{id}").ChangeAsync(new ChangeEventArgs { Value = value });

    private static string FieldError(IRenderedComponent<AdminClinicForm> cut, string id) =>
        cut.Find($"input#{id}").Closest(".mud-input-control")!.QuerySelector(".mud-input-helper-text.mud-input-error")?.TextContent.Trim() ?? "";

    [Fact]
    public async Task AnEmptyFormMarksEveryRequiredFieldAndSavesNothing()
    {
        var (ctx, admin) = await AdminComponentContext.CreateAsync(database);
        await using var _ = ctx;
        var saved = new List<int>();
        var cut = ctx.Render<AdminClinicForm>(p => p.Add(x => x.Actor, admin).Add(x => x.OnSaved, (int id) => saved.Add(id)));

        await cut.Find("form").SubmitAsync();

        cut.WaitForAssertion(() =>
        {
            Assert.Equal("Informe o nome da clínica.", FieldError(cut, "clinic-name"));
            Assert.Equal("Informe o CNPJ.", FieldError(cut, "clinic-cnpj"));
            Assert.Equal("Informe o CNES (7 dígitos).", FieldError(cut, "clinic-cnes"));
            Assert.Equal("Informe a cidade.", FieldError(cut, "clinic-city"));
            Assert.Contains("UF inválida: use a sigla do estado (por exemplo SP).", cut.Markup);
            Assert.Contains("Confira os campos destacados.", cut.Find("[data-testid=form-errors]").TextContent);
        });
        Assert.Empty(saved);
    }

    [Fact]
    public async Task ABadCnpjAndCnesAreShownOnTheirFieldsThenACorrectedFormIsSaved()
    {
        var (ctx, admin) = await AdminComponentContext.CreateAsync(database);
        await using var _ = ctx;
        var sp = (await kit.Handler<ListClinicsHandler>().HandleAsync(admin)).Value!.Single(c => c.Cnpj == DemoActors.SaoPauloCnpj);
        var saved = new List<int>();
        var cut = ctx.Render<AdminClinicForm>(p => p.Add(x => x.Clinic, sp).Add(x => x.Actor, admin).Add(x => x.OnSaved, (int id) => saved.Add(id)));
        Assert.Equal("11.222.333/0001-81", cut.Find("input#clinic-cnpj").GetAttribute("value"));

        await TypeAsync(cut, "clinic-cnpj", "11.222.333/0001-82");
        await TypeAsync(cut, "clinic-cnes", "20712");
        await cut.Find("form").SubmitAsync();

        cut.WaitForAssertion(() =>
        {
            Assert.Equal("CNPJ inválido: confira os 14 dígitos.", FieldError(cut, "clinic-cnpj"));
            Assert.Equal("CNES inválido: são 7 dígitos.", FieldError(cut, "clinic-cnes"));
            Assert.Equal("", FieldError(cut, "clinic-name"));
        });
        Assert.Empty(saved);

        await TypeAsync(cut, "clinic-cnpj", "11222333000181");
        await TypeAsync(cut, "clinic-cnes", "2071234");
        await TypeAsync(cut, "clinic-address", "Av. Paulista, 1000 – 5º andar");
        await cut.Find("form").SubmitAsync();

        cut.WaitForAssertion(() => Assert.Equal([sp.Id], saved));
        Assert.Empty(cut.FindAll("[data-testid=form-errors]"));
        await using var db = await kit.ContextAsync();
        Assert.Equal("Av. Paulista, 1000 – 5º andar", (await db.Clinics.SingleAsync(c => c.Id == sp.Id)).Address);
    }

    [Fact]
    public async Task ADuplicateCnpjComesBackFromTheHandlerAsAMessage()
    {
        var (ctx, admin) = await AdminComponentContext.CreateAsync(database);
        await using var _ = ctx;
        var campinas = (await kit.Handler<ListClinicsHandler>().HandleAsync(admin)).Value!.Single(c => c.Cnpj == DemoActors.CampinasCnpj);
        var cut = ctx.Render<AdminClinicForm>(p => p.Add(x => x.Clinic, campinas).Add(x => x.Actor, admin));

        await TypeAsync(cut, "clinic-cnpj", "78.123.456/0001-36");
        await cut.Find("form").SubmitAsync();

        cut.WaitForAssertion(() => Assert.Contains("Já existe uma clínica com o CNPJ 78.123.456/0001-36.", cut.Find("[data-testid=form-errors]").TextContent));
    }
}
