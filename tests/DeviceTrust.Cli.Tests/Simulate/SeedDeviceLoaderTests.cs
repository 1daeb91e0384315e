using DeviceTrust.Cli.Simulate;
using DeviceTrust.Cli.Tests.Infrastructure;
using DeviceTrust.Simulator.Seed;

namespace DeviceTrust.Cli.Tests.Simulate;

public sealed class SeedDeviceLoaderTests
{
    private static readonly SeedDevice[] Seed =
    [
        new("A-00001", "g", "Thermo", "Acme", [], false),
        new("A-NEW-00001", "g", "Thermo", "Acme", [], false),
        new("A-00002", "g", "Thermo", "Acme", [], false),
        new("B-00001", "g", "Gateway", "Acme", [], true),
    ];

    [Fact]
    public void Select_CountWithinSeed_TakesTheFirstInOrder()
    {
        Assert.Equal(["A-00001", "A-NEW-00001"], SeedDeviceLoader.Select(Seed, 2, null, "fleets.json").Select(d => d.Serial));
    }

    [Fact]
    public void Select_SerialPrefix_TakesTheFirstMatchingInOrder()
    {
        Assert.Equal(["A-00001", "A-00002"], SeedDeviceLoader.Select(Seed, 2, "A-0", "fleets.json").Select(d => d.Serial));
    }

    [Fact]
    public void Select_CountAboveSeed_ThrowsWithClearMessage()
    {
        var error = Assert.Throws<CliException>(() => SeedDeviceLoader.Select(Seed, 5, null, "fleets.json"));

        Assert.Equal("--devices 5 is more than the 4 devices defined in fleets.json.", error.Message);
    }

    [Fact]
    public void Select_CountAboveThoseMatchingThePrefix_ThrowsNamingThePrefix()
    {
        var error = Assert.Throws<CliException>(() => SeedDeviceLoader.Select(Seed, 2, "A-NEW", "fleets.json"));

        Assert.Equal("--devices 2 is more than the 1 devices with a serial starting 'A-NEW' in fleets.json.", error.Message);
    }

    [Fact]
    public async Task LoadAsync_DefaultsFromDevelopmentSettings_ReadsEveryFleetWithItsManufacturer()
    {
        using var workspace = new SeedWorkspace();
        var request = new SimulateRequest(new Uri("https://h"), new Uri("http://h"), "dt_x", SeedWorkspace.DeviceCount);

        var specs = await SeedDeviceLoader.LoadAsync(request, workspace.WorkingDirectory, TestContext.Current.CancellationToken);

        Assert.Equal(SeedWorkspace.DeviceCount, specs.Count);
        Assert.Equal(("LAB-T1-00001", "Acme Sensors", false), (specs[0].Serial, specs[0].Manufacturer, specs[0].MainsPowered));
        Assert.Equal(("LAB-NEW-00001", "Kumo Devices"), (specs[2].Serial, specs[2].Manufacturer));
        Assert.Equal(("LAB-G2-00002", true), (specs[^1].Serial, specs[^1].MainsPowered));
    }

    [Fact]
    public async Task LoadAsync_SerialPrefix_LoadsOnlyThoseDevices()
    {
        using var workspace = new SeedWorkspace();
        var request = new SimulateRequest(new Uri("https://h"), new Uri("http://h"), "dt_x", 3) { SerialPrefix = "LAB-NEW" };

        var specs = await SeedDeviceLoader.LoadAsync(request, workspace.WorkingDirectory, TestContext.Current.CancellationToken);

        Assert.Equal(["LAB-NEW-00001", "LAB-NEW-00002", "LAB-NEW-00003"], specs.Select(s => s.Serial));
    }

    [Fact]
    public async Task LoadAsync_MissingSeedFile_ThrowsNamingIt()
    {
        using var workspace = new SeedWorkspace();
        var request = new SimulateRequest(new Uri("https://h"), new Uri("http://h"), "dt_x", 1) { SeedDataDirectory = workspace.PathOf("nowhere") };

        var error = await Assert.ThrowsAsync<CliException>(
            () => SeedDeviceLoader.LoadAsync(request, workspace.WorkingDirectory, TestContext.Current.CancellationToken));

        Assert.Contains("nowhere", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoadAsync_NoDeviceClassesBesideTheFleets_ThrowsNamingTheFile()
    {
        using var workspace = new SeedWorkspace();
        File.Delete(Path.Combine(workspace.SeedDataDirectory, SeedFleetReader.DeviceClassesFileName));
        var request = new SimulateRequest(new Uri("https://h"), new Uri("http://h"), "dt_x", 1);

        var error = await Assert.ThrowsAsync<CliException>(
            () => SeedDeviceLoader.LoadAsync(request, workspace.WorkingDirectory, TestContext.Current.CancellationToken));

        Assert.Contains(SeedFleetReader.DeviceClassesFileName, error.Message, StringComparison.Ordinal);
    }
}
