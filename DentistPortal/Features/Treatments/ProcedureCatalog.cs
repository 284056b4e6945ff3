using System.Collections.Frozen;
using DentistPortal.Domain.Procedures;
using DentistPortal.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace DentistPortal.Features.Treatments;

/// <summary>
/// The procedure catalogue, read once and kept in memory (it changes only through the admin screens, which call
/// <see cref="Invalidate"/>). A singleton shared by every circuit and request, so it holds immutable
/// <see cref="ProcedureSnapshot"/> records projected straight from the table — never EF entities, which anyone could
/// change under every other user (issue 13, circuit hygiene).
/// </summary>
public sealed class ProcedureCatalog(IDbContextFactory<AppDbContext> dbFactory)
{
    private volatile FrozenDictionary<string, ProcedureSnapshot>? cache;

    /// <summary>Every procedure (active or not) by TUSS code.</summary>
    public async Task<IReadOnlyDictionary<string, ProcedureSnapshot>> GetAsync(CancellationToken ct = default)
    {
        if (cache is { } c) return c;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var all = await db.Procedures
            .Select(p => new ProcedureSnapshot(p.TussCode, p.Description, p.Site, p.RequiresFaces, p.FaceCount, p.NeedsReview, p.IsActive))
            .ToListAsync(ct);
        var frozen = all.ToFrozenDictionary(p => p.TussCode, StringComparer.Ordinal);
        cache = frozen;
        return frozen;
    }

    public void Invalidate() => cache = null;

    /// <summary>Searches by TUSS code prefix or by words of the description (accent-insensitive).</summary>
    public async Task<IReadOnlyList<ProcedureSnapshot>> SearchAsync(string? text, int max = 20, CancellationToken ct = default)
        => Search(await GetAsync(ct), text, max);

    /// <summary>
    /// <see cref="SearchAsync"/> on a catalogue already read (<see cref="GetAsync"/>): active procedures, by TUSS code for
    /// digits, otherwise by description; at most <paramref name="max"/>. Synchronous, so a search field can answer each
    /// keystroke before the next one (issue 13 review: no stale list).
    /// </summary>
    public static IReadOnlyList<ProcedureSnapshot> Search(IReadOnlyDictionary<string, ProcedureSnapshot> catalogue, string? text, int max = 20)
    {
        var all = catalogue.Values.Where(p => p.IsActive);
        if (string.IsNullOrWhiteSpace(text)) return [.. all.OrderBy(p => p.Description).Take(max)];
        var matches = all.Where(p => Matches(p, text));
        return [.. (IsCodeSearch(text) ? matches.OrderBy(p => p.TussCode) : matches.OrderBy(p => p.Description)).Take(max)];
    }

    private static bool IsCodeSearch(string text)
    {
        var compact = text.Replace(" ", "", StringComparison.Ordinal);
        return compact.Length > 0 && compact.All(char.IsAsciiDigit);
    }

    private static readonly char[] WordSeparators = [' ', '–', '—', '-'];

    /// <summary>
    /// The catalogue search rule, shared by the chair and the back office: digits (spaces between them ignored: "8100 0030")
    /// are a TUSS code prefix; otherwise every word must be in the description (accent- and case-insensitive) or, a word of
    /// digits, begin the code. So an option's own label ("81000030 – Consulta odontológica") and a code with words
    /// ("81000030 consulta") find it (third outside tester: both found nothing).
    /// </summary>
    public static bool Matches(IProcedureRules procedure, string text)
    {
        var q = Domain.Common.TextFolding.Fold(text.Trim());
        if (IsCodeSearch(q)) return procedure.TussCode.StartsWith(q.Replace(" ", "", StringComparison.Ordinal), StringComparison.Ordinal);
        var description = Domain.Common.TextFolding.Fold(procedure.Description);
        return q.Split(WordSeparators, StringSplitOptions.RemoveEmptyEntries).All(w =>
            description.Contains(w, StringComparison.Ordinal)
            || (w.All(char.IsAsciiDigit) && procedure.TussCode.StartsWith(w, StringComparison.Ordinal)));
    }
}
