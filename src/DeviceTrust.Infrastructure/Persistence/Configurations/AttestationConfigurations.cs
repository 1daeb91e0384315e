using DeviceTrust.Domain.Attestation;
using DeviceTrust.Domain.Devices;
using DeviceTrust.Domain.Fleet;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DeviceTrust.Infrastructure.Persistence.Configurations;

internal sealed class AttestationKeyConfiguration : IEntityTypeConfiguration<AttestationKey>
{
    public void Configure(EntityTypeBuilder<AttestationKey> builder)
    {
        builder.ToTable("AttestationKeys");
        builder.Property(k => k.Id).ValueGeneratedNever();
        builder.Property(k => k.KeyId).HasMaxLength(32).IsRequired();
        builder.Property(k => k.SubjectPublicKeyInfo).HasMaxLength(1024).IsRequired();
        builder.Property(k => k.Origin).HasConversion<string>().HasMaxLength(20);
        builder.Property(k => k.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(k => k.AddedBy).HasMaxLength(200).IsRequired();
        builder.Property(k => k.RetiredBy).HasMaxLength(200);
        builder.Property(k => k.RetirementReason).HasMaxLength(500);
        builder.HasOne<Device>().WithMany().HasForeignKey(k => k.DeviceId).OnDelete(DeleteBehavior.Restrict);
        // Evidence names its key by kid: looked up on every appraisal.
        builder.HasIndex(k => k.KeyId);
        builder.HasIndex(k => new { k.DeviceId, k.Status });
    }
}

internal sealed class ReferenceValueConfiguration : IEntityTypeConfiguration<ReferenceValue>
{
    public void Configure(EntityTypeBuilder<ReferenceValue> builder)
    {
        builder.ToTable("ReferenceValues");
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.Property(r => r.FirmwareVersion).HasMaxLength(32).IsRequired();
        builder.Property(r => r.Component).HasMaxLength(64).IsRequired();
        builder.Property(r => r.Digest).HasMaxLength(64).IsRequired();
        builder.Property(r => r.AddedBy).HasMaxLength(200).IsRequired();
        builder.Property(r => r.RemovedBy).HasMaxLength(200);
        builder.HasOne<DeviceClass>().WithMany().HasForeignKey(r => r.DeviceClassId).OnDelete(DeleteBehavior.Restrict);
        // One active value per class, version and component; removed ones stay for history. The filter quotes the
        // column as both SQLite and SQL Server (QUOTED_IDENTIFIER ON, which filtered indexes need anyway) read it.
        builder.HasIndex(r => new { r.DeviceClassId, r.FirmwareVersion, r.Component }).IsUnique().HasFilter("\"RemovedAt\" IS NULL");
    }
}
