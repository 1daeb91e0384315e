using DeviceTrust.Application.Audit;
using DeviceTrust.Application.Common;
using DeviceTrust.Domain.Audit;
using DeviceTrust.Domain.Devices;
using DeviceTrust.Domain.Fleet;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DeviceTrust.Infrastructure.Seeding;

/// <summary>
/// Loads seed-data/ into an empty database: manufacturers, classes, groups, fleets, and in the Development environment
/// only, the dev users.
/// </summary>
internal sealed class DevelopmentSeeder(
    IDeviceTrustDbContextFactory dbFactory, UserManager<IdentityUser> users, AuditTrail audit, TimeProvider time,
    IOptions<SeedOptions> options, IHostEnvironment environment, ILogger<DevelopmentSeeder> logger)
{
    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        var o = options.Value;
        var dir = SeedFiles.Locate(o.Directory);
        // Users with a published password are never created outside Development, whatever Seed:Enabled says.
        if (environment.IsDevelopment()) await SeedUsersAsync(dir, cancellationToken);
        else logger.LogInformation("Not seeding development users: the environment is {Environment}", environment.EnvironmentName);

        await using var db = await dbFactory.CreateAsync(cancellationToken);
        if (await db.Devices.AnyAsync(cancellationToken)) return;

        var manufacturers = await SeedFiles.ReadAsync<List<ManufacturerSeed>>(dir, "manufacturers.json", cancellationToken);
        var classes = await SeedFiles.ReadAsync<List<DeviceClassSeed>>(dir, "device-classes.json", cancellationToken);
        var groups = await SeedFiles.ReadAsync<List<GroupSeed>>(dir, "groups.json", cancellationToken);
        var fleets = await SeedFiles.ReadAsync<List<FleetSeed>>(dir, "fleets.json", cancellationToken);

        var manufacturerIds = manufacturers.ToDictionary(m => m.Name, m => m.Id);
        foreach (var m in manufacturers)
            if (!await db.Manufacturers.AnyAsync(x => x.Id == m.Id, cancellationToken))
            {
                var manufacturer = Manufacturer.Create(m.Id, m.Name);
                manufacturer.PointAtMasa(m.MasaUrl);
                manufacturer.PointAtVerifier(m.VerifierUrl);
                db.Manufacturers.Add(manufacturer);
            }
        var deviceClasses = new Dictionary<string, DeviceClass>();
        foreach (var c in classes)
        {
            var deviceClass = await db.DeviceClasses.FirstOrDefaultAsync(x => x.Id == c.Id, cancellationToken);
            if (deviceClass is null)
            {
                deviceClass = DeviceClass.Create(c.Id, manufacturerIds[c.Manufacturer], c.Name, c.VendorId, c.ClassId, c.HardwareModel, c.EnrollmentPolicy);
                deviceClass.ChangeAttestationModel(c.AttestationModel);
                db.DeviceClasses.Add(deviceClass);
            }
            deviceClasses[c.Name] = deviceClass;
        }
        var deviceGroups = new Dictionary<string, DeviceGroup>();
        foreach (var g in groups)
        {
            var group = await db.DeviceGroups.FirstOrDefaultAsync(x => x.Id == g.Id, cancellationToken);
            if (group is null) db.DeviceGroups.Add(group = DeviceGroup.Create(g.Id, g.Name, g.Description));
            deviceGroups[g.Name] = group;
        }

        var now = time.GetUtcNow();
        var count = 0;
        foreach (var fleet in fleets)
        {
            var target = Enum.Parse<DeviceState>(fleet.State);
            foreach (var (serial, firmware) in fleet.Devices(o.MaxDevicesPerFleet))
            {
                var device = Device.Register(serial, deviceClasses[fleet.DeviceClass], deviceGroups[fleet.Group], Actor.System.Name, now);
                device.ReportFirmware(firmware.Select(f => new FirmwareComponent(f.Name, f.Version)).ToList());
                foreach (var step in PathTo(target)) device.TransitionTo(step, "seeded development fleet", Actor.System.Name, now);
                // The seed is audited as one fleet.seeded entry, not one per device and step.
                device.ClearDomainEvents();
                db.Devices.Add(device);
                count++;
            }
        }

        await audit.SaveAsync(db, new AuditRecord(Actor.System.Name, "fleet.seeded", "fleet", "development",
            $"{{\"devices\":{count},\"fleets\":{fleets.Count}}}"), cancellationToken);
        logger.LogInformation("Seeded {Count} development devices from {Directory}", count, dir);
    }

    private async Task SeedUsersAsync(string dir, CancellationToken cancellationToken)
    {
        var seeds = await SeedFiles.ReadAsync<List<UserSeed>>(dir, "users.json", cancellationToken);
        foreach (var seed in seeds)
        {
            if (await users.FindByNameAsync(seed.UserName) is not null) continue;
            var password = options.Value.DevPassword
                           ?? throw new InvalidOperationException("Seeding users needs Seed:DevPassword.");
            var user = new IdentityUser(seed.UserName) { Email = seed.Email, EmailConfirmed = true };
            Check(await users.CreateAsync(user, password), seed.UserName);
            Check(await users.AddToRoleAsync(user, seed.Role), seed.UserName);
        }
    }

    /// <summary>The legal path from Manufactured to a seeded state, so seeding obeys the lifecycle like everything else.</summary>
    private static IEnumerable<DeviceState> PathTo(DeviceState target) => target switch
    {
        DeviceState.Manufactured => [],
        DeviceState.Bootstrapping => [DeviceState.Bootstrapping],
        DeviceState.Enrolled => [DeviceState.Bootstrapping, DeviceState.Enrolled],
        DeviceState.Operational => [DeviceState.Bootstrapping, DeviceState.Enrolled, DeviceState.Operational],
        DeviceState.Quarantined => [DeviceState.Bootstrapping, DeviceState.Enrolled, DeviceState.Quarantined],
        _ => throw new InvalidDataException($"Seed fleets start Manufactured, Bootstrapping, Enrolled, Operational or Quarantined, not {target}."),
    };

    private static void Check(IdentityResult result, string userName)
    {
        if (!result.Succeeded)
            throw new InvalidOperationException($"Seeding user {userName} failed: {string.Join("; ", result.Errors.Select(e => e.Description))}");
    }
}
