using DeviceTrust.Cli.Simulate;
using DeviceTrust.Cli.Tests.Infrastructure;
using DeviceTrust.Simulator;
using DeviceTrust.Simulator.Seed;

namespace DeviceTrust.Cli.Tests.Simulate;

public sealed class SeedDeviceLoaderTests
{
    private static readonly SeedDevice[] Seed =
    [
        new("A-00001", "g", "Thermo", [], false),
        new("A-00002", "g", "Thermo", [], false),
        new("B-00001", "g", "Gateway", [], true),
    ];

    [Fact]
    public void Select_CountWithinSeed_TakesTheFirstInOrder()
    {
        Assert.Equal(["A-00001", "A-00002"], SeedDeviceLoader.Select(Seed, 2, "fleets.json").Select(d => d.Serial));
    }

    [Fact]
    public void Select_CountAboveSeed_ThrowsWithClearMessage()
    {
        var error = Assert.Throws<CliException>(() => SeedDeviceLoader.Select(Seed, 4, "fleets.json"));

        Assert.Equal("--devices 4 is more than the 3 in-service devices defined in fleets.json.", error.Message);
    }

    [Fact]
    public async Task LoadAsync_ExplicitFleetSecret_OverridesSettingsAndDerivesSecrets()
    {
        using var workspace = new SeedWorkspace();
        var request = new SimulateRequest(
            new Uri("http://h"), 2, "explicit", null, TimeSpan.FromSeconds(2), null, 0, 0);

        var specs = await SeedDeviceLoader.LoadAsync(
            request, workspace.WorkingDirectory, TestContext.Current.CancellationToken);

        Assert.Equal(DeviceSecrets.Derive("explicit", "LAB-T1-00001"), specs[0].Secret);
        Assert.False(specs[0].MainsPowered);
    }

    [Fact]
    public async Task LoadAsync_MissingSeedFile_ThrowsNamingIt()
    {
        using var workspace = new SeedWorkspace();
        var request = new SimulateRequest(
            new Uri("http://h"), 1, null, Path.Combine(workspace.WorkingDirectory, "nowhere"),
            TimeSpan.FromSeconds(2), null, 0, 0);

        var error = await Assert.ThrowsAsync<CliException>(
            () => SeedDeviceLoader.LoadAsync(
                request, workspace.WorkingDirectory, TestContext.Current.CancellationToken));

        Assert.Contains("nowhere", error.Message, StringComparison.Ordinal);
    }
}
