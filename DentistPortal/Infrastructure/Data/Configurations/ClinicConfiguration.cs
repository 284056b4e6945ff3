using DentistPortal.Domain.Clinics;
using DentistPortal.Infrastructure.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DentistPortal.Infrastructure.Data.Configurations;

internal sealed class ClinicConfiguration : IEntityTypeConfiguration<Clinic>
{
    public void Configure(EntityTypeBuilder<Clinic> b)
    {
        b.Property(c => c.Name).HasMaxLength(200);
        b.Property(c => c.Cnpj).HasMaxLength(14);
        b.HasIndex(c => c.Cnpj).IsUnique();
        b.Property(c => c.Cnes).HasMaxLength(7);
        b.Property(c => c.City).HasMaxLength(100);
        b.Property(c => c.Uf).HasMaxLength(2);
        b.Property(c => c.Address).HasMaxLength(300);
        b.Property(c => c.CodeAtOperator).HasMaxLength(14);
    }
}

internal sealed class ClinicMemberConfiguration : IEntityTypeConfiguration<ClinicMember>
{
    public void Configure(EntityTypeBuilder<ClinicMember> b)
    {
        b.HasOne(m => m.Clinic).WithMany(c => c.Members).HasForeignKey(m => m.ClinicId);
        b.HasOne<ApplicationUser>().WithMany().HasForeignKey(m => m.UserId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(m => new { m.UserId, m.ClinicId }).IsUnique();
    }
}

internal sealed class DentistConfiguration : IEntityTypeConfiguration<Dentist>
{
    public void Configure(EntityTypeBuilder<Dentist> b)
    {
        b.HasOne<ApplicationUser>().WithOne().HasForeignKey<Dentist>(d => d.UserId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(d => d.UserId).IsUnique();
        b.HasIndex(d => new { d.CroUf, d.CroNumber }).IsUnique();
        b.Property(d => d.FullName).HasMaxLength(200);
        b.Property(d => d.Cpf).HasMaxLength(11);
        b.Property(d => d.CroNumber).HasMaxLength(6);
        b.Property(d => d.CroUf).HasMaxLength(2);
        b.Property(d => d.Cbos).HasMaxLength(6).HasDefaultValue(Dentist.DefaultCbos);
        b.Ignore(d => d.CroDisplay);
    }
}
