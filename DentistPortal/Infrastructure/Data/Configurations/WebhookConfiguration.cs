using DentistPortal.Domain.Clinics;
using DentistPortal.Domain.Webhooks;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DentistPortal.Infrastructure.Data.Configurations;

internal sealed class WebhookSubscriptionConfiguration : IEntityTypeConfiguration<WebhookSubscription>
{
    public void Configure(EntityTypeBuilder<WebhookSubscription> b)
    {
        b.Property(s => s.Url).HasMaxLength(WebhookSubscription.MaxUrlLength);
        b.Property(s => s.ProtectedSecret).HasMaxLength(1000);
        b.Property(s => s.CreatedByUserId).HasMaxLength(64);
        b.Property(s => s.UpdatedByUserId).HasMaxLength(64);
        b.Property(s => s.Version).IsConcurrencyToken();
        b.HasOne<Clinic>().WithMany().HasForeignKey(s => s.ClinicId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(s => s.ClinicId).IsUnique(); // one webhook per clinic
    }
}

internal sealed class WebhookDeliveryConfiguration : IEntityTypeConfiguration<WebhookDelivery>
{
    public void Configure(EntityTypeBuilder<WebhookDelivery> b)
    {
        b.Property(d => d.EventId).HasMaxLength(40);
        b.Property(d => d.Type).HasConversion<string>().HasMaxLength(20);
        b.Property(d => d.Status).HasConversion<int>();
        b.Property(d => d.Payload).HasMaxLength(2000);
        b.Property(d => d.LeaseOwner).HasMaxLength(64);
        b.Property(d => d.LastError).HasMaxLength(500);
        b.Property(d => d.LastResponseExcerpt).HasMaxLength(WebhookDelivery.ResponseExcerptLength);
        b.HasOne<WebhookSubscription>().WithMany().HasForeignKey(d => d.SubscriptionId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(d => d.EventId).IsUnique();
        b.HasIndex(d => new { d.Status, d.NextAttemptAtUtc });
        b.HasIndex(d => new { d.ClinicId, d.Id });
    }
}
