using DentistPortal.Domain.Procedures;
using DentistPortal.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace DentistPortal.Features.Treatments;

/// <summary>The procedure catalogue, read once and kept in memory (it changes only through the admin screens).</summary>
public sealed class ProcedureCatalog(IDbContextFactory<AppDbContext> dbFactory)
{
    private volatile IReadOnlyDictionary<string, Procedure>? cache;

    public async Task<IReadOnlyDictionary<string, Procedure>> GetAsync(CancellationToken ct = default)
    {
        if (cache is { } c) return c;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var all = await db.Procedures.AsNoTracking().ToDictionaryAsync(p => p.TussCode, ct);
        cache = all;
        return all;
    }

    public void Invalidate() => cache = null;

    /// <summary>Searches by TUSS code prefix or by words of the description (accent-insensitive).</summary>
    public async Task<IReadOnlyList<Procedure>> SearchAsync(string? text, int max = 20, CancellationToken ct = default)
    {
        var all = (await GetAsync(ct)).Values.Where(p => p.IsActive);
        if (string.IsNullOrWhiteSpace(text)) return [.. all.OrderBy(p => p.Description).Take(max)];
        var q = Fold(text.Trim());
        if (q.All(char.IsAsciiDigit)) return [.. all.Where(p => p.TussCode.StartsWith(q, StringComparison.Ordinal)).OrderBy(p => p.TussCode).Take(max)];
        var words = q.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return [.. all.Where(p => words.All(w => Fold(p.Description).Contains(w, StringComparison.Ordinal))).OrderBy(p => p.Description).Take(max)];
    }

    private static string Fold(string s) =>
        new string(s.ToLowerInvariant().Normalize(System.Text.NormalizationForm.FormD)
            .Where(c => System.Globalization.CharUnicodeInfo.GetUnicodeCategory(c) != System.Globalization.UnicodeCategory.NonSpacingMark).ToArray());
}
