using DentistPortal.Domain.Clinics;
using DentistPortal.Domain.Contingency;
using DentistPortal.Domain.Treatments;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DentistPortal.Infrastructure.Data.Configurations;

internal sealed class ContingencyRecordConfiguration : IEntityTypeConfiguration<ContingencyRecord>
{
    public void Configure(EntityTypeBuilder<ContingencyRecord> b)
    {
        b.Property(c => c.ReasonCode).HasMaxLength(4);
        b.Property(c => c.ReasonNote).HasMaxLength(300);
        b.Property(c => c.ByUserId).HasMaxLength(64);
        b.Property(c => c.ByName).HasMaxLength(200);
        b.HasOne<Treatment>().WithMany().HasForeignKey(c => c.TreatmentId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class SignedGuideConfiguration : IEntityTypeConfiguration<SignedGuide>
{
    public void Configure(EntityTypeBuilder<SignedGuide> b)
    {
        b.Property(g => g.StoredFileName).HasMaxLength(80);
        b.Property(g => g.OriginalFileName).HasMaxLength(255);
        b.Property(g => g.ContentType).HasMaxLength(40);
        b.Property(g => g.Sha256).HasMaxLength(64);
        b.Property(g => g.UploadedByUserId).HasMaxLength(64);
        b.Property(g => g.UploadedByName).HasMaxLength(200);
        b.Property(g => g.ReasonCode).HasMaxLength(4);
        b.Property(g => g.ContingencyNumber).HasMaxLength(20);
        b.Property(g => g.Status).HasConversion<string>().HasMaxLength(12);
        b.Property(g => g.ReviewedByUserId).HasMaxLength(64);
        b.Property(g => g.ReviewedByName).HasMaxLength(200);
        b.Property(g => g.Rejection).HasConversion<string>().HasMaxLength(24);
        b.Property(g => g.RejectionNote).HasMaxLength(SignedGuidePolicy.MaxNoteLength);
        // A double click or a second tab cannot store two copies of the same submission.
        b.HasIndex(g => new { g.TreatmentId, g.Submission }).IsUnique();
        b.HasIndex(g => g.Status);
        b.HasMany(g => g.Confirmations).WithOne().HasForeignKey(c => c.SignedGuideId).OnDelete(DeleteBehavior.Cascade);
        b.Navigation(g => g.Confirmations).UsePropertyAccessMode(PropertyAccessMode.Field);
        b.Ignore(g => g.IsDecided);
        b.Ignore(g => g.IsImage);
    }
}

internal sealed class SignedGuideConfirmationConfiguration : IEntityTypeConfiguration<SignedGuideConfirmation>
{
    public void Configure(EntityTypeBuilder<SignedGuideConfirmation> b)
    {
        b.ToTable("SignedGuideConfirmations");
        b.HasOne<TreatmentItem>().WithMany().HasForeignKey(c => c.TreatmentItemId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(c => new { c.SignedGuideId, c.TreatmentItemId }).IsUnique();
    }
}

internal sealed class ContingencyNumberConfiguration : IEntityTypeConfiguration<ContingencyNumber>
{
    public void Configure(EntityTypeBuilder<ContingencyNumber> b)
    {
        b.Property(c => c.Number).HasMaxLength(20);
        b.HasIndex(c => c.Number).IsUnique();
        b.Property(c => c.IssuedByUserId).HasMaxLength(64);
        b.Property(c => c.Note).HasMaxLength(300);
        b.Property(c => c.Version).IsConcurrencyToken();
        b.HasOne<Clinic>().WithMany().HasForeignKey(c => c.ClinicId).OnDelete(DeleteBehavior.Restrict);
        b.Ignore(c => c.IsUsed);
    }
}
