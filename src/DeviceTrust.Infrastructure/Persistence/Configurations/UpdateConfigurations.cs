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
