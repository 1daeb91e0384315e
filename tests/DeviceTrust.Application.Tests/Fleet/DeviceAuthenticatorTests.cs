using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DeviceTrust.Application.Fleet.ChangeDeviceState;
using DeviceTrust.Application.Fleet.RegisterDevice;
using DeviceTrust.Application.Fleet.Telemetry;
using DeviceTrust.Application.Provisioning;
using DeviceTrust.Application.Provisioning.Est;
using DeviceTrust.Domain.Devices;
using DeviceTrust.Domain.Provisioning;
using DeviceTrust.Enrollment.Pki;
using DeviceTrust.Testing;
using Microsoft.EntityFrameworkCore;

namespace DeviceTrust.Application.Tests.Fleet;

/// <summary>
/// The LDevID is a device's only credential on the hub. Each test registers its own devices, so none depends on the
/// seeded fleet's states or on another test.
/// </summary>
public sealed class DeviceAuthenticatorTests(SeededDatabaseFixture fixture) : IClassFixture<SeededDatabaseFixture>
{
    private TestDatabase Database => fixture.Database;

    private FleetMetrics Metrics => Database.Get<FleetMetrics>();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Task<DeviceIdentity?> AuthenticateAsync(X509Certificate2 certificate, DateTimeOffset? now = null) =>
        Database.Get<DeviceAuthenticator>().AuthenticateAsync(certificate, now ?? DateTimeOffset.UtcNow, Ct);

    [Fact]
    public async Task AuthenticateAsync_CurrentLdevid_ReturnsItsDevicesIdentity()
    {
        var device = await RegisterAsync();
        using var ldevid = await IssueAsync(device);
        var failures = Metrics.AuthenticationFailures;

        var identity = await AuthenticateAsync(ldevid);

        Assert.Equal(new DeviceIdentity(device.Id, device.SerialNumber), identity);
        Assert.Equal(failures, Metrics.AuthenticationFailures);
    }

    [Fact]
    public async Task AuthenticateAsync_SelfSignedCertificateNamingARegisteredSerial_ReturnsNullAndCountsAFailure()
    {
        var device = await RegisterAsync();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={device.SerialNumber}, SERIALNUMBER={device.SerialNumber}", key, HashAlgorithmName.SHA256);
        using var forged = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddDays(1));

