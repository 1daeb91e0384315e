using System.Text.Json;
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
          {"group":"Pilot","deviceClass":"Kumo Meter M7","serialPrefix":"KUMO-M7-NEW","count":3,
           "state":"Manufactured","firmware":[{"name":"firmware","version":"0.9.12"}]}
        ]
        """;

    private const string DeviceClasses = """
        [
          {"name":"Acme Thermo T1","manufacturer":"Acme Sensors","enrollmentPolicy":"AutoAccept"},
          {"name":"Acme Gateway G2","manufacturer":"Acme Sensors","enrollmentPolicy":"OperatorApproval"},
          {"name":"Kumo Meter M7","manufacturer":"Kumo Devices","enrollmentPolicy":"AutoAccept"}
        ]
        """;

    private readonly string _directory = Directory.CreateTempSubdirectory("devicetrust-seed-").FullName;

    [Fact]
    public async Task ReadAsync_SeedFile_YieldsEveryFleetsSerialsInOrder()
    {
        var devices = await ReadAsync(Fleets);

        Assert.Equal(
            ["ACME-T1-TKY-00001", "ACME-T1-TKY-00002", "ACME-T1-TKY-00003", "ACME-T1-TKY-00004",
             "ACME-T1-TKY-00005", "ACME-G2-TKY-00001", "ACME-G2-TKY-00002",
             "KUMO-M7-NEW-00001", "KUMO-M7-NEW-00002", "KUMO-M7-NEW-00003"],
            devices.Select(device => device.Serial));
    }

    [Fact]
    public async Task ReadAsync_DeviceClasses_GiveEachDeviceItsClassManufacturer()
    {
        var devices = (await ReadAsync(Fleets)).ToDictionary(device => device.Serial);

        Assert.Equal(("Acme Thermo T1", "Acme Sensors"), (devices["ACME-T1-TKY-00001"].DeviceClass, devices["ACME-T1-TKY-00001"].Manufacturer));
        Assert.Equal("Acme Sensors", devices["ACME-G2-TKY-00002"].Manufacturer);
        Assert.Equal("Kumo Devices", devices["KUMO-M7-NEW-00003"].Manufacturer);
        Assert.Equal("Pilot", devices["KUMO-M7-NEW-00003"].Group);
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
    public async Task ToSpec_SeedDevice_CarriesSerialManufacturerFirmwareAndPower()
    {
        var device = (await ReadAsync(Fleets)).Single(device => device.Serial == "ACME-G2-TKY-00001");

        var spec = device.ToSpec();

        Assert.Equal(new SimulatedDeviceSpec("ACME-G2-TKY-00001", "Acme Sensors", device.Firmware, MainsPowered: true), spec);
    }

    [Fact]
    public async Task ReadAsync_MissingSerialPrefix_ThrowsInvalidData()
    {
        var error = await Assert.ThrowsAsync<InvalidDataException>(
            () => ReadAsync("""[{"group":"g","deviceClass":"Acme Thermo T1","count":3,"state":"Operational"}]"""));

        Assert.Contains("serialPrefix", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_UnknownDeviceClass_ThrowsInvalidDataNamingIt()
    {
        var error = await Assert.ThrowsAsync<InvalidDataException>(() => ReadAsync(
            """[{"group":"g","deviceClass":"Nimbus Hub H1","serialPrefix":"NIM-H1","count":1,"firmware":[]}]"""));

        Assert.Contains("'Nimbus Hub H1'", error.Message, StringComparison.Ordinal);
        Assert.Contains(SeedFleetReader.DeviceClassesFileName, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_DeviceClassesFileMissing_ThrowsInvalidDataNamingIt()
    {
        var error = await Assert.ThrowsAsync<InvalidDataException>(() => ReadAsync(Fleets, deviceClasses: null));

        Assert.Contains(SeedFleetReader.DeviceClassesFileName, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_MalformedDeviceClasses_ThrowsInvalidData()
    {
        var error = await Assert.ThrowsAsync<InvalidDataException>(() => ReadAsync(Fleets, deviceClasses: "{not json"));

        Assert.Contains("device class", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_RepositorySeedData_ReadsEveryDeviceOfEveryFleet()
    {
        var seedData = Path.Combine(RepositoryRoot(), "seed-data");
        // Counted independently of the reader: every fleet, whatever its state, is simulated.
        using var fleets = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(seedData, SeedFleetReader.FileName),
            TestContext.Current.CancellationToken));
        var countByPrefix = fleets.RootElement.EnumerateArray()
            .ToDictionary(fleet => fleet.GetProperty("serialPrefix").GetString()!, fleet => fleet.GetProperty("count").GetInt32());

        var devices = await SeedFleetReader.ReadAsync(Path.Combine(seedData, SeedFleetReader.FileName), TestContext.Current.CancellationToken);

        Assert.Equal(countByPrefix.Values.Sum(), devices.Count);
        Assert.Equal(devices.Count, devices.Select(device => device.Serial).Distinct().Count());
        Assert.All(countByPrefix, fleet =>
            Assert.Equal(fleet.Value, devices.Count(device => device.Serial.StartsWith(fleet.Key + "-", StringComparison.Ordinal)
                && device.Serial.Length == fleet.Key.Length + 6)));
        Assert.All(devices, device => Assert.Contains(device.Manufacturer, (string[])["Acme Sensors", "Kumo Devices"]));
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private async Task<IReadOnlyList<SeedDevice>> ReadAsync(string fleets, string? deviceClasses = DeviceClasses)
    {
        var path = Path.Combine(_directory, SeedFleetReader.FileName);
        await File.WriteAllTextAsync(path, fleets, TestContext.Current.CancellationToken);
        if (deviceClasses is not null)
        {
            await File.WriteAllTextAsync(Path.Combine(_directory, SeedFleetReader.DeviceClassesFileName), deviceClasses,
                TestContext.Current.CancellationToken);
        }

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
