using DeviceTrust.Domain.Fleet;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DeviceTrust.Infrastructure.Persistence.Configurations;

internal sealed class ManufacturerConfiguration : IEntityTypeConfiguration<Manufacturer>
{
    public void Configure(EntityTypeBuilder<Manufacturer> builder)
    {
        builder.ToTable("Manufacturers");
        builder.Property(m => m.Id).ValueGeneratedNever();
        builder.Property(m => m.Name).HasMaxLength(100).IsRequired();
        builder.HasIndex(m => m.Name).IsUnique();
        builder.Property(m => m.MasaUrl).HasMaxLength(500);
        builder.Property(m => m.VerifierUrl).HasMaxLength(500);
    }
}

internal sealed class DeviceClassConfiguration : IEntityTypeConfiguration<DeviceClass>
{
    public void Configure(EntityTypeBuilder<DeviceClass> builder)
    {
        builder.ToTable("DeviceClasses");
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.Property(c => c.Name).HasMaxLength(100).IsRequired();
        builder.Property(c => c.HardwareModel).HasMaxLength(100).IsRequired();
        builder.Property(c => c.EnrollmentPolicy).HasConversion<string>().HasMaxLength(30);
        builder.Property(c => c.AttestationModel).HasConversion<string>().HasMaxLength(30);
        // Read and written whole, never queried inside: one JSON column.
        builder.OwnsOne(c => c.AttestationPolicy, p =>
        {
            p.ToJson("AttestationPolicy");
            p.Property(x => x.OnWarning).HasConversion<string>();
        });
        builder.Navigation(c => c.AttestationPolicy).IsRequired();
        builder.HasIndex(c => c.Name).IsUnique();
        // SUIT identifies a class by (vendor-id, class-id); two classes may not share both.
        builder.HasIndex(c => new { c.VendorId, c.ClassId }).IsUnique();
        builder.HasOne<Manufacturer>().WithMany().HasForeignKey(c => c.ManufacturerId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class DeviceGroupConfiguration : IEntityTypeConfiguration<DeviceGroup>
{
    public void Configure(EntityTypeBuilder<DeviceGroup> builder)
    {
        builder.ToTable("DeviceGroups");
        builder.Property(g => g.Id).ValueGeneratedNever();
        builder.Property(g => g.Name).HasMaxLength(100).IsRequired();
        builder.Property(g => g.Description).HasMaxLength(500);
        builder.HasIndex(g => g.Name).IsUnique();
    }
}