        await AssertRefusedAsync(forged);
    }

    [Fact]
    public async Task AuthenticateAsync_IssuedByTheDomainButNeverRecorded_ReturnsNullAndCountsAFailure()
    {
        var device = await RegisterAsync();
        using var unrecorded = Issue(device.SerialNumber);

        await AssertRefusedAsync(unrecorded);
    }

    [Fact]
    public async Task AuthenticateAsync_RecordedAsADevelopmentIdevid_ReturnsNullAndCountsAFailure()
    {
        // Only an LDevID opens the hub; an IDevID proves the device to the registrar, not to the fleet.
        var device = await RegisterAsync();
        using var idevid = await IssueAsync(device, IssuedCertificateKind.DevelopmentIdevid);

        await AssertRefusedAsync(idevid);
    }

    [Fact]
    public async Task AuthenticateAsync_RevokedLdevid_ReturnsNullAndCountsAFailure()
    {
        var device = await RegisterAsync();
        using var ldevid = await IssueAsync(device);
        await using (var db = await Database.CreateDbContextAsync())
        {
            var fingerprint = DeviceCertificateFields.Fingerprint(ldevid);
            var record = await db.IssuedCertificates.SingleAsync(c => c.Fingerprint == fingerprint, Ct);
            record.Revoke(CertificateRevocationReason.Superseded, "test", DateTimeOffset.UtcNow);
            await db.SaveSetupAsync(Ct);
        }

        await AssertRefusedAsync(ldevid);
    }

    [Fact]
    public async Task AuthenticateAsync_OutsideTheLdevidsValidity_ReturnsNullAndCountsAFailure()
    {
        var device = await RegisterAsync();
        using var ldevid = await IssueAsync(device);

        await AssertRefusedAsync(ldevid, now: ldevid.NotAfter.ToUniversalTime());
        await AssertRefusedAsync(ldevid, now: ldevid.NotBefore.ToUniversalTime().AddSeconds(-1));
        Assert.NotNull(await AuthenticateAsync(ldevid, ldevid.NotBefore.ToUniversalTime()));
    }

    [Theory]
    [InlineData(DeviceState.Revoked)]
    [InlineData(DeviceState.Decommissioned)]
    public async Task AuthenticateAsync_DeviceThatMayNotConnect_ReturnsNullAndCountsAFailure(DeviceState state)
    {
        var device = await RegisterAsync();
        var handler = Database.Get<ChangeDeviceStateHandler>();
        await handler.HandleAsync(new ChangeDeviceStateRequest(device.Id, DeviceState.Revoked, "stolen"), TestActors.Operator(), Ct);
        if (state == DeviceState.Decommissioned)
            await handler.HandleAsync(new ChangeDeviceStateRequest(device.Id, DeviceState.Decommissioned, "scrapped"), TestActors.Operator(), Ct);
        // Recorded after the state change (which revokes what the device held), so only the device's state refuses it.
        using var ldevid = await IssueAsync(device);

        await AssertRefusedAsync(ldevid);
    }

    [Fact]
    public async Task BarredAmongAsync_MixOfDevices_NamesTheRevokedDecommissionedAndUnknownOnly()
    {
        var registered = await RegisterAsync();
        var revoked = await RegisterAsync();
        var decommissioned = await RegisterAsync();
        var unknown = Guid.NewGuid();
        var handler = Database.Get<ChangeDeviceStateHandler>();
        await handler.HandleAsync(new ChangeDeviceStateRequest(revoked.Id, DeviceState.Revoked, "stolen"), TestActors.Operator(), Ct);
        await handler.HandleAsync(new ChangeDeviceStateRequest(decommissioned.Id, DeviceState.Revoked, "retired"), TestActors.Operator(), Ct);
        await handler.HandleAsync(new ChangeDeviceStateRequest(decommissioned.Id, DeviceState.Decommissioned, "scrapped"), TestActors.Operator(), Ct);

        var barred = await Database.Get<DeviceAuthenticator>().BarredAmongAsync([registered.Id, revoked.Id, decommissioned.Id, unknown, revoked.Id], Ct);

        Assert.Equal([(revoked.Id, "Revoked"), (decommissioned.Id, "Decommissioned"), (unknown, "gone")], barred);
    }

    private async Task AssertRefusedAsync(X509Certificate2 certificate, DateTimeOffset? now = null)
    {
        var failures = Metrics.AuthenticationFailures;

        var identity = await AuthenticateAsync(certificate, now);

        Assert.Null(identity);
        Assert.Equal(failures + 1, Metrics.AuthenticationFailures);
    }

    private async Task<RegisteredDevice> RegisterAsync()
    {
        var serial = $"AUTH-{Guid.NewGuid().ToString("N")[..10].ToUpperInvariant()}";
        return await Database.Get<RegisterDeviceHandler>().HandleAsync(new RegisterDeviceRequest(serial, "Kumo Meter M7", "Kumo Devices"), TestActors.Operator(), Ct);
    }

    /// <summary>A certificate from the domain's issuing CA for a fresh key, not recorded anywhere.</summary>
    private X509Certificate2 Issue(string serial)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return Database.Get<DomainPki>().Issuing.IssueDeviceCertificate(new DeviceCertificateRequest(key.ExportSubjectPublicKeyInfo(), serial,
            new Uri("http://localhost/pki/crl"), TimeSpan.FromDays(365)));
    }

    /// <summary>A certificate from the domain's issuing CA, recorded for the device as EST records an LDevID.</summary>
    private async Task<X509Certificate2> IssueAsync(RegisteredDevice device, IssuedCertificateKind kind = IssuedCertificateKind.Ldevid)
    {
        var certificate = Issue(device.SerialNumber);
        await using var db = await Database.CreateDbContextAsync();
        db.IssuedCertificates.Add(IssuedCertificate.Record(kind, device.Id, device.SerialNumber, EstEnrollment.DetailsOf(certificate), "simpleenroll", null, "test", DateTimeOffset.UtcNow));
        await db.SaveSetupAsync(Ct);
        return certificate;
    }
}
