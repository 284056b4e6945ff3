using DentistPortal.Domain.Beneficiaries;
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
    }
}
