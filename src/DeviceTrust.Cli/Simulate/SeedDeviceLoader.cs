using DeviceTrust.Cli.Configuration;
using DeviceTrust.Simulator;
using DeviceTrust.Simulator.Seed;

namespace DeviceTrust.Cli.Simulate;

/// <summary>Turns a request into device credentials: seed fleet plus fleet secret, with development defaults.</summary>
public static class SeedDeviceLoader
{
    public static async Task<IReadOnlyList<SimulatedDeviceSpec>> LoadAsync(
        SimulateRequest request,
        string workingDirectory,
        CancellationToken cancellationToken)
    {
        var defaults = request.FleetSecret is null || request.SeedDataDirectory is null
            ? DevelopmentSettings.Find(workingDirectory) is { } path ? DevelopmentSettings.Load(path) : null
            : null;
        var notFound = $"no {DevelopmentSettings.FileName} was found in {workingDirectory} or above";

        var fleetSecret = request.FleetSecret ?? defaults?.FleetSecret ?? throw new CliException(defaults is null
            ? $"No --fleet-secret given and {notFound}."
            : $"No --fleet-secret given and {defaults.FilePath} has no Simulator:FleetSecret.");
        var seedDirectory = request.SeedDataDirectory ?? defaults?.SeedDataDirectory
            ?? throw new CliException($"No --seed-data given and {notFound}.");

        var seedFile = Path.Combine(seedDirectory, SeedFleetReader.FileName);
        if (!File.Exists(seedFile))
        {
            throw new CliException($"Seed fleet file {seedFile} does not exist; point --seed-data at its directory.");
        }

        IReadOnlyList<SeedDevice> seed;
        try
        {
            seed = await SeedFleetReader.ReadAsync(seedFile, cancellationToken);
        }
        catch (InvalidDataException ex)
        {
            throw new CliException(ex.Message);
        }

        return Select(seed, request.Devices, seedFile).Select(device => device.ToSpec(fleetSecret)).ToList();
    }

    /// <summary>The first <paramref name="count"/> in-service devices, in seed order.</summary>
    public static IReadOnlyList<SeedDevice> Select(IReadOnlyList<SeedDevice> seed, int count, string source) =>
        count <= seed.Count
            ? seed.Take(count).ToList()
            : throw new CliException(
                $"--devices {count} is more than the {seed.Count} in-service devices defined in {source}.");
}
