using DeviceTrust.Domain.Devices;
using DeviceTrust.Domain.Refusals;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DeviceTrust.Infrastructure.Persistence.Configurations;

internal sealed class RefusalConfiguration : IEntityTypeConfiguration<Refusal>
{
    public void Configure(EntityTypeBuilder<Refusal> builder)
    {
        builder.ToTable("Refusals");
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.Property(r => r.Endpoint).HasConversion<string>().HasMaxLength(20);
        builder.Property(r => r.Category).HasConversion<string>().HasMaxLength(30);
        builder.Property(r => r.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(r => r.SourceAddress).HasMaxLength(Refusal.MaxAddressLength).IsRequired();
        builder.Property(r => r.Credential).HasMaxLength(Refusal.MaxCredentialLength).IsRequired();
        builder.Property(r => r.Fingerprint).HasMaxLength(64).IsFixedLength();
        builder.Property(r => r.SerialNumber).HasMaxLength(64);
        builder.Property(r => r.CertificateSubject).HasMaxLength(Refusal.MaxNameLength);
        builder.Property(r => r.CertificateIssuer).HasMaxLength(Refusal.MaxNameLength);
        builder.Property(r => r.LastReason).HasMaxLength(Refusal.MaxReasonLength).IsRequired();
        builder.Property(r => r.AcknowledgedBy).HasMaxLength(200);
        builder.Property(r => r.AcknowledgementNote).HasMaxLength(Refusal.MaxNoteLength);
        // A device that is deleted takes its refusals' link with it, not the refusals (they are evidence).
        builder.HasOne<Device>().WithMany().HasForeignKey(r => r.DeviceId).OnDelete(DeleteBehavior.SetNull);
        // One row per key: repeats count onto it (and a second instance adding the same key fails here and retries).
        builder.HasIndex(r => new { r.Endpoint, r.SourceAddress, r.Category, r.Credential }).IsUnique();
        // Pruning the least recently seen, and the page's default order.
        builder.HasIndex(r => r.LastSeenAt);
        // First refusal of a category for a device.
        builder.HasIndex(r => new { r.DeviceId, r.Category });
        builder.HasIndex(r => new { r.Status, r.LastSeenAt });
    }
}
