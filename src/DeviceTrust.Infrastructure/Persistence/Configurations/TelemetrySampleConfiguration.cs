using DeviceTrust.Domain.Devices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DeviceTrust.Infrastructure.Persistence.Configurations;

internal sealed class TelemetrySampleConfiguration : IEntityTypeConfiguration<TelemetrySample>
{
    public void Configure(EntityTypeBuilder<TelemetrySample> builder)
    {
        builder.ToTable("TelemetrySamples");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).ValueGeneratedOnAdd();
        builder.HasOne<Device>().WithMany().HasForeignKey(s => s.DeviceId).OnDelete(DeleteBehavior.Cascade);
        // The device page reads a device's latest samples: (DeviceId, Id) serves that without a sort.
        builder.HasIndex(s => new { s.DeviceId, s.Id });
    }
}
