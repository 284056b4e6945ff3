using DentistPortal.Domain.Beneficiaries;
using DentistPortal.Domain.Common;
using DentistPortal.Features.CallCenter;
using DentistPortal.Features.Common;
using DentistPortal.Tests.Infrastructure;

namespace DentistPortal.Tests.CallCenter;

/// <summary>The call centre's side of a scenario: agents, calls and identity checks, through the real handlers.</summary>
public sealed class CallScenario(TestDatabase db)
{
    public TokenScenario Tokens { get; } = new(db);

    public const string MariaBirth = "12/03/1985";
    public const string MariaCpfStart = "529";
    public const string JoaoCpf = "31415926590";
    public const string JoaoBirth = "30/08/1983";
    public const string BeatrizCpf = "16180339805";
    public const string BeatrizBirth = "09/10/1990";
    public const string LucasCpf = "14142135651";
    public const string GustavoCpf = "17320508052";
    public const string GustavoBirth = "01/12/1995";

    public Task<Actor> AgentAsync() => DemoActors.ForAsync(db.Services, "central@demo.local");
    public Task<Actor> AdminAsync() => DemoActors.ForAsync(db.Services, "admin@demo.local");

    /// <summary>Every role that is not the call centre, as the cookie would carry it.</summary>
    public async Task<IReadOnlyList<(string Who, Actor Actor)>> NonAgentsAsync() =>
    [
        ("dentista", await DemoActors.ForAsync(db.Services, "dentista@demo.local", DemoActors.SaoPauloCnpj)),
        ("recepção", await DemoActors.ForAsync(db.Services, "recepcao@demo.local", DemoActors.SaoPauloCnpj)),
        ("beneficiário", await DemoActors.ForAsync(db.Services, "paciente@demo.local")),
        ("auditor", await DemoActors.ForAsync(db.Services, "auditor@demo.local")),
    ];

    public static string NewCall() => Guid.NewGuid().ToString("D");

    public T Handler<T>() where T : notnull => Tokens.Handler<T>();

    public Task<int> IdAsync(string cpfOrCard) => Tokens.BeneficiaryIdAsync(cpfOrCard);

    public async Task<Result<CallerIdentity>> TryCheckAsync(string call, int beneficiaryId, string? birth, string? cpfStart, Actor? agent = null) =>
        await Handler<RecordIdentityCheckHandler>().HandleAsync(new(call, beneficiaryId, birth, cpfStart), agent ?? await AgentAsync());

    public async Task<CallerIdentity> CheckAsync(string call, int beneficiaryId, string birth, string cpfStart, Actor? agent = null)
    {
        var result = await TryCheckAsync(call, beneficiaryId, birth, cpfStart, agent);
        Assert.True(result.IsOk, string.Join("; ", result.Errors));
        return result.Value!;
    }

    /// <summary>A call where Maria (the holder) has passed the identity check.</summary>
    public async Task<(string Call, int MariaId)> MariaCallAsync(Actor? agent = null)
    {
        var call = NewCall();
        var maria = await IdAsync(TokenScenario.MariaCpf);
        Assert.Equal(CallerIdentityState.Passed, (await CheckAsync(call, maria, MariaBirth, MariaCpfStart, agent)).State);
        return (call, maria);
    }

    /// <summary>A submitted treatment for the beneficiary with an active token carrying <paramref name="code"/>.</summary>
    public async Task<(int TreatmentId, int TokenId, string Number)> ActiveTokenAsync(string cpfOrCard, string code)
    {
        var treatment = await Tokens.SubmittedTreatmentAsync(cpfOrCard);
        var token = await Tokens.GenerateAsync(treatment, code);
        await using var ctx = await Tokens.ContextAsync();
        var number = ctx.Treatments.Single(t => t.Id == treatment).Number;
        return (treatment, token.TokenId, number);
    }

    /// <summary>A dependent without CPF nor contacts (a small child) under Roberto (CPF 111.444.777-35, e-mail only).</summary>
    public async Task<int> ChildWithoutCpfUnderRobertoAsync()
    {
        await using var ctx = await Tokens.ContextAsync();
        var roberto = ctx.Beneficiaries.Single(b => b.Cpf == TokenScenario.RobertoCpf);
        var card = CardNumber.WithCheckDigit("987654000002002");
        var existing = ctx.Beneficiaries.FirstOrDefault(b => b.CardNumber == card);
        if (existing is not null) return existing.Id;
        var child = new Beneficiary
        {
            CardNumber = card, Cpf = null, FullName = "Ana Clara Nunes Costa", BirthDate = new DateOnly(2021, 5, 5),
            Relationship = Relationship.Child, HolderId = roberto.Id, PlanId = roberto.PlanId, EnrolledOn = new DateOnly(2023, 5, 15),
        };
        ctx.Beneficiaries.Add(child);
        await ctx.SaveChangesAsync();
        return child.Id;
    }
}
