using DentistPortal.Domain.Beneficiaries;
using DentistPortal.Domain.Clinics;
using DentistPortal.Domain.Messaging;
using DentistPortal.Domain.Procedures;
using DentistPortal.Domain.Tokens;
using DentistPortal.Domain.Treatments;
using DentistPortal.Infrastructure.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DentistPortal.Infrastructure.Data.Configurations;

internal sealed class TreatmentConfiguration : IEntityTypeConfiguration<Treatment>
{
    public void Configure(EntityTypeBuilder<Treatment> b)
    {
        b.Property(t => t.Number).HasMaxLength(20);
        b.HasIndex(t => t.Number).IsUnique();
        b.HasIndex(t => new { t.ClinicId, t.Status });
        b.HasIndex(t => t.BeneficiaryId);
        b.Property(t => t.Status).HasConversion<string>().HasMaxLength(24); // longest: SignedGuideUnderReview (22)
        b.Property(t => t.MissingTokenReason).HasMaxLength(80);
        // Issue 11: one reference per validation (TISS codValidacao).
        b.Property(t => t.ValidationReference).HasMaxLength(Treatment.MaxValidationReferenceLength);
        b.HasIndex(t => t.ValidationReference).IsUnique();
        b.Property(t => t.Version).IsConcurrencyToken();
        b.HasOne<Beneficiary>().WithMany().HasForeignKey(t => t.BeneficiaryId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Clinic>().WithMany().HasForeignKey(t => t.ClinicId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<ApplicationUser>().WithMany().HasForeignKey(t => t.DentistUserId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(t => t.Items).WithOne().HasForeignKey(i => i.TreatmentId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(t => t.Tokens).WithOne().HasForeignKey(k => k.TreatmentId).OnDelete(DeleteBehavior.Cascade);
        b.Navigation(t => t.Tokens).UsePropertyAccessMode(PropertyAccessMode.Field);
        b.Ignore(t => t.NewestToken);
        b.Ignore(t => t.HasAuthorizedItem);
        b.Ignore(t => t.IsClosed);
        // Signed guides belong to the treatment, which guards their transitions (issue 9 §1).
        b.HasMany(t => t.SignedGuides).WithOne().HasForeignKey(g => g.TreatmentId).OnDelete(DeleteBehavior.Restrict);
        b.Navigation(t => t.SignedGuides).UsePropertyAccessMode(PropertyAccessMode.Field);
        b.Ignore(t => t.CurrentSignedGuide);
        b.Ignore(t => t.SignableItems);
    }
}

internal sealed class TreatmentItemConfiguration : IEntityTypeConfiguration<TreatmentItem>
{
    public void Configure(EntityTypeBuilder<TreatmentItem> b)
    {
        b.Property(i => i.TussCode).HasMaxLength(8);
        b.Property(i => i.Description).HasMaxLength(300);
        b.Property(i => i.Region).HasMaxLength(4);
        b.Property(i => i.Faces).HasMaxLength(5);
        b.Property(i => i.Reason).HasMaxLength(300);
        b.Property(i => i.DecidedByUserId).HasMaxLength(64);
        b.Property(i => i.Authorization).HasConversion<string>().HasMaxLength(12);
        b.HasOne<Procedure>().WithMany().HasForeignKey(i => i.TussCode).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(i => new { i.TussCode, i.Authorization });
    }
}

internal sealed class AttendanceTokenConfiguration : IEntityTypeConfiguration<AttendanceToken>
{
    public void Configure(EntityTypeBuilder<AttendanceToken> b)
    {
        b.ToTable("Tokens");
        b.Property(t => t.CodeHash).HasMaxLength(32);
        b.Property(t => t.HmacKeyId).HasMaxLength(64);
        b.Property(t => t.EncryptedCode).HasMaxLength(500);
        b.Property(t => t.Status).HasConversion<string>().HasMaxLength(12);
        b.Property(t => t.ValidatedVia).HasConversion<string>().HasMaxLength(20);
        b.Property(t => t.Version).IsConcurrencyToken();
        b.HasIndex(t => new { t.TreatmentId, t.Sequence }).IsUnique();
        // TR-4 as a database guarantee: at most one Active token per treatment, whatever the number of app instances.
        b.HasIndex(t => t.TreatmentId).IsUnique().HasFilter("\"Status\" = 'Active'").HasDatabaseName("IX_Tokens_OneActivePerTreatment");
        b.HasIndex(t => new { t.Status, t.ExpiresAtUtc });
    }
}

internal sealed class TokenAttemptConfiguration : IEntityTypeConfiguration<TokenAttempt>
{
    public void Configure(EntityTypeBuilder<TokenAttempt> b)
    {
        b.Property(a => a.UserId).HasMaxLength(64);
        b.Property(a => a.Outcome).HasConversion<string>().HasMaxLength(12);
        b.Property(a => a.Via).HasConversion<string>().HasMaxLength(20);
        b.HasIndex(a => new { a.UserId, a.AtUtc });
        b.HasIndex(a => a.TreatmentId);
    }
}

internal sealed class UnsolicitedReportConfiguration : IEntityTypeConfiguration<UnsolicitedReport>
{
    public void Configure(EntityTypeBuilder<UnsolicitedReport> b)
    {
        b.Property(r => r.ReportedVia).HasMaxLength(16);
        b.Property(r => r.Status).HasConversion<string>().HasMaxLength(12);
        b.Property(r => r.Notes).HasMaxLength(1000);
        b.Property(r => r.DentistUserId).HasMaxLength(64);
        b.Property(r => r.AssignedToUserId).HasMaxLength(64);
        b.Property(r => r.Outcome).HasMaxLength(300);
        b.Property(r => r.ReportedByUserId).HasMaxLength(64);
        b.HasIndex(r => new { r.Status, r.AtUtc });
        b.HasIndex(r => r.TokenId).IsUnique();
    }
}

internal sealed class DeliveryConfiguration : IEntityTypeConfiguration<Delivery>
{
    public void Configure(EntityTypeBuilder<Delivery> b)
    {
        b.Property(d => d.Channel).HasConversion<string>().HasMaxLength(8);
        b.Property(d => d.Status).HasConversion<string>().HasMaxLength(10);
        b.Property(d => d.Destination).HasMaxLength(254);
        b.Property(d => d.MaskedDestination).HasMaxLength(254);
        b.Property(d => d.LeaseOwner).HasMaxLength(64);
        b.Property(d => d.ProviderMessageId).HasMaxLength(128);
        b.Property(d => d.LastError).HasMaxLength(500);
        b.HasOne<AttendanceToken>().WithMany().HasForeignKey(d => d.TokenId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(d => new { d.Status, d.NextAttemptAtUtc });
        b.HasIndex(d => d.TreatmentId);
        b.HasIndex(d => new { d.BeneficiaryId, d.Channel, d.CreatedAtUtc });
        // The SMS cap (TR-7) counts a phone's recent messages on every generation: keep it an index seek over the messages
        // it counts only. Messages refused by the cap are stored Failed; without the filter, every refused one stayed in
        // the range the next count walked (issue 13, handler cost: a phone with many refused tokens slowed each generation).
        b.HasIndex(d => new { d.Channel, d.Destination, d.CreatedAtUtc }).HasFilter("\"Status\" <> 'Failed'");
    }
}

internal sealed class SentMessageConfiguration : IEntityTypeConfiguration<SentMessage>
{
    public void Configure(EntityTypeBuilder<SentMessage> b)
    {
        b.Property(m => m.Channel).HasConversion<string>().HasMaxLength(8);
        b.Property(m => m.Destination).HasMaxLength(254);
        b.Property(m => m.Purpose).HasMaxLength(40);
        b.HasIndex(m => new { m.Channel, m.Destination, m.AtUtc });
    }
}

internal sealed class IdempotencyRecordConfiguration : IEntityTypeConfiguration<IdempotencyRecord>
{
    public void Configure(EntityTypeBuilder<IdempotencyRecord> b)
    {
        b.Property(r => r.UserId).HasMaxLength(64);
        b.Property(r => r.Action).HasMaxLength(40);
        b.HasIndex(r => new { r.UserId, r.Key }).IsUnique();
        b.HasIndex(r => r.CreatedAtUtc);
    }
}

internal sealed class DevMessageConfiguration : IEntityTypeConfiguration<DevMessage>
{
    public void Configure(EntityTypeBuilder<DevMessage> b)
    {
        b.Property(m => m.Channel).HasConversion<string>().HasMaxLength(8);
        b.Property(m => m.To).HasMaxLength(254);
        b.Property(m => m.Subject).HasMaxLength(300);
        b.HasIndex(m => m.CreatedAtUtc);
    }
}
