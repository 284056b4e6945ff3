using DentistPortal.Domain.Access;
using DentistPortal.Domain.Clinics;
using DentistPortal.Infrastructure.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DentistPortal.Infrastructure.Data.Configurations;

/// <summary>API credentials of clinics (issue 11): the key id is unique and indexed (every API call looks it up).</summary>
internal sealed class ApiCredentialConfiguration : IEntityTypeConfiguration<ApiCredential>
{
    public void Configure(EntityTypeBuilder<ApiCredential> b)
    {
        b.Property(c => c.Label).HasMaxLength(ApiCredential.LabelMaxLength);
        b.Property(c => c.KeyId).HasMaxLength(32);
        b.Property(c => c.SecretHash).HasMaxLength(32);
        b.Property(c => c.IntegrationUserId).HasMaxLength(64);
        b.Property(c => c.CreatedByUserId).HasMaxLength(64);
        b.Property(c => c.CreatedByName).HasMaxLength(200);
        b.Property(c => c.RevokedByUserId).HasMaxLength(64);
        b.Property(c => c.RevokedByName).HasMaxLength(200);
        b.HasIndex(c => c.KeyId).IsUnique();
        b.HasIndex(c => c.IntegrationUserId).IsUnique();
        b.HasIndex(c => c.ClinicId);
        b.HasOne<Clinic>().WithMany().HasForeignKey(c => c.ClinicId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<ApplicationUser>().WithMany().HasForeignKey(c => c.IntegrationUserId).OnDelete(DeleteBehavior.Restrict);
    }
}
