using DentistPortal.Domain.Tokens;
using DentistPortal.Features.Common;
using DentistPortal.Features.Tokens;
using DentistPortal.Features.Treatments;
using DentistPortal.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DentistPortal.Tests.Infrastructure;

/// <summary>Builds treatments through the real handlers, as the chair-side screens will.</summary>
public sealed class TokenScenario(TestDatabase db)
{
    public const string MariaCpf = "52998224725";
    public const string PedroCard = "9876540000010030";
    public const string AntoniaCpf = "39053344705";
    public const string RobertoCpf = "11144477735";

    public Task<Actor> DentistAsync() => DemoActors.ForAsync(db.Services, "dentista@demo.local", DemoActors.SaoPauloCnpj);
    public Task<Actor> StaffAsync() => DemoActors.ForAsync(db.Services, "recepcao@demo.local", DemoActors.SaoPauloCnpj);
    public Task<Actor> OtherClinicStaffAsync() => DemoActors.ForAsync(db.Services, "recepcao2@demo.local", DemoActors.CampinasCnpj);

    public T Handler<T>() where T : notnull => db.Scope().ServiceProvider.GetRequiredService<T>();

    public async Task<int> BeneficiaryIdAsync(string cpfOrCard)
    {
        await using var ctx = await db.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        return await ctx.Beneficiaries.Where(b => b.Cpf == cpfOrCard || b.CardNumber == cpfOrCard).Select(b => b.Id).SingleAsync();
    }

    /// <summary>The treatment's number as the screens and addresses show it (<c>/tratamentos/{número}</c>).</summary>
    public string NumberOf(int treatmentId)
    {
        using var ctx = db.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContext();
        return ctx.Treatments.Where(t => t.Id == treatmentId).Select(t => t.Number).Single();
    }

    /// <summary>The lookup reference (issue 9 §2) the dentist (or <paramref name="actor"/>) gets by looking the beneficiary up.</summary>
    public async Task<string> ReferenceAsync(string cpfOrCard, Actor? actor = null) =>
        await LookupReferences.ForAsync(db.Services, actor ?? await DentistAsync(), cpfOrCard);

    /// <summary>A submitted treatment with one authorized consultation (and optionally a denied crown and a reviewed root canal).</summary>
    public async Task<int> SubmittedTreatmentAsync(string cpfOrCard = MariaCpf, bool withDeniedAndReview = false)
    {
        var dentist = await DentistAsync();
        List<TreatmentItemInput> items = [new("81000030", null, null, null)];
        if (withDeniedAndReview)
        {
            items.Add(new("85400157", 16, null, null));
            items.Add(new("85200158", 36, null, null));
        }
        var created = await Handler<CreateTreatmentHandler>().HandleAsync(new(await ReferenceAsync(cpfOrCard, dentist), items), dentist);
        Assert.True(created.IsOk, string.Join("; ", created.Errors));
        var submitted = await Handler<SubmitForAuthorizationHandler>().HandleAsync(new(created.Value!.Id), dentist);
        Assert.True(submitted.IsOk, string.Join("; ", submitted.Errors));
        return created.Value.Id;
    }

    public async Task<GeneratedToken> GenerateAsync(int treatmentId, string code, Actor? actor = null)
    {
        db.Codes.Enqueue(code);
        var result = await Handler<GenerateTokenHandler>().HandleAsync(new(treatmentId), actor ?? await DentistAsync());
        Assert.True(result.IsOk, string.Join("; ", result.Errors));
        return result.Value!;
    }

    public async Task<ValidationResult> ValidateAsync(int treatmentId, string code, Actor? actor = null, ValidationChannel via = ValidationChannel.Chair)
    {
        var result = await Handler<ValidateTokenHandler>().HandleAsync(new(treatmentId, code, via), actor ?? await DentistAsync());
        Assert.True(result.IsOk, string.Join("; ", result.Errors));
        return result.Value!;
    }

    public async Task<AppDbContext> ContextAsync() => await db.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
}
