using DeviceTrust.Domain.Fleet;
using DeviceTrust.Domain.Trust;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DeviceTrust.Infrastructure.Persistence.Configurations;

internal sealed class TrustAnchorConfiguration : IEntityTypeConfiguration<TrustAnchor>
{
    public void Configure(EntityTypeBuilder<TrustAnchor> builder)
    {
        builder.ToTable("TrustAnchors");
        builder.Property(a => a.Id).ValueGeneratedNever();
        builder.Property(a => a.Name).HasMaxLength(100).IsRequired();
        builder.Property(a => a.Purpose).HasConversion<string>().HasMaxLength(40);
        builder.Property(a => a.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(a => a.RetirementReason).HasMaxLength(500);
        builder.OwnsOne(a => a.Material, m =>
        {
            m.Property(x => x.Format).HasColumnName("Format").HasConversion<string>().HasMaxLength(30);
            m.Property(x => x.Encoded).HasColumnName("Material").IsRequired();
            m.Property(x => x.Fingerprint).HasColumnName("Fingerprint").HasMaxLength(64).IsFixedLength();
            m.Property(x => x.Subject).HasColumnName("Subject").HasMaxLength(500);
            m.Property(x => x.NotBefore).HasColumnName("NotBefore");
            m.Property(x => x.NotAfter).HasColumnName("NotAfter");
            // Looked up by fingerprint when a new anchor is uploaded (the same key is not trusted twice for a purpose).
            m.HasIndex(x => x.Fingerprint);
        });
        builder.Navigation(a => a.Material).IsRequired();
        builder.PrimitiveCollection<List<Guid>>("_deviceClassIds").HasColumnName("DeviceClassIds");
        builder.Ignore(a => a.DeviceClassIds);
        builder.HasOne<ProvisioningAuthority>().WithMany().HasForeignKey(a => a.OwnerId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(a => new { a.Purpose, a.Status });
    }
}

internal sealed class ProvisioningAuthorityConfiguration : IEntityTypeConfiguration<ProvisioningAuthority>
{
    public void Configure(EntityTypeBuilder<ProvisioningAuthority> builder)
    {
        builder.ToTable("ProvisioningAuthorities");
        builder.Property(p => p.Id).ValueGeneratedNever();
        builder.Property(p => p.Name).HasMaxLength(100).IsRequired();
        builder.Property(p => p.Description).HasMaxLength(500);
        builder.HasIndex(p => p.Name).IsUnique();
        builder.OwnsMany(p => p.Grants, g =>
        {
            g.ToJson("Grants");
            g.Property(x => x.Rights).HasConversion<string>();
            g.Property(x => x.Purpose).HasConversion<string>();
        });
        builder.Navigation(p => p.Grants).HasField("_grants").UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}
