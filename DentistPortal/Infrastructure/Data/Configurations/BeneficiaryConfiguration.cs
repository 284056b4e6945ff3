using DentistPortal.Domain.Beneficiaries;
using DentistPortal.Domain.Clinics;
using DentistPortal.Domain.Plans;
using DentistPortal.Infrastructure.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DentistPortal.Infrastructure.Data.Configurations;

internal sealed class BeneficiaryConfiguration : IEntityTypeConfiguration<Beneficiary>
{
    public void Configure(EntityTypeBuilder<Beneficiary> b)
    {
        b.Property(x => x.CardNumber).HasMaxLength(16);
        b.HasIndex(x => x.CardNumber).IsUnique();
        b.Property(x => x.Cpf).HasMaxLength(11);
        b.HasIndex(x => x.Cpf).IsUnique();
        b.Property(x => x.FullName).HasMaxLength(200);
        b.Property(x => x.MobilePhone).HasMaxLength(20);
        b.Property(x => x.Email).HasMaxLength(254);
        b.Property(x => x.Status).HasConversion<string>().HasMaxLength(10);
        b.Property(x => x.Relationship).HasConversion<string>().HasMaxLength(10);
        b.HasOne(x => x.Holder).WithMany(h => h.Dependents).HasForeignKey(x => x.HolderId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Plan>().WithMany().HasForeignKey(x => x.PlanId);
        b.HasOne<ApplicationUser>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.SetNull);
        b.HasIndex(x => x.UserId);
        b.Ignore(x => x.IsHolder);
        b.Ignore(x => x.IsActive);
        b.Ignore(x => x.HasOwnContact);
        b.Ignore(x => x.ContactProbablyWrong);
    }
}

internal sealed class LookupGrantConfiguration : IEntityTypeConfiguration<LookupGrant>
{
    public void Configure(EntityTypeBuilder<LookupGrant> b)
    {
        b.Property(x => x.Reference).HasMaxLength(LookupGrant.ReferenceLength);
        b.HasIndex(x => x.Reference).IsUnique();
        b.Property(x => x.UserId).HasMaxLength(64);
        b.HasIndex(x => new { x.UserId, x.ClinicId, x.BeneficiaryId });
        b.HasOne<Beneficiary>().WithMany().HasForeignKey(x => x.BeneficiaryId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Clinic>().WithMany().HasForeignKey(x => x.ClinicId).OnDelete(DeleteBehavior.Cascade);
    }
}
