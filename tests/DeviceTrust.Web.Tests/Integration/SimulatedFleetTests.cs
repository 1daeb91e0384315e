using DeviceTrust.Application.Attestation.ReferenceValues;
using DeviceTrust.Application.Audit;
using DeviceTrust.Application.Common;
using DeviceTrust.Application.Fleet.RegisterDevice;
using DeviceTrust.Application.Provisioning.Certificates;
using DeviceTrust.Application.Provisioning.Enrollments;
using DeviceTrust.Domain.Accounts;
using DeviceTrust.Domain.Devices;
using DeviceTrust.Domain.Provisioning;
using DeviceTrust.Simulator;
using DeviceTrust.Simulator.Attestation;
using DeviceTrust.Simulator.Credentials;
using DeviceTrust.Simulator.Device;
using DeviceTrust.Simulator.Fleet;
using DeviceTrust.Web.Simulation;
using DeviceTrust.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DeviceTrust.Web.Tests.Integration;

/// <summary>
/// Simulated devices as the hosted simulator runs them, against the real app over TLS: factory-new devices get an
/// IDevID from their simulated manufacturer, bootstrap (pledge -> registrar -> MASA -> EST), connect to the hub with
/// their LDevID and become Operational; each provisioning fault ends with the device Rejected and nothing issued.
/// </summary>
public sealed class SimulatedFleetTests(DeviceListenerFixture app) : IClassFixture<DeviceListenerFixture>
{
    private static readonly Actor Operator = new("user:test-operator", null, new HashSet<string> { Roles.Operator });
    private static readonly IReadOnlyList<FirmwareComponentSpec> Firmware = [new("firmware", "0.9.12"), new("metrology", "4.0")];
    private CancellationToken Ct => TestContext.Current.CancellationToken;
    private IServiceProvider Services => app.Factory.Services;

    private static string NewSerial(string prefix) => $"{prefix}-{Guid.NewGuid().ToString("N")[..8].ToUpperInvariant()}";

    private async Task<SimulatedDeviceSpec> RegisterAsync(string prefix, string deviceClass = "Kumo Meter M7", string manufacturer = "Kumo Devices")
    {
        var serial = NewSerial(prefix);
        var registered = await Services.GetRequiredService<RegisterDeviceHandler>().HandleAsync(new RegisterDeviceRequest(serial, deviceClass, manufacturer), TestPledge.Officer, Ct);
        // What the factory gives the device besides its IDevID (UEID, its class's SUIT class-id), and what its manufacturer
        // publishes for the firmware it runs (the reference values its evidence is appraised against).
        await using var db = await Services.GetRequiredService<IDeviceTrustDbContextFactory>().CreateAsync(Ct);
        var device = await db.Devices.AsNoTracking().SingleAsync(d => d.Id == registered.Id, Ct);
        var (classId, model) = await db.DeviceClasses.Where(c => c.Id == device.DeviceClassId).Select(c => ValueTuple.Create(c.ClassId, c.AttestationModel)).SingleAsync(Ct);
        await Services.GetRequiredService<ReferenceValueHandlers>().ImportAsync(TestPledge.Officer, Firmware.Select(f => new ReferenceValueEntry(deviceClass,
            Firmware[0].Version, f.Name, "sha-256", Convert.ToHexStringLower(SimulatedFirmware.ImageDigest(f.Name, f.Version)))).ToList(), Ct);
        // The seed's gateways are vendor verified: they MAC their evidence under their factory's secret.
        return new SimulatedDeviceSpec(serial, manufacturer, Firmware, MainsPowered: false)
        {
            Ueid = device.Ueid, ClassId = classId, VendorVerified = model == Domain.Attestation.AttestationModel.VendorVerified,
        };
    }

    private BrskiCredentialSource Credentials(IDeviceStorage? storage = null) => new(new BrskiCredentialOptions
    {
        Registrar = app.Https,
        Issuer = new ManufacturerIdevidIssuer(Services.GetRequiredService<Application.Provisioning.Manufacturers.SimulatedManufacturers>()),
        Storage = storage ?? new InMemoryDeviceStorage(),
        DefaultRetryDelay = TimeSpan.FromMilliseconds(200),
    });

