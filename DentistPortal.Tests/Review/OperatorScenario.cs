using DentistPortal.Domain.Access;
using DentistPortal.Domain.Treatments;
using DentistPortal.Features.Common;
using DentistPortal.Features.Tokens;
using DentistPortal.Features.Treatments;
using DentistPortal.Infrastructure.Data;
using DentistPortal.Infrastructure.Identity;
using DentistPortal.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DentistPortal.Tests.Review;

/// <summary>The operator side's starting points, built through the real handlers: items under review, reported codes, actors.</summary>
public sealed class OperatorScenario(TestDatabase db)
{
    public const string EndoMultirradicular = "85200158";

    public TokenScenario Tokens { get; } = new(db);

    public Task<Actor> AuditorAsync() => DemoActors.ForAsync(db.Services, "auditor@demo.local");
    public Task<Actor> AdminAsync() => DemoActors.ForAsync(db.Services, "admin@demo.local");
    public Task<Actor> AgentAsync() => DemoActors.ForAsync(db.Services, "central@demo.local");
    public Task<Actor> BeneficiaryAsync() => DemoActors.ForAsync(db.Services, "paciente@demo.local");
    public Task<Actor> DentistAsync() => Tokens.DentistAsync();
    public Task<Actor> StaffAsync() => Tokens.StaffAsync();

    /// <summary>Everyone who is neither the auditor nor the back office.</summary>
    public async Task<Actor> NonOperatorAsync(string role) => role switch
    {
        Roles.Dentist => await DentistAsync(),
        Roles.ClinicStaff => await StaffAsync(),
        Roles.CallCenterAgent => await AgentAsync(),
        Roles.Beneficiary => await BeneficiaryAsync(),
        Roles.Auditor => await AuditorAsync(),
        Roles.Admin => await AdminAsync(),
        _ => throw new ArgumentOutOfRangeException(nameof(role)),
    };

    public T Handler<T>() where T : notnull => Tokens.Handler<T>();

    /// <summary>A draft treatment (not submitted yet) with the given procedures, by dentista@demo.local.</summary>
    public async Task<(int Id, string Number)> DraftAsync(string cpf, params TreatmentItemInput[] items)
    {
        var created = await Handler<CreateTreatmentHandler>().HandleAsync(new(await Tokens.ReferenceAsync(cpf), items), await DentistAsync());
        Assert.True(created.IsOk, string.Join("; ", created.Errors));
        return (created.Value!.Id, created.Value.Number);
    }

    public async Task SubmitAsync(int treatmentId)
    {
        var submitted = await Handler<SubmitForAuthorizationHandler>().HandleAsync(new(treatmentId), await DentistAsync());
        Assert.True(submitted.IsOk, string.Join("; ", submitted.Errors));
    }

    /// <summary>A submitted treatment whose only procedure (root canal, tooth 36) waits for the auditor: no token yet.</summary>
    public async Task<(int Id, string Number, int ItemId)> OnlyUnderReviewAsync(string cpf = TokenScenario.MariaCpf, int tooth = 36)
    {
        var (id, number) = await DraftAsync(cpf, new TreatmentItemInput(EndoMultirradicular, tooth, null, null));
        await SubmitAsync(id);
        return (id, number, await ItemUnderReviewAsync(id));
    }

    public async Task<int> ItemUnderReviewAsync(int treatmentId)
    {
        await using var ctx = await Tokens.ContextAsync();
        return await ctx.TreatmentItems.Where(i => i.TreatmentId == treatmentId && i.Authorization == ItemAuthorization.UnderReview)
            .Select(i => i.Id).SingleAsync();
    }

    public async Task<TreatmentItem> ItemAsync(int itemId)
    {
        await using var ctx = await Tokens.ContextAsync();
        return await ctx.TreatmentItems.AsNoTracking().SingleAsync(i => i.Id == itemId);
    }

    /// <summary>A code the patient did not ask for, reported to the call centre: the token is revoked and a case opened.</summary>
    public async Task<(int CaseId, int TreatmentId, string Number)> ReportedCaseAsync(string cpf = TokenScenario.MariaCpf, bool viaPortal = false)
    {
        var treatmentId = await Tokens.SubmittedTreatmentAsync(cpf);
        var token = await Tokens.GenerateAsync(treatmentId, $"{Random.Shared.Next(0, 1_000_000):D6}");
        var reporter = viaPortal ? await BeneficiaryAsync() : await AgentAsync();
        var revoked = await Handler<RevokeTokenHandler>().HandleAsync(new(token.TokenId, viaPortal ? null : "Paciente diz que não foi ao dentista hoje."), reporter);
        Assert.True(revoked.IsOk, string.Join("; ", revoked.Errors));
        await using var ctx = await Tokens.ContextAsync();
        var number = await ctx.Treatments.Where(t => t.Id == treatmentId).Select(t => t.Number).SingleAsync();
        return (revoked.Value, treatmentId, number);
    }

    /// <summary>One more account with <paramref name="role"/> (e.g. a second back-office user to hand cases to).</summary>
    public async Task<Actor> NewUserAsync(string email, string name, string role, bool disabled = false)
    {
        using var scope = db.Scope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = new ApplicationUser { UserName = email, Email = email, EmailConfirmed = true, FullName = name, IsDisabled = disabled };
        var created = await users.CreateAsync(user, "Demo@2026!");
        Assert.True(created.Succeeded, string.Join("; ", created.Errors.Select(e => e.Description)));
        Assert.True((await users.AddToRoleAsync(user, role)).Succeeded);
        return new Actor(user.Id, name, new HashSet<string> { role }, null);
    }

    public async Task<AppDbContext> ContextAsync() => await Tokens.ContextAsync();
}
