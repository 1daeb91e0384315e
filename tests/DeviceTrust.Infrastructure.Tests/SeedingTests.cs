using DeviceTrust.Domain.Devices;
using DeviceTrust.Infrastructure.Persistence;
using DeviceTrust.Testing;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DeviceTrust.Infrastructure.Tests;

public sealed class SeedingTests(SeededDatabaseFixture fixture) : IClassFixture<SeededDatabaseFixture>
{
    private TestDatabase Database => fixture.Database;

    [Fact]
    public async Task Seed_MaxDevicesPerFleet_SeedsThatManyOfEachFleet()
    {
        var expected = ExpectedSeed.Devices(TestDatabase.MaxDevicesPerFleet);
        await using var db = await Database.CreateDbContextAsync();

        var serials = await db.Devices.Select(d => d.SerialNumber).ToListAsync(TestContext.Current.CancellationToken);

        Assert.Equal(ExpectedSeed.FleetCount() * TestDatabase.MaxDevicesPerFleet, expected.Count);
        Assert.Equal(expected.Select(d => d.Serial).Order(StringComparer.Ordinal), serials.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Seed_Devices_HaveTheirFleetsStateClassGroupAndFirmware()
    {
        var expected = ExpectedSeed.Devices(TestDatabase.MaxDevicesPerFleet).ToDictionary(d => d.Serial);
        await using var db = await Database.CreateDbContextAsync();
        var classes = await db.DeviceClasses.ToDictionaryAsync(c => c.Id, c => c.Name, TestContext.Current.CancellationToken);
        var groups = await db.DeviceGroups.ToDictionaryAsync(g => g.Id, g => g.Name, TestContext.Current.CancellationToken);

        foreach (var device in await db.Devices.ToListAsync(TestContext.Current.CancellationToken))
        {
            var e = expected[device.SerialNumber];
            Assert.Equal(Enum.Parse<DeviceState>(e.State), device.State);
            Assert.Equal(e.DeviceClass, classes[device.DeviceClassId]);
            Assert.Equal(e.Group, groups[device.GroupId!.Value]);
            Assert.Equal(e.FirmwareVersion, device.FirmwareVersion);
            Assert.Equal(e.ComponentCount, device.Components.Count);
            Assert.False(device.IsOnline);
        }
    }

    [Fact]
    public async Task Seed_DevUsers_ExistWithTheirRolesAndThePasswordWorks()
    {
        await using var scope = Database.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
        var expected = ExpectedSeed.Users();
        Assert.Equal(["auditor", "operator", "security"], expected.Select(u => u.UserName).Order());

        foreach (var seed in expected)
        {
            var user = await users.FindByNameAsync(seed.UserName);
            Assert.NotNull(user);
            Assert.Equal([seed.Role], await users.GetRolesAsync(user));
            Assert.True(await users.CheckPasswordAsync(user, TestDatabase.DevPassword), $"{seed.UserName}'s dev password was refused.");
            Assert.False(await users.CheckPasswordAsync(user, TestDatabase.DevPassword + "x"));
        }
    }

    [Fact]
    public async Task Seed_Audit_RecordsTheSeedingOnce()
    {
        await using var db = await Database.CreateDbContextAsync();

        var entries = await db.AuditEntries.Where(e => e.Action == "fleet.seeded").ToListAsync(TestContext.Current.CancellationToken);

        var entry = Assert.Single(entries);
        Assert.Equal("system", entry.Actor);
        Assert.Contains($"\"devices\":{ExpectedSeed.Devices(TestDatabase.MaxDevicesPerFleet).Count}", entry.Details, StringComparison.Ordinal);
    }
}

public sealed class SeedingTwiceTests
{
    [Fact]
    public async Task InitializeDatabaseAsync_SeededTwice_DoesNotDuplicate()
    {
        await using var database = await TestDatabase.CreateAsync();
        var before = await CountsAsync(database);

        await database.Services.InitializeDatabaseAsync(TestContext.Current.CancellationToken);

        Assert.Equal(before, await CountsAsync(database));
        Assert.Equal(ExpectedSeed.Devices(TestDatabase.MaxDevicesPerFleet).Count, before.Devices);
        Assert.Equal(ExpectedSeed.Users().Count, before.Users);
    }

    private sealed record Counts(int Devices, int Classes, int Manufacturers, int Groups, int Audit, int Users);

    private static async Task<Counts> CountsAsync(TestDatabase database)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var db = await database.CreateDbContextAsync();
        var users = await database.InScopeAsync<UserManager<IdentityUser>, int>(u => u.Users.CountAsync(ct));
        return new Counts(
            await db.Devices.CountAsync(ct), await db.DeviceClasses.CountAsync(ct), await db.Manufacturers.CountAsync(ct),
            await db.DeviceGroups.CountAsync(ct), await db.AuditEntries.CountAsync(ct), users);
    }
}

public sealed class SeedingOutsideDevelopmentTests
{
    [Fact]
    public async Task InitializeDatabaseAsync_SeedEnabledInProduction_SeedsTheFleetButNoUsers()
    {
        await using var database = await TestDatabase.CreateAsync(environment: "Production");
        var ct = TestContext.Current.CancellationToken;

        await using var db = await database.CreateDbContextAsync();
        Assert.Equal(ExpectedSeed.Devices(TestDatabase.MaxDevicesPerFleet).Count, await db.Devices.CountAsync(ct));
        Assert.Equal(0, await database.InScopeAsync<UserManager<IdentityUser>, int>(u => u.Users.CountAsync(ct)));
    }
}