    private FleetSimulator Fleet(IEnumerable<SimulatedDeviceSpec> devices, IDeviceCredentialSource credentials, FaultInjection? faults = null) => new(
        devices,
        new SimulationSettings
        {
            ServerUrl = app.Https,
            Credentials = credentials,
            TelemetryInterval = TimeSpan.FromMilliseconds(200),
            InitialRetryDelay = TimeSpan.FromMilliseconds(100),
            MaxRetryDelay = TimeSpan.FromSeconds(1),
        },
        new FleetSimulatorOptions { StartStagger = TimeSpan.Zero, Faults = faults ?? FaultInjection.None });

    private async Task<Device> DeviceAsync(string serial)
    {
        await using var db = await Services.GetRequiredService<IDeviceTrustDbContextFactory>().CreateAsync(Ct);
        return await db.Devices.AsNoTracking().SingleAsync(d => d.SerialNumber == serial, Ct);
    }

    private async Task<List<IssuedCertificate>> LdevidsAsync(string serial)
    {
        var device = await DeviceAsync(serial);
        await using var db = await Services.GetRequiredService<IDeviceTrustDbContextFactory>().CreateAsync(Ct);
        return await db.IssuedCertificates.AsNoTracking().Where(c => c.DeviceId == device.Id && c.Kind == IssuedCertificateKind.Ldevid).ToListAsync(Ct);
    }

    [Fact]
    public async Task Fleet_FactoryNewDevices_BootstrapConnectWithTheirLdevidsAndBecomeOperational()
    {
        var devices = new[] { await RegisterAsync("KUMO-M7-SF"), await RegisterAsync("KUMO-M7-SF"), await RegisterAsync("KUMO-M7-SF") };
        using var credentials = Credentials();
        await using var fleet = Fleet(devices, credentials);

        await fleet.StartAsync(Ct);
        await Wait.UntilAsync(async () =>
        {
            foreach (var spec in devices)
                if (await DeviceAsync(spec.Serial) is not { State: DeviceState.Operational, LatestTelemetry: not null, FirmwareVersion: "0.9.12" })
                    return false;
            return true;
        }, "every device is Operational and has reported firmware and telemetry");

        Assert.All(fleet.Devices, device => Assert.Equal(DeviceStatus.Connected, device.Status));
        foreach (var spec in devices)
        {
            var ldevid = Assert.Single(await LdevidsAsync(spec.Serial));
            Assert.Null(ldevid.RevokedAt);
            // Each protocol move audited once, in order: the registrar's and EST's by the device, then its affirming
            // verdict's (asked when it connected) by the verifier.
            Assert.Equal(["Manufactured>Bootstrapping@device", "Bootstrapping>Enrolled@device", "Enrolled>Operational@system"], await MovesAsync(spec.Serial));
        }
    }

    private async Task<List<string>> MovesAsync(string serial)
    {
        await using var db = await Services.GetRequiredService<IDeviceTrustDbContextFactory>().CreateAsync(Ct);
        var entries = await db.AuditEntries.AsNoTracking()
            .Where(e => e.TargetId == serial && e.Action == AuditActions.DeviceStateChanged).OrderBy(e => e.Sequence).ToListAsync(Ct);
        return entries.Select(e => (Details: System.Text.Json.JsonDocument.Parse(e.Details).RootElement, e.Actor))
            .Select(e => $"{e.Details.GetProperty("from").GetString()}>{e.Details.GetProperty("to").GetString()}@{(e.Actor == $"device:{serial}" ? "device" : e.Actor)}")
            .ToList();
    }

