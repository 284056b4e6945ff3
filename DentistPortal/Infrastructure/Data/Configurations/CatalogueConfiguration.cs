using DentistPortal.Domain.Plans;
using DentistPortal.Domain.Procedures;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DentistPortal.Infrastructure.Data.Configurations;

internal sealed class ProcedureConfiguration : IEntityTypeConfiguration<Procedure>
{
    public void Configure(EntityTypeBuilder<Procedure> b)
    {
        b.HasKey(p => p.TussCode);
        b.Property(p => p.TussCode).HasMaxLength(8);
        b.Property(p => p.Description).HasMaxLength(300);
        b.Property(p => p.Site).HasConversion<string>().HasMaxLength(12);
        b.Ignore(p => p.RequiresTooth);
        b.Ignore(p => p.RequiresRegion);
    }
}

internal sealed class PlanConfiguration : IEntityTypeConfiguration<Plan>
{
    public void Configure(EntityTypeBuilder<Plan> b)
    {
        b.Property(p => p.Name).HasMaxLength(150);
        b.Property(p => p.AnsProductCode).HasMaxLength(20);
        b.HasMany(p => p.Coverages).WithOne().HasForeignKey(c => c.PlanId);
    }
}

internal sealed class PlanCoverageConfiguration : IEntityTypeConfiguration<PlanCoverage>
{
    public void Configure(EntityTypeBuilder<PlanCoverage> b)
    {
        b.HasOne<Procedure>().WithMany().HasForeignKey(c => c.TussCode);
        b.HasIndex(c => new { c.PlanId, c.TussCode }).IsUnique();
        b.Property(c => c.Price).HasPrecision(10, 2);
    }
}
