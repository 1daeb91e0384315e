using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using DeviceTrust.Application.Fleet.ChangeDeviceState;
using DeviceTrust.Application.Fleet.RegisterDevice;
using DeviceTrust.Application.Fleet.Telemetry;
using DeviceTrust.Domain.Devices;
using DeviceTrust.Testing;
using Microsoft.EntityFrameworkCore;

namespace DeviceTrust.Application.Tests.Fleet;

public sealed class DeviceAuthenticatorTests(SeededDatabaseFixture fixture) : IClassFixture<SeededDatabaseFixture>
{
    private TestDatabase Database => fixture.Database;

    private FleetMetrics Metrics => Database.Get<FleetMetrics>();

    private Task<DeviceIdentity?> AuthenticateAsync(string? serial, string? secret) =>
        Database.Get<DeviceAuthenticator>().AuthenticateAsync(serial, secret, TestContext.Current.CancellationToken);

    private static string SeededSecret(string serial) =>
        Base64Url.EncodeToString(HMACSHA256.HashData(Encoding.UTF8.GetBytes(TestDatabase.FleetSecret), Encoding.UTF8.GetBytes(serial)));

    [Fact]
    public async Task AuthenticateAsync_SeededDeviceWithDerivedSecret_ReturnsItsIdentity()
    {
        var failures = Metrics.AuthenticationFailures;

        var identity = await AuthenticateAsync("ACME-T1-OSK-00002", SeededSecret("ACME-T1-OSK-00002"));

        Assert.NotNull(identity);
        Assert.Equal("ACME-T1-OSK-00002", identity.SerialNumber);
        Assert.Equal(await IdOfAsync("ACME-T1-OSK-00002"), identity.DeviceId);
        Assert.Equal(failures, Metrics.AuthenticationFailures);
    }

    [Fact]
    public async Task AuthenticateAsync_RegisteredDeviceWithItsSecret_ReturnsItsIdentity()
    {
        var registered = await Database.Get<RegisterDeviceHandler>().HandleAsync(
            new RegisterDeviceRequest("AUTH-TEST-1", "Kumo Meter M7", "Kumo Devices"), TestActors.Operator(), TestContext.Current.CancellationToken);

        var identity = await AuthenticateAsync("AUTH-TEST-1", registered.Secret);

        Assert.Equal(new DeviceIdentity(registered.Id, "AUTH-TEST-1"), identity);
    }

    public static TheoryData<string?, string?> Refused() => new()
    {
        { "ACME-T1-OSK-00002", SeededSecret("ACME-T1-OSK-00003") },
        { "ACME-T1-OSK-00002", SeededSecret("ACME-T1-OSK-00002") + "x" },
        { "NO-SUCH-DEVICE-1", SeededSecret("NO-SUCH-DEVICE-1") },
        { "bad serial", "whatever" },
        { null, "whatever" },
        { "ACME-T1-OSK-00002", null },
        { "ACME-T1-OSK-00002", "" },
        { "ACME-T1-OSK-00002", new string('s', 257) },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task AuthenticateAsync_WrongOrUnknown_ReturnsNullAndCountsAFailure(string? serial, string? secret)
    {
        var failures = Metrics.AuthenticationFailures;

        var identity = await AuthenticateAsync(serial, secret);

        Assert.Null(identity);
        Assert.Equal(failures + 1, Metrics.AuthenticationFailures);
    }

    [Theory]
    [InlineData("KUMO-M7-00003", DeviceState.Revoked)]
    [InlineData("ACME-G2-TKY-00003", DeviceState.Decommissioned)]
    public async Task AuthenticateAsync_DeviceThatMayNotConnect_ReturnsNullAndCountsAFailure(string serial, DeviceState state)
    {
        var id = await IdOfAsync(serial);
        var handler = Database.Get<ChangeDeviceStateHandler>();
        await handler.HandleAsync(new ChangeDeviceStateRequest(id, DeviceState.Revoked, "stolen"), TestActors.Operator(), TestContext.Current.CancellationToken);
        if (state == DeviceState.Decommissioned)
            await handler.HandleAsync(new ChangeDeviceStateRequest(id, DeviceState.Decommissioned, "scrapped"), TestActors.Operator(), TestContext.Current.CancellationToken);
        var failures = Metrics.AuthenticationFailures;

        var identity = await AuthenticateAsync(serial, SeededSecret(serial));

        Assert.Null(identity);
        Assert.Equal(failures + 1, Metrics.AuthenticationFailures);
    }

    private async Task<Guid> IdOfAsync(string serial)
    {
        await using var db = await Database.CreateDbContextAsync();
        return await db.Devices.Where(d => d.SerialNumber == serial).Select(d => d.Id).SingleAsync(TestContext.Current.CancellationToken);
    }
}