    [Fact]
    public async Task Fleet_HeldPledge_WaitsEnrollingUntilAnOperatorApprovesThenConnects()
    {
        var gateway = await RegisterAsync("ACME-G2-SF", "Acme Gateway G2", "Acme Sensors");
        using var credentials = Credentials();
        await using var fleet = Fleet([gateway with { MainsPowered = true }], credentials);
        await fleet.StartAsync(Ct);

        var held = await Wait.ForAsync(async () =>
        {
            await using var db = await Services.GetRequiredService<IDeviceTrustDbContextFactory>().CreateAsync(Ct);
            var device = await DeviceAsync(gateway.Serial);
            return await db.PledgeEnrollments.AsNoTracking().SingleOrDefaultAsync(e => e.DeviceId == device.Id && e.Status == PledgeStatus.AwaitingApproval, Ct);
        }, "the pledge is held for approval");
        Assert.Equal(DeviceStatus.Enrolling, fleet.Devices[0].Status);

        await Services.GetRequiredService<PledgeDecisions>().ApproveAsync(held.Id, "gateway installed by our technician", Operator, Ct);

        await Wait.UntilAsync(() => Task.FromResult(fleet.Devices[0].Status == DeviceStatus.Connected), "the approved gateway connected");
        await Wait.UntilAsync(async () => (await DeviceAsync(gateway.Serial)).State == DeviceState.Operational, "the gateway is Operational");
    }

    public static TheoryData<string, string> ProvisioningFaults => new()
    {
        { nameof(FaultInjection.UnknownManufacturer), "HTTP 403" },
        { nameof(FaultInjection.ExpiredIdevid), "HTTP 403" },
        { nameof(FaultInjection.TamperVoucher), "VoucherRejected" },
        { nameof(FaultInjection.CsrKeyMismatch), "HTTP 400" },
    };

    [Theory]
    [MemberData(nameof(ProvisioningFaults))]
    public async Task Fleet_ProvisioningFault_EndsRejectedWithTheReasonAndNoLdevid(string fault, string reason)
    {
        var spec = await RegisterAsync("KUMO-M7-SX");
        var faults = fault switch
        {
            nameof(FaultInjection.UnknownManufacturer) => new FaultInjection { UnknownManufacturer = true },
            nameof(FaultInjection.ExpiredIdevid) => new FaultInjection { ExpiredIdevid = true },
            nameof(FaultInjection.TamperVoucher) => new FaultInjection { TamperVoucher = true },
            _ => new FaultInjection { CsrKeyMismatch = true },
        };
        using var credentials = Credentials();
        await using var fleet = Fleet([spec], credentials, faults);

        await fleet.StartAsync(Ct);
        await Wait.UntilAsync(() => Task.FromResult(fleet.Devices[0].Status == DeviceStatus.Rejected), $"the device with {fault} was rejected");

        var snapshot = fleet.Devices[0].GetSnapshot();
        Assert.Contains(reason, snapshot.Problem, StringComparison.Ordinal);
        Assert.Equal(0, snapshot.MessagesSent);
        Assert.Empty(await LdevidsAsync(spec.Serial));
        Assert.NotEqual(DeviceState.Enrolled, (await DeviceAsync(spec.Serial)).State);
    }

    [Fact]
    public async Task Fleet_TamperedVoucherFaultCleared_TheSameDeviceBootstrapsWithItsOwnIdevid()
    {
        var spec = await RegisterAsync("KUMO-M7-ST");
        using var credentials = Credentials();
        await using var fleet = Fleet([spec], credentials, new FaultInjection { TamperVoucher = true });
        await fleet.StartAsync(Ct);
        var device = fleet.Devices[0];
        await Wait.UntilAsync(() => Task.FromResult(device.Status == DeviceStatus.Rejected), "the pledge refused the tampered voucher");

        // The registrar has bound the device to the IDevID it pledged with; the device asks again with that one.
        device.Faults = FaultInjection.None;
        await Wait.UntilAsync(async () => (await DeviceAsync(spec.Serial)).State == DeviceState.Operational, "the device bootstrapped after all");
        Assert.Single(await LdevidsAsync(spec.Serial));
    }

    [Fact]
    public async Task Fleet_UntrustedCertificateAtTheHub_IsRejectedAndReconnectsWhenTheFaultIsCleared()
    {
        var spec = await RegisterAsync("KUMO-M7-SU");
        using var credentials = Credentials();
        await using var fleet = Fleet([spec], credentials);
        await fleet.StartAsync(Ct);
        var device = fleet.Devices[0];
        await Wait.UntilAsync(() => Task.FromResult(device.Status == DeviceStatus.Connected), "the device connected");

        device.Faults = new FaultInjection { UntrustedCertificate = true };
        await Wait.UntilAsync(() => Task.FromResult(device.Status == DeviceStatus.Rejected), "the look-alike certificate was refused");
        Assert.Contains("refused the client certificate", device.GetSnapshot().Problem, StringComparison.Ordinal);

        device.Faults = FaultInjection.None;
        await Wait.UntilAsync(() => Task.FromResult(device.Status == DeviceStatus.Connected), "the device connected again with its LDevID");
        Assert.Single(await LdevidsAsync(spec.Serial));
    }

