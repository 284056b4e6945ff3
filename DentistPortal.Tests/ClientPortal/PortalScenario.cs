using DentistPortal.Domain.Access;
using DentistPortal.Features.ClientPortal;
using DentistPortal.Features.Common;
using DentistPortal.Infrastructure.Identity;
using DentistPortal.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DentistPortal.Tests.ClientPortal;

/// <summary>The Portal do Cliente side of the demo: Maria (holder of João and Pedro) and, for isolation, a second family.</summary>
public sealed class PortalScenario(TestDatabase db)
{
    public const string JoaoCpf = "31415926590";
    public const string BeatrizCpf = "16180339805";
    public const string LucasCpf = "14142135651";
    public const string BeatrizLogin = "beatriz@teste.local";

    public TokenScenario Tokens { get; } = new(db);

    public Task<Actor> MariaAsync() => DemoActors.ForAsync(db.Services, "paciente@demo.local");

    public const string JoaoLogin = "joao@teste.local";

    /// <summary>A second Portal do Cliente login, linked to Beatriz (holder of Lucas); created once per database.</summary>
    public Task<Actor> BeatrizAsync() => LoginForAsync(BeatrizLogin, BeatrizCpf, "Beatriz Campos Araújo");

    /// <summary>João's own login (an adult dependent with own contacts: his tokens and contacts are his alone, SPEC §9).</summary>
    public Task<Actor> JoaoAsync() => LoginForAsync(JoaoLogin, JoaoCpf, "João Carlos da Silva");

    private async Task<Actor> LoginForAsync(string login, string cpf, string fullName)
    {
        await using var scope = db.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = await users.FindByEmailAsync(login);
        if (user is null)
        {
            user = new ApplicationUser { UserName = login, Email = login, EmailConfirmed = true, FullName = fullName };
            Assert.True((await users.CreateAsync(user, LoginHelper.DemoPassword)).Succeeded);
            Assert.True((await users.AddToRoleAsync(user, Roles.Beneficiary)).Succeeded);
            await using var ctx = await Tokens.ContextAsync();
            var beneficiary = await ctx.Beneficiaries.SingleAsync(b => b.Cpf == cpf);
            beneficiary.UserId = user.Id;
            await ctx.SaveChangesAsync();
        }
        return await DemoActors.ForAsync(db.Services, login);
    }

    /// <summary>A submitted treatment for this beneficiary with a fresh token whose code is <paramref name="code"/>.</summary>
    public async Task<(int TreatmentId, int TokenId, string Number)> TokenForAsync(string cpfOrCard, string code)
    {
        var treatmentId = await Tokens.SubmittedTreatmentAsync(cpfOrCard);
        var token = await Tokens.GenerateAsync(treatmentId, code);
        await using var ctx = await Tokens.ContextAsync();
        var number = await ctx.Treatments.Where(t => t.Id == treatmentId).Select(t => t.Number).SingleAsync();
        return (treatmentId, token.TokenId, number);
    }

    public async Task<MyTokens> MyTokensAsync(Actor actor)
    {
        var result = await Tokens.Handler<GetMyTokensHandler>().HandleAsync(actor);
        Assert.True(result.IsOk, string.Join("; ", result.Errors));
        return result.Value!;
    }
}
