using DentistPortal.Domain.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DentistPortal.Infrastructure.Data.Configurations;

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> b)
    {
        b.Property(x => x.ActorUserId).HasMaxLength(64);
        b.Property(x => x.ActorName).HasMaxLength(200);
        b.Property(x => x.ActorRole).HasMaxLength(32);
        b.Property(x => x.Action).HasMaxLength(64);
        b.Property(x => x.SubjectType).HasMaxLength(32);
        b.Property(x => x.SubjectId).HasMaxLength(64);
        b.Property(x => x.Outcome).HasMaxLength(32);
        b.Property(x => x.Detail).HasMaxLength(500);
        b.HasIndex(x => x.AtUtc);
        b.HasIndex(x => new { x.ClinicId, x.AtUtc });
    }
}
