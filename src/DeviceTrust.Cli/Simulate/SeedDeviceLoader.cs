using DeviceTrust.Cli.Configuration;
using DeviceTrust.Simulator;
using DeviceTrust.Simulator.Seed;

namespace DeviceTrust.Cli.Simulate;

/// <summary>Picks the devices a request asks for from the seed fleet, found beside appsettings.Development.json by default.</summary>
public static class SeedDeviceLoader
{
    public static async Task<IReadOnlyList<SimulatedDeviceSpec>> LoadAsync(
        SimulateRequest request,
        string workingDirectory,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var seedDirectory = request.SeedDataDirectory
            ?? (DevelopmentSettings.Find(workingDirectory) is { } path ? DevelopmentSettings.Load(path).SeedDataDirectory : null)
            ?? throw new CliException(
                $"No --seed-data given and no {DevelopmentSettings.FileName} was found in {workingDirectory} or above.");

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

        return Select(seed, request.Devices, request.SerialPrefix, seedFile).Select(device => device.ToSpec()).ToList();
    }

    /// <summary>The first <paramref name="count"/> devices whose serial starts with <paramref name="serialPrefix"/>, in seed order.</summary>
    public static IReadOnlyList<SeedDevice> Select(IReadOnlyList<SeedDevice> seed, int count, string? serialPrefix, string source)
    {
        ArgumentNullException.ThrowIfNull(seed);
        var matching = serialPrefix is null
            ? seed
            : seed.Where(device => device.Serial.StartsWith(serialPrefix, StringComparison.Ordinal)).ToList();
        return count <= matching.Count
            ? matching.Take(count).ToList()
            : throw new CliException(serialPrefix is null
                ? $"--devices {count} is more than the {matching.Count} devices defined in {source}."
                : $"--devices {count} is more than the {matching.Count} devices with a serial starting '{serialPrefix}' in {source}.");
    }
}
