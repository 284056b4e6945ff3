using System.Globalization;
using System.Text;
using DentistPortal.Domain.Audit;
using DentistPortal.Domain.Beneficiaries;
using DentistPortal.Domain.Common;
using DentistPortal.Features.Common;
using DentistPortal.Infrastructure.Data;
using FluentValidation;
using Microsoft.EntityFrameworkCore;

namespace DentistPortal.Features.CallCenter;

public sealed record FindBeneficiaryQuery(string? Term);

public enum BeneficiarySearchKind
{
    Cpf,
    CardNumber,
    Name,
}

/// <summary>
/// One search result as the agent sees it before the identity check: only the birth <i>year</i> (the agent must ask
/// the full date), the CPF masked, the card number (the caller usually reads it from the card).
/// </summary>
public sealed record BeneficiaryMatch(
    int Id,
    string FullName,
    string? MaskedCpf,
    string CardNumber,
    int BirthYear,
    string Relationship,
    bool IsHolder,
    string? HolderName,
    bool IsActive,
    bool UsesHolderCpf); // no own CPF (a minor): the identity check asks the first digits of the holder's CPF

public sealed record BeneficiarySearchResult(BeneficiarySearchKind Kind, IReadOnlyList<BeneficiaryMatch> Matches, bool Truncated);

/// <summary>What the agent typed, understood: a CPF, a card number, or a part of a name.</summary>
public static class CallCenterSearchTerm
{
    public const int MinNameLetters = 3;
    public const int MaxResults = 20;

    public const string EmptyMessage = "Informe o CPF, o número da carteirinha ou o nome do beneficiário.";
    public const string MixedMessage = "Busque pelo nome (só letras) ou pelo CPF/carteirinha (só números), sem misturar.";
    public const string ShortNameMessage = "Digite ao menos 3 letras do nome.";
    public const string NameCharactersMessage = "O nome só pode ter letras, espaços, apóstrofo e hífen.";
    public const string TooLongMessage = "Texto de busca muito longo (máximo 100 caracteres).";

    /// <summary>Parses the term or says, in Portuguese, what is wrong with it.</summary>
    public static (BeneficiarySearchKind Kind, string Value, string? Error) Parse(string? term)
    {
        if (string.IsNullOrWhiteSpace(term)) return (default, "", EmptyMessage);
        var t = term.Trim();
        if (t.Length > 100) return (default, "", TooLongMessage);
        var hasLetter = t.Any(char.IsLetter);
        var hasDigit = t.Any(char.IsDigit);
        if (hasLetter && hasDigit) return (default, "", MixedMessage);
        if (hasLetter)
        {
            if (t.Any(c => !(char.IsLetter(c) || c is ' ' or '\'' or '-' or '.'))) return (BeneficiarySearchKind.Name, "", NameCharactersMessage);
            var folded = Fold(t);
            if (folded.Count(char.IsLetter) < MinNameLetters) return (BeneficiarySearchKind.Name, "", ShortNameMessage);
            return (BeneficiarySearchKind.Name, folded, null);
        }
        var (identifier, error) = BeneficiaryIdentifier.Parse(t);
        if (identifier is null) return (default, "", error);
        return (identifier.Kind == IdentifierKind.Cpf ? BeneficiarySearchKind.Cpf : BeneficiarySearchKind.CardNumber, identifier.Digits, null);
    }

    /// <summary>"  JOÃO  da Silva" → "joao da silva" (see <see cref="TextFolding.Fold"/>).</summary>
    public static string Fold(string text) => TextFolding.Fold(text);

    /// <summary>
    /// A LIKE pattern (matched against the lower-cased name, so it holds on SQLite and on PostgreSQL, whose LIKE is
    /// case-sensitive) that finds every name the folded term could match:
    /// each letter that has accented forms in Portuguese becomes "_" (any one character); the exact
    /// accent-insensitive comparison follows in memory.
    /// </summary>
    public static string LikePattern(string folded)
    {
        var sb = new StringBuilder(folded.Length + 2).Append('%');
        foreach (var c in folded) sb.Append("aeiouc".Contains(c) ? '_' : c);
        return sb.Append('%').ToString();
    }
}

public sealed class FindBeneficiaryValidator : AbstractValidator<FindBeneficiaryQuery>
{
    public FindBeneficiaryValidator()
    {
        RuleFor(q => q.Term).Custom((term, ctx) =>
        {
            var (_, _, error) = CallCenterSearchTerm.Parse(term);
            if (error is not null) ctx.AddFailure(nameof(FindBeneficiaryQuery.Term), error);
        });
    }
}

