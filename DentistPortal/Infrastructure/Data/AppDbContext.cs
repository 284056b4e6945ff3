using DentistPortal.Domain.Audit;
using DentistPortal.Domain.Beneficiaries;
using DentistPortal.Domain.CallCenter;
using DentistPortal.Domain.ClientPortal;
using DentistPortal.Domain.Clinics;
using DentistPortal.Domain.Contingency;
using DentistPortal.Domain.Plans;
using DentistPortal.Domain.Messaging;
using DentistPortal.Domain.Procedures;
using DentistPortal.Domain.Tokens;
using DentistPortal.Domain.Treatments;
using DentistPortal.Infrastructure.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace DentistPortal.Infrastructure.Data;

/// <summary>
/// The portal's database. On SQLite (the embedded default) this type itself is used and its migrations live in
/// <c>Migrations/</c>; on PostgreSQL the derived <see cref="PostgresAppDbContext"/> carries the same model with its own
/// migrations (<c>Migrations/PostgreSQL/</c>), as EF Core documents for several providers (issue 12).
/// </summary>
public class AppDbContext : IdentityDbContext<ApplicationUser>, Microsoft.AspNetCore.DataProtection.EntityFrameworkCore.IDataProtectionKeyContext
{
    public AppDbContext(DbContextOptions<AppDbContext> options) : base(options) { }

    /// <summary>For a provider's derived context (same model, its own migrations).</summary>
    protected AppDbContext(DbContextOptions options) : base(options) { }

    /// <summary>Data Protection keys shared by every instance (issue 12), each encrypted with the configured certificate.</summary>
    public DbSet<Microsoft.AspNetCore.DataProtection.EntityFrameworkCore.DataProtectionKey> DataProtectionKeys => Set<Microsoft.AspNetCore.DataProtection.EntityFrameworkCore.DataProtectionKey>();

    public DbSet<Clinic> Clinics => Set<Clinic>();
    public DbSet<ClinicMember> ClinicMembers => Set<ClinicMember>();
    public DbSet<Dentist> Dentists => Set<Dentist>();
    public DbSet<Plan> Plans => Set<Plan>();
    public DbSet<PlanCoverage> PlanCoverages => Set<PlanCoverage>();
    public DbSet<Procedure> Procedures => Set<Procedure>();
    public DbSet<Beneficiary> Beneficiaries => Set<Beneficiary>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<Treatment> Treatments => Set<Treatment>();
    public DbSet<TreatmentItem> TreatmentItems => Set<TreatmentItem>();
    public DbSet<AttendanceToken> Tokens => Set<AttendanceToken>();
    public DbSet<TokenAttempt> TokenAttempts => Set<TokenAttempt>();
    public DbSet<UnsolicitedReport> UnsolicitedReports => Set<UnsolicitedReport>();
    public DbSet<Delivery> Deliveries => Set<Delivery>();
    public DbSet<DevMessage> DevMessages => Set<DevMessage>();
    public DbSet<ContingencyRecord> ContingencyRecords => Set<ContingencyRecord>();
    public DbSet<SignedGuide> SignedGuides => Set<SignedGuide>();
    public DbSet<ContingencyNumber> ContingencyNumbers => Set<ContingencyNumber>();
    public DbSet<ContactChangeRequest> ContactChangeRequests => Set<ContactChangeRequest>();
    public DbSet<IdentityCheck> IdentityChecks => Set<IdentityCheck>();
    public DbSet<LookupGrant> LookupGrants => Set<LookupGrant>();
    public DbSet<Domain.Access.AdminReceipt> AdminReceipts => Set<Domain.Access.AdminReceipt>();
    public DbSet<SentMessage> SentMessages => Set<SentMessage>();
    public DbSet<IdempotencyRecord> IdempotencyRecords => Set<IdempotencyRecord>();
    public DbSet<Domain.Access.ApiCredential> ApiCredentials => Set<Domain.Access.ApiCredential>();
    public DbSet<Domain.Tiss.TissExport> TissExports => Set<Domain.Tiss.TissExport>();
    public DbSet<Domain.Tiss.TissExportedGuide> TissExportedGuides => Set<Domain.Tiss.TissExportedGuide>();
    public DbSet<Domain.Tiss.TissSequenceCounter> TissSequenceCounters => Set<Domain.Tiss.TissSequenceCounter>();
    public DbSet<Domain.Webhooks.WebhookSubscription> WebhookSubscriptions => Set<Domain.Webhooks.WebhookSubscription>();
    public DbSet<Domain.Webhooks.WebhookDelivery> WebhookDeliveries => Set<Domain.Webhooks.WebhookDelivery>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(AppDbContext).Assembly, t => t.Namespace == typeof(AppDbContext).Namespace + ".Configurations");
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite cannot order or compare DateTimeOffset; store UTC ticks (TR-13: store UTC).
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcTicksConverter>();
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        GuardAppendOnly();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        GuardAppendOnly();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    /// <summary>The audit trail is append-only: an edit or delete is a bug, never a feature.</summary>
    private void GuardAppendOnly()
    {
        if (ChangeTracker.Entries<AuditEntry>().Any(e => e.State is EntityState.Modified or EntityState.Deleted))
            throw new InvalidOperationException("The audit trail is append-only.");
    }
}
