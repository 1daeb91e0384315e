using DeviceTrust.Simulator.Seed;

namespace DeviceTrust.Simulator.Tests.Seed;

public sealed class SeedFleetReaderTests : IDisposable
{
    private const string Fleets = """
        [
          {"group":"Tokyo plant","deviceClass":"Acme Thermo T1","serialPrefix":"ACME-T1-TKY","count":5,
           "state":"Operational",
           "firmware":[{"name":"bootloader","version":"2.1.0"},{"name":"firmware","version":"1.4.2"}],
           "olderFirmwareEvery":2,"olderFirmware":"1.3.9"},
          {"group":"Tokyo plant","deviceClass":"Acme Gateway G2","serialPrefix":"ACME-G2-TKY","count":2,
           "state":"Operational","firmware":[{"name":"firmware","version":"5.0.1"}]},
          {"group":"Pilot","deviceClass":"Kumo Meter M7","serialPrefix":"KUMO-M7-NEW","count":8,
           "state":"Manufactured","firmware":[{"name":"firmware","version":"0.9.12"}]}
        ]
        """;

    private readonly string _directory = Directory.CreateTempSubdirectory("devicetrust-seed-").FullName;

    [Fact]
    public async Task ReadAsync_SeedFile_YieldsSerialsInOrder()
    {
        var devices = await ReadAsync(Fleets);

        Assert.Equal(
            ["ACME-T1-TKY-00001", "ACME-T1-TKY-00002", "ACME-T1-TKY-00003", "ACME-T1-TKY-00004",
             "ACME-T1-TKY-00005", "ACME-G2-TKY-00001", "ACME-G2-TKY-00002"],
            devices.Select(device => device.Serial));
    }

    [Fact]
    public async Task ReadAsync_ManufacturedFleet_IsSkipped()
    {
        var devices = await ReadAsync(Fleets);

        Assert.DoesNotContain(devices, device => device.Serial.StartsWith("KUMO-M7-NEW", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ReadAsync_OlderFirmwareEvery_ReplacesOnlyTheFirmwareComponentOfEveryNth()
    {
        var devices = (await ReadAsync(Fleets)).ToDictionary(device => device.Serial);

        Assert.Equal(
            [new FirmwareComponentSpec("bootloader", "2.1.0"), new FirmwareComponentSpec("firmware", "1.4.2")],
            devices["ACME-T1-TKY-00001"].Firmware);
        Assert.Equal(
            [new FirmwareComponentSpec("bootloader", "2.1.0"), new FirmwareComponentSpec("firmware", "1.3.9")],
            devices["ACME-T1-TKY-00002"].Firmware);
        Assert.Equal("1.4.2", devices["ACME-T1-TKY-00003"].Firmware[1].Version);
        Assert.Equal("1.3.9", devices["ACME-T1-TKY-00004"].Firmware[1].Version);
    }

    [Fact]
    public async Task ReadAsync_GatewayClass_IsMainsPowered()
    {
        var devices = await ReadAsync(Fleets);

        Assert.All(devices, device => Assert.Equal(device.DeviceClass.Contains("Gateway"), device.MainsPowered));
        Assert.Contains(devices, device => device.MainsPowered);
    }

    [Fact]
    public async Task ToSpec_FleetSecret_DerivesTheDeviceSecret()
    {
        var device = (await ReadAsync(Fleets))[0];

        var spec = device.ToSpec("fleet secret");

        Assert.Equal(DeviceSecrets.Derive("fleet secret", "ACME-T1-TKY-00001"), spec.Secret);
        Assert.Equal(device.Firmware, spec.Firmware);
    }

    [Fact]
    public async Task ReadAsync_MissingSerialPrefix_ThrowsInvalidData()
    {
        var error = await Assert.ThrowsAsync<InvalidDataException>(
            () => ReadAsync("""[{"group":"g","count":3,"state":"Operational"}]"""));

        Assert.Contains("serialPrefix", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_RepositorySeedData_DefinesInServiceDevices()
    {
        var path = Path.Combine(RepositoryRoot(), "seed-data", SeedFleetReader.FileName);

        var devices = await SeedFleetReader.ReadAsync(path, TestContext.Current.CancellationToken);

        Assert.NotEmpty(devices);
        Assert.Equal(devices.Count, devices.Select(device => device.Serial).Distinct().Count());
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private async Task<IReadOnlyList<SeedDevice>> ReadAsync(string json)
    {
        var path = Path.Combine(_directory, SeedFleetReader.FileName);
        await File.WriteAllTextAsync(path, json, TestContext.Current.CancellationToken);
        return await SeedFleetReader.ReadAsync(path, TestContext.Current.CancellationToken);
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "seed-data", SeedFleetReader.FileName)))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("seed-data/fleets.json not found above " + AppContext.BaseDirectory);
    }
}
