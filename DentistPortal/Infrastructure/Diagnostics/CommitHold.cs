using System.Data.Common;
using System.Runtime.CompilerServices;
using DentistPortal.Domain.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace DentistPortal.Infrastructure.Diagnostics;

/// <summary>
/// Test-only fault point for the crash tests of issue 10 ("a process killed in the middle of … loses nothing and doubles
/// nothing"): holds the transaction that writes a given audit action, just before or just after its COMMIT, writes a
/// signal file, and waits for ever, so a test can SIGKILL the real process at exactly that moment. Active only in the
/// Development environment and only when <c>Testing:HoldCommit:Action</c> is configured; production never registers it.
/// </summary>
/// <remarks>
/// Settings: <c>Testing:HoldCommit:Action</c> (an <see cref="AuditActions"/> code), optional <c>:Outcome</c> (the audit
/// outcome, e.g. <c>Validated</c>), <c>:When</c> (<c>BeforeCommit</c>, the default, or <c>AfterCommit</c>) and
/// <c>:SignalFile</c> (written when the hold starts).
/// </remarks>
public sealed class CommitHold : SaveChangesInterceptor, IDbTransactionInterceptor
{
    private readonly string action;
    private readonly string? outcome;
    private readonly bool afterCommit;
    private readonly string signalFile;
    private readonly ConditionalWeakTable<DbContext, object> armed = [];

    private CommitHold(string action, string? outcome, bool afterCommit, string signalFile)
    {
        this.action = action;
        this.outcome = outcome;
        this.afterCommit = afterCommit;
        this.signalFile = signalFile;
    }

    /// <summary>The hold the configuration asks for, or null (always null outside Development).</summary>
    public static CommitHold? FromConfiguration(IConfiguration configuration, IHostEnvironment? environment)
    {
        var section = configuration.GetSection("Testing:HoldCommit");
        if (environment?.IsDevelopment() != true || string.IsNullOrWhiteSpace(section["Action"])) return null;
        var signal = section["SignalFile"] ?? throw new InvalidOperationException("Testing:HoldCommit:SignalFile is required with Testing:HoldCommit:Action.");
        return new CommitHold(section["Action"]!, section["Outcome"], string.Equals(section["When"], "AfterCommit", StringComparison.OrdinalIgnoreCase), signal);
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Arm(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Arm(eventData.Context);
        return result;
    }

    private void Arm(DbContext? context)
    {
        if (context is null) return;
        var matches = context.ChangeTracker.Entries<AuditEntry>()
            .Any(e => e.State == EntityState.Added && e.Entity.Action == action && (outcome is null || e.Entity.Outcome == outcome));
        if (matches) armed.AddOrUpdate(context, this);
    }

    private async Task HoldIfArmedAsync(DbContext? context, bool committed)
    {
        if (context is null || committed != afterCommit || !armed.TryGetValue(context, out _)) return;
        await File.WriteAllTextAsync(signalFile, $"{action} {(committed ? "committed" : "committing")}");
        await Task.Delay(Timeout.Infinite); // until the test kills the process
    }

    public async ValueTask<InterceptionResult> TransactionCommittingAsync(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
    {
        await HoldIfArmedAsync(eventData.Context, committed: false);
        return result;
    }

    public async Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default) =>
        await HoldIfArmedAsync(eventData.Context, committed: true);

    public InterceptionResult TransactionCommitting(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result)
    {
        HoldIfArmedAsync(eventData.Context, committed: false).GetAwaiter().GetResult();
        return result;
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) =>
        HoldIfArmedAsync(eventData.Context, committed: true).GetAwaiter().GetResult();
}