    [Fact]
    public async Task Fleet_RestartedWithItsProtectedStorage_ReconnectsWithTheStoredLdevidWithoutEnrollingAgain()
    {
        var spec = await RegisterAsync("KUMO-M7-SR");
        var directory = Directory.CreateTempSubdirectory("devicetrust-sim-").FullName;
        try
        {
            var storage = new DirectoryDeviceStorage(directory, new DataProtectionStorageProtector(Services.GetRequiredService<IDataProtectionProvider>()));
            using (var credentials = Credentials(storage))
            await using (var first = Fleet([spec], credentials))
            {
                await first.StartAsync(Ct);
                await Wait.UntilAsync(async () => (await DeviceAsync(spec.Serial)).State == DeviceState.Operational, "the device is Operational");
            }

            var files = Directory.GetFiles(directory);
            Assert.DoesNotContain("PRIVATE KEY", await File.ReadAllTextAsync(Assert.Single(files), Ct), StringComparison.Ordinal);

            using var again = Credentials(storage);
            await using var second = Fleet([spec], again);
            await second.StartAsync(Ct);
            await Wait.UntilAsync(() => Task.FromResult(second.Devices[0].Status == DeviceStatus.Connected), "the restarted device connected");
            Assert.Single(await LdevidsAsync(spec.Serial));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task Fleet_DeviceRevokedWhileStopped_IsRefusedAtTheHubWithItsStoredLdevid()
    {
        var spec = await RegisterAsync("KUMO-M7-SV");
        using var credentials = Credentials();
        await using (var fleet = Fleet([spec], credentials))
        {
            await fleet.StartAsync(Ct);
            await Wait.UntilAsync(async () => (await DeviceAsync(spec.Serial)).State == DeviceState.Operational, "the device is Operational");
        }

        var device = await DeviceAsync(spec.Serial);
        await Services.GetRequiredService<CertificateRevocation>().RevokeDeviceAsync(device.Id, CertificateRevocationReason.KeyCompromise,
            "lost in transit", TestPledge.Officer, Ct);

        // The same source keeps the same storage: the device comes back with the LDevID that was just revoked.
        await using var again = Fleet([spec], credentials);
        await again.StartAsync(Ct);
        await Wait.UntilAsync(() => Task.FromResult(again.Devices[0].Status == DeviceStatus.Rejected), "the revoked device was refused");
        Assert.Contains("refused the client certificate", again.Devices[0].GetSnapshot().Problem, StringComparison.Ordinal);
        Assert.Equal(0, again.Devices[0].GetSnapshot().MessagesSent);
    }

    [Fact]
    public async Task Fleet_DeviceRevokedWhileConnected_IsCutOffAndRefusedWhenItReconnects()
    {
        var spec = await RegisterAsync("KUMO-M7-SC");
        using var credentials = Credentials();
        await using var fleet = Fleet([spec], credentials);
        await fleet.StartAsync(Ct);
        var device = fleet.Devices[0];
        await Wait.UntilAsync(async () => device.Status == DeviceStatus.Connected && (await DeviceAsync(spec.Serial)).State == DeviceState.Operational,
            "the device is connected and Operational");

        var stored = await DeviceAsync(spec.Serial);
        await Services.GetRequiredService<CertificateRevocation>().RevokeDeviceAsync(stored.Id, CertificateRevocationReason.KeyCompromise,
            "key found on a public repository", TestPledge.Officer, Ct);

        // The hub drops the connection at once; the device reconnects with its revoked LDevID and is refused.
        await Wait.UntilAsync(() => Task.FromResult(device.Status == DeviceStatus.Rejected), "the revoked device was cut off and refused");
        Assert.Contains("refused the client certificate", device.GetSnapshot().Problem, StringComparison.Ordinal);
        Assert.Equal(0, Services.GetRequiredService<Hubs.DeviceConnections>().CountFor(stored.Id));
    }
}
