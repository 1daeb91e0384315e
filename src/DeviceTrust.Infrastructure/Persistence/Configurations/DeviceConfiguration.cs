using DeviceTrust.Domain.Devices;
using DeviceTrust.Domain.Fleet;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DeviceTrust.Infrastructure.Persistence.Configurations;

internal sealed class DeviceConfiguration : IEntityTypeConfiguration<Device>
{
    public void Configure(EntityTypeBuilder<Device> builder)
    {
        builder.ToTable("Devices");
        builder.HasKey(d => d.Id);
        builder.Property(d => d.SerialNumber).HasMaxLength(SerialNumber.MaxLength).IsRequired();
        builder.HasIndex(d => d.SerialNumber).IsUnique();
        builder.Property(d => d.Ueid).HasMaxLength(Device.UeidLength).IsRequired();
        builder.HasIndex(d => d.Ueid).IsUnique();
        builder.Property(d => d.State).HasConversion<string>().HasMaxLength(20);
        builder.Property(d => d.FirmwareVersion).HasMaxLength(32);
        builder.HasOne<DeviceClass>().WithMany().HasForeignKey(d => d.DeviceClassId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<DeviceGroup>().WithMany().HasForeignKey(d => d.GroupId).OnDelete(DeleteBehavior.SetNull);

        // The device table filters and groups by these.
        builder.HasIndex(d => d.State);
        builder.HasIndex(d => d.DeviceClassId);
        builder.HasIndex(d => d.FirmwareVersion);
        builder.HasIndex(d => d.IsOnline);
        builder.HasIndex(d => d.LastSeenAt);

        builder.OwnsOne(d => d.LatestTelemetry, t =>
        {
            t.Property(r => r.UptimeSeconds).HasColumnName("UptimeSeconds");
            t.Property(r => r.TemperatureCelsius).HasColumnName("TemperatureCelsius");
            t.Property(r => r.BatteryPercent).HasColumnName("BatteryPercent");
            t.Property(r => r.SignalDbm).HasColumnName("SignalDbm");
            t.Property(r => r.MeasuredAt).HasColumnName("TelemetryMeasuredAt");
        });
        builder.Navigation(d => d.LatestTelemetry).IsRequired(false);

        builder.OwnsMany(d => d.Components, c =>
        {
            c.ToJson("FirmwareComponents");
            c.Property(x => x.Name).HasMaxLength(64);
            c.Property(x => x.Version).HasMaxLength(32);
        });
        builder.Navigation(d => d.Components).HasField("_components").UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}
