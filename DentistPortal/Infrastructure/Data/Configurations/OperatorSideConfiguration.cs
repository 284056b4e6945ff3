using DentistPortal.Domain.Beneficiaries;
using DentistPortal.Domain.CallCenter;
using DentistPortal.Domain.ClientPortal;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DentistPortal.Infrastructure.Data.Configurations;

internal sealed class ContactChangeRequestConfiguration : IEntityTypeConfiguration<ContactChangeRequest>
{
    public void Configure(EntityTypeBuilder<ContactChangeRequest> b)
    {
        b.Property(c => c.Channel).HasConversion<string>().HasMaxLength(8);
        b.Property(c => c.Status).HasConversion<string>().HasMaxLength(10);
        b.Property(c => c.NewValue).HasMaxLength(254);
        b.Property(c => c.CodeHash).HasMaxLength(32);
        b.Property(c => c.HmacKeyId).HasMaxLength(64);
        b.Property(c => c.RequestedByUserId).HasMaxLength(64);
        b.Property(c => c.Version).IsConcurrencyToken();
        b.HasOne<Beneficiary>().WithMany().HasForeignKey(c => c.BeneficiaryId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(c => new { c.BeneficiaryId, c.Status });
    }
}

internal sealed class IdentityCheckConfiguration : IEntityTypeConfiguration<IdentityCheck>
{
    public void Configure(EntityTypeBuilder<IdentityCheck> b)
    {
        b.Property(c => c.CallId).HasMaxLength(64);
        b.Property(c => c.AgentUserId).HasMaxLength(64);
        b.Property(c => c.Method).HasMaxLength(200);
        b.HasOne<Beneficiary>().WithMany().HasForeignKey(c => c.BeneficiaryId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(c => new { c.CallId, c.BeneficiaryId });
    }
}

internal sealed class AdminReceiptConfiguration : IEntityTypeConfiguration<DentistPortal.Domain.Access.AdminReceipt>
{
    public void Configure(EntityTypeBuilder<DentistPortal.Domain.Access.AdminReceipt> b)
    {
        b.Property(r => r.ActorUserId).HasMaxLength(64);
        b.Property(r => r.Action).HasMaxLength(64);
        b.Property(r => r.Key).HasMaxLength(254);
        b.Property(r => r.SubjectUserId).HasMaxLength(64);
        b.Property(r => r.ProtectedSecret).HasMaxLength(1000);
        b.HasIndex(r => new { r.ActorUserId, r.Action, r.Key, r.AtUtc });
        b.HasIndex(r => r.AtUtc);
    }
}
