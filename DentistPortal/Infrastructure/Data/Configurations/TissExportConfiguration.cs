using DentistPortal.Domain.Clinics;
using DentistPortal.Domain.Tiss;
using DentistPortal.Domain.Treatments;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DentistPortal.Infrastructure.Data.Configurations;

internal sealed class TissExportConfiguration : IEntityTypeConfiguration<TissExport>
{
    public void Configure(EntityTypeBuilder<TissExport> b)
    {
        b.Property(e => e.Kind).HasConversion<string>().HasMaxLength(20);
        b.Property(e => e.ByUserId).HasMaxLength(64);
        b.Property(e => e.ByName).HasMaxLength(200);
        b.Property(e => e.FileName).HasMaxLength(120);
        b.Property(e => e.ContentType).HasMaxLength(60);
        // Issue 11: sequence numbers are unique per file; the counter hands them out, this index is the last guard.
        b.HasIndex(e => e.FirstSequence).IsUnique();
        b.HasIndex(e => new { e.ClinicId, e.AtUtc });
        b.HasOne<Clinic>().WithMany().HasForeignKey(e => e.ClinicId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(e => e.Guides).WithOne().HasForeignKey(g => g.TissExportId).OnDelete(DeleteBehavior.Cascade);
        b.Navigation(e => e.Guides).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class TissExportedGuideConfiguration : IEntityTypeConfiguration<TissExportedGuide>
{
    public void Configure(EntityTypeBuilder<TissExportedGuide> b)
    {
        b.HasIndex(g => new { g.TissExportId, g.TreatmentId }).IsUnique();
        b.HasIndex(g => g.TreatmentId);
        b.HasOne<Treatment>().WithMany().HasForeignKey(g => g.TreatmentId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class TissSequenceCounterConfiguration : IEntityTypeConfiguration<TissSequenceCounter>
{
    public void Configure(EntityTypeBuilder<TissSequenceCounter> b)
    {
        b.Property(c => c.Id).ValueGeneratedNever();
        b.Property(c => c.Version).IsConcurrencyToken();
    }
}
