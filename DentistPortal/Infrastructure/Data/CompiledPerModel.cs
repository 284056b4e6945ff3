using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace DentistPortal.Infrastructure.Data;

/// <summary>
/// An EF Core compiled query (<c>EF.CompileAsyncQuery</c>) compiled once per model. EF ties a compiled delegate to the
/// first model it runs with and throws "executed with a different model" for any other; the portal has one model per
/// provider (<see cref="AppDbContext"/> on SQLite, <see cref="PostgresAppDbContext"/> on PostgreSQL), and one process may
/// use both (the test suite, the bench, a migration tool). Issue 13 (handler cost) introduced the compiled queries; an
/// outside tester found them failing on PostgreSQL after a SQLite test in the same process.
/// </summary>
/// <typeparam name="TQuery">The delegate <c>EF.CompileAsyncQuery</c> returns.</typeparam>
public sealed class CompiledPerModel<TQuery>(Func<TQuery> compile) where TQuery : class
{
    private readonly ConditionalWeakTable<IModel, TQuery> byModel = new();

    /// <summary>The query compiled for this context's model (compiled on first use, then shared by every context of that model).</summary>
    public TQuery For(DbContext db) => byModel.GetValue(db.Model, _ => compile());
}
