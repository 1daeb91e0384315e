using DeviceTrust.Domain.Fleet;
using DeviceTrust.Domain.Updates;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DeviceTrust.Infrastructure.Persistence.Configurations;

internal sealed class FirmwareReleaseConfiguration : IEntityTypeConfiguration<FirmwareRelease>
{
    public void Configure(EntityTypeBuilder<FirmwareRelease> builder)
    {
        builder.ToTable("FirmwareReleases");
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.Property(r => r.FirmwareVersion).HasMaxLength(FirmwareRelease.MaxVersionLength).IsRequired();
        builder.Property(r => r.ManifestDigest).HasMaxLength(32).IsRequired();
        builder.Property(r => r.Envelope).IsRequired();
        builder.Property(r => r.Origin).HasConversion<string>().HasMaxLength(20);
        builder.Property(r => r.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(r => r.Signer).HasMaxLength(300).IsRequired();
        builder.Property(r => r.Description).HasMaxLength(FirmwareRelease.MaxDescriptionLength);
        builder.Property(r => r.PublishedBy).HasMaxLength(200).IsRequired();
        builder.Property(r => r.WithdrawnBy).HasMaxLength(200);
        builder.Property(r => r.WithdrawalReason).HasMaxLength(FirmwareRelease.MaxDescriptionLength);
        builder.Ignore(r => r.TotalSize);
        builder.OwnsMany(r => r.Images, i =>
        {
            i.ToJson("Images");
            i.Ignore(x => x.DigestHex);
        });
        builder.Navigation(r => r.Images).HasField("_images").UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.HasOne<DeviceClass>().WithMany().HasForeignKey(r => r.DeviceClassId).OnDelete(DeleteBehavior.Restrict);
        // Anti-rollback and naming: one release per sequence number and per version within a class; devices and
        // rollouts find a release by its manifest digest.
        builder.HasIndex(r => new { r.DeviceClassId, r.SequenceNumber }).IsUnique();
        builder.HasIndex(r => new { r.DeviceClassId, r.FirmwareVersion }).IsUnique();
        builder.HasIndex(r => r.ManifestDigest).IsUnique();
    }
}

internal sealed class FirmwareImageConfiguration : IEntityTypeConfiguration<FirmwareImage>
{
    public void Configure(EntityTypeBuilder<FirmwareImage> builder)
    {
        builder.ToTable("FirmwareImages");
        builder.HasKey(i => i.DigestHex);
        builder.Property(i => i.DigestHex).HasMaxLength(64);
        builder.Property(i => i.Content).IsRequired();
        builder.Property(i => i.StoredBy).HasMaxLength(200).IsRequired();
    }
}

internal sealed class RolloutConfiguration : IEntityTypeConfiguration<Rollout>
{
    public void Configure(EntityTypeBuilder<Rollout> builder)
    {
        builder.ToTable("Rollouts");
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.Property(r => r.Name).HasMaxLength(Rollout.MaxNameLength).IsRequired();
        builder.Property(r => r.ReleaseVersion).HasMaxLength(FirmwareRelease.MaxVersionLength).IsRequired();
        builder.Property(r => r.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(r => r.CreatedBy).HasMaxLength(200).IsRequired();
        builder.Property(r => r.ApprovedBy).HasMaxLength(200);
        builder.Property(r => r.StatusReason).HasMaxLength(Rollout.MaxReasonLength);
        builder.Ignore(r => r.IsLastWave);
        builder.Ignore(r => r.IsActive);
        builder.OwnsMany(r => r.Waves, w => w.ToJson("Waves"));
        builder.Navigation(r => r.Waves).HasField("_waves").UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.OwnsOne(r => r.Window, w =>
        {
            w.Property(x => x.Start).HasColumnName("WindowStart");
            w.Property(x => x.End).HasColumnName("WindowEnd");
        });
        builder.HasOne<FirmwareRelease>().WithMany().HasForeignKey(r => r.ReleaseId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<DeviceClass>().WithMany().HasForeignKey(r => r.DeviceClassId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(r => r.Status);
    }
}

internal sealed class RolloutTargetConfiguration : IEntityTypeConfiguration<RolloutTarget>
{
    public void Configure(EntityTypeBuilder<RolloutTarget> builder)
    {
        builder.ToTable("RolloutTargets");
        builder.Property(t => t.Id).ValueGeneratedNever();
        builder.Property(t => t.RolloutName).HasMaxLength(Rollout.MaxNameLength).IsRequired();
        builder.Property(t => t.SerialNumber).HasMaxLength(64).IsRequired();
        builder.Property(t => t.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(t => t.StateBefore).HasConversion<string>().HasMaxLength(20);
        builder.Property(t => t.Nonce).HasMaxLength(32).IsRequired();
        builder.Property(t => t.Reason).HasMaxLength(RolloutTarget.MaxReasonLength);
        builder.HasOne<Rollout>().WithMany().HasForeignKey(t => t.RolloutId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Domain.Devices.Device>().WithMany().HasForeignKey(t => t.DeviceId).OnDelete(DeleteBehavior.Restrict);
        // One part per device per rollout; the conductor reads a wave's targets by status, a device's report finds its open one.
        builder.HasIndex(t => new { t.RolloutId, t.DeviceId }).IsUnique();
        builder.HasIndex(t => new { t.RolloutId, t.Wave, t.Status });
        builder.HasIndex(t => new { t.DeviceId, t.Status });
    }
}
