using DeviceTrust.Application.Common;
using DeviceTrust.Domain.Devices;
using DeviceTrust.Domain.Fleet;
using Microsoft.Extensions.DependencyInjection;

namespace DeviceTrust.Bench.FleetQueries;

/// <summary>A synthetic fleet: 3 classes, 4 firmware versions, states spread like a real fleet, a third online.</summary>
internal static class LargeFleet
{
    private static readonly string[] Firmware = ["1.3.9", "1.4.2", "1.4.3", "2.0.0-rc1"];

    public static async Task<Guid[]> SeedAsync(IServiceProvider services, int count)
    {
        var factory = services.GetRequiredService<IDeviceTrustDbContextFactory>();
        var now = DateTimeOffset.UtcNow;
        var manufacturer = Manufacturer.Create(Guid.NewGuid(), "Bench Devices");
        var classes = Enumerable.Range(1, 3)
            .Select(i => DeviceClass.Create(Guid.NewGuid(), manufacturer.Id, $"Bench class {i}", Guid.NewGuid(), Guid.NewGuid(), $"B{i}"))
            .ToArray();
        await using (var db = await factory.CreateAsync())
        {
            db.Manufacturers.Add(manufacturer);
            db.DeviceClasses.AddRange(classes);
            await db.SaveChangesAsync();
        }

        var random = new Random(42);
        for (var start = 0; start < count; start += 5_000)
        {
            await using var db = await factory.CreateAsync();
            for (var n = start; n < Math.Min(count, start + 5_000); n++)
            {
                var device = Device.Register($"BENCH-{n:D7}", classes[n % classes.Length], null, "system:bench", now);
                device.ReportFirmware([new FirmwareComponent("firmware", Firmware[random.Next(Firmware.Length)])]);
                device.TransitionTo(DeviceState.Bootstrapping, "bench", "system:bench", now);
                device.TransitionTo(DeviceState.Enrolled, "bench", "system:bench", now);
                device.TransitionTo(random.Next(50) == 0 ? DeviceState.Quarantined : DeviceState.Operational, "bench", "system:bench", now);
                if (n % 3 == 0) device.RecordTelemetry(new TelemetryReading(n, 21.5, 80, -70, now), now.AddSeconds(-random.Next(3600)));
                device.ClearDomainEvents(); // bench data, not audited
                db.Devices.Add(device);
            }

            await db.SaveChangesAsync();
        }

        return classes.Select(c => c.Id).ToArray();
    }
}