/// <summary>
/// The call centre finds the caller by card number, CPF or part of the name (case- and accent-insensitive,
/// at most 20 results). Every search is audited (how, and how many results; never the term typed).
/// </summary>
public sealed class FindBeneficiaryHandler(IDbContextFactory<AppDbContext> dbFactory, IValidator<FindBeneficiaryQuery> validator, TimeProvider time, AccessCheck access)
{
    /// <summary>The audit action this handler records (<see cref="AuditActions.CallCenterSearch"/>).</summary>
    public const string Action = AuditActions.CallCenterSearch;
    public const string NotFoundMessage = "Nenhum beneficiário encontrado. Confira os dígitos ou peça outro dado (CPF, carteirinha ou nome completo).";

    /// <summary>Name candidates read before the exact accent-insensitive filter: beyond this the agent must refine.</summary>
    private const int MaxNameCandidates = 2000;

    public async Task<Result<BeneficiarySearchResult>> HandleAsync(FindBeneficiaryQuery query, Actor? actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await access.EnsureAgentAsync(db, actor, "busca de beneficiário na Central", ct)) return Result<BeneficiarySearchResult>.Forbidden();

        var validation = await validator.ValidateAsync(query, ct);
        if (!validation.IsValid) return Result<BeneficiarySearchResult>.Invalid(validation.Errors.Select(e => e.ErrorMessage));
        var (kind, value, _) = CallCenterSearchTerm.Parse(query.Term);

        List<int> ids;
        var truncated = false;
        if (kind == BeneficiarySearchKind.Name)
        {
            var pattern = CallCenterSearchTerm.LikePattern(value);
            var candidates = await db.Beneficiaries.AsNoTracking()
                .Where(b => EF.Functions.Like(b.FullName.ToLower(), pattern))
                .OrderBy(b => b.FullName).ThenBy(b => b.Id)
                .Select(b => new { b.Id, b.FullName })
                .Take(MaxNameCandidates + 1)
                .ToListAsync(ct);
            var matching = candidates.Where(c => CallCenterSearchTerm.Fold(c.FullName).Contains(value, StringComparison.Ordinal)).ToList();
            truncated = matching.Count > CallCenterSearchTerm.MaxResults || candidates.Count > MaxNameCandidates;
            ids = [.. matching.Take(CallCenterSearchTerm.MaxResults).Select(c => c.Id)];
        }
        else
        {
            ids = kind == BeneficiarySearchKind.Cpf
                ? await db.Beneficiaries.Where(b => b.Cpf == value).Select(b => b.Id).ToListAsync(ct)
                : await db.Beneficiaries.Where(b => b.CardNumber == value).Select(b => b.Id).ToListAsync(ct);
        }

        var found = await db.Beneficiaries.AsNoTracking().Include(b => b.Holder).Where(b => ids.Contains(b.Id)).ToListAsync(ct);
        var matches = found
            .OrderBy(b => b.FullName, StringComparer.Create(CultureInfo.GetCultureInfo("pt-BR"), ignoreCase: true))
            .ThenBy(b => b.CardNumber, StringComparer.Ordinal)
            .Select(ToMatch)
            .ToList();

        var how = kind switch { BeneficiarySearchKind.Cpf => "busca por CPF", BeneficiarySearchKind.CardNumber => "busca por carteirinha", _ => "busca por nome" };
        Audit.Record(db, time, actor!, AuditActions.CallCenterSearch, matches.Count == 0 ? "not-found" : "found",
            matches.Count == 1 ? "Beneficiary" : null, matches.Count == 1 ? CallCenterAccess.Id(matches[0].Id) : null,
            $"{how}; {matches.Count}{(truncated ? "+" : "")} resultado(s)");
        await db.SaveChangesAsync(ct);

        if (matches.Count == 0) return Result<BeneficiarySearchResult>.NotFound(NotFoundMessage);
        return Result<BeneficiarySearchResult>.Ok(new BeneficiarySearchResult(kind, matches, truncated));
    }

    private static BeneficiaryMatch ToMatch(Beneficiary b) => new(
        b.Id,
        b.FullName,
        b.Cpf is null ? null : Cpf.Mask(b.Cpf),
        CardNumber.Format(b.CardNumber),
        b.BirthDate.Year,
        Beneficiary.RelationshipDisplay(b.Relationship),
        b.IsHolder,
        b.Holder?.FullName,
        b.IsActive,
        UsesHolderCpf: b.Cpf is null && b.Holder?.Cpf is not null);
}
