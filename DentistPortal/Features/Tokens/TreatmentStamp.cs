using DentistPortal.Domain.Treatments;
using DentistPortal.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace DentistPortal.Features.Tokens;

/// <summary>
/// Issue 13 (no latency cliffs): what tells whether a treatment aggregate read before the write turn is still the latest
/// one. Every change of a treatment or of one of its tokens bumps that row's <c>Version</c> (their optimistic concurrency
/// tokens) and tokens are never deleted, so the treatment's version, its token count and the sum of its tokens' versions
/// change whenever anything the token rules decide on (TR-3…TR-8) changed. Read inside the turn in one statement; when it
/// differs, the handler reads the aggregate again there, where nobody else can write it.
/// </summary>
public sealed record TreatmentStamp(int Version, int Tokens, int TokenVersions)
{
    /// <summary>The stamp of an aggregate loaded with its tokens.</summary>
    public static TreatmentStamp Of(Treatment treatment) => new(treatment.Version, treatment.Tokens.Count, treatment.Tokens.Sum(t => t.Version));

    /// <summary>True when <paramref name="loaded"/> is still the committed state (read it inside the write turn).</summary>
    public static async Task<bool> IsCurrentAsync(AppDbContext db, Treatment loaded, CancellationToken ct) =>
        await Read.For(db)(db, loaded.Id, ct) == Of(loaded);

    private static readonly CompiledPerModel<Func<AppDbContext, int, CancellationToken, Task<TreatmentStamp?>>> Read =
        new(() => EF.CompileAsyncQuery((AppDbContext db, int id, CancellationToken ct) =>
            db.Treatments.Where(t => t.Id == id)
                .Select(t => new TreatmentStamp(t.Version, t.Tokens.Count(), t.Tokens.Sum(k => k.Version)))
                .FirstOrDefault()));
}
