using System.Globalization;
using System.Text.Json;
using DeviceTrust.Simulator;
using DeviceTrust.Simulator.Seed;

namespace DeviceTrust.Bench;

/// <summary>The seed devices the driver plays: ones the app seeds when capped per fleet, of classes that enroll without an operator.</summary>
internal static class BenchFleet
{
    private const string AutoAccept = "AutoAccept";

    /// <summary>
    /// The first <paramref name="devices"/> seed devices that the app seeds when it is capped at that many devices per
    /// fleet (it seeds numbers 1..cap of each fleet) and whose class is AutoAccept in device-classes.json, so that BRSKI
    /// completes without an operator's approval.
    /// </summary>
    public static async Task<IReadOnlyList<SimulatedDeviceSpec>> ReadAsync(string repoRoot, int devices)
    {
        var seedDirectory = Path.Combine(repoRoot, "seed-data");
        var seed = await SeedFleetReader.ReadAsync(Path.Combine(seedDirectory, SeedFleetReader.FileName));
        var autoAccepted = await AutoAcceptedClassesAsync(Path.Combine(seedDirectory, SeedFleetReader.DeviceClassesFileName));
        var fleet = seed
            .Where(d => autoAccepted.Contains(d.DeviceClass))
            .Where(d => int.Parse(d.Serial[(d.Serial.LastIndexOf('-') + 1)..], CultureInfo.InvariantCulture) <= devices)
            .Take(devices)
            .Select(d => d.ToSpec())
            .ToList();
        return fleet.Count == devices
            ? fleet
            : throw new InvalidOperationException($"The seed has {fleet.Count} devices of AutoAccept classes; --devices {devices} is too many.");
    }

    private static async Task<HashSet<string>> AutoAcceptedClassesAsync(string path)
    {
        await using var file = File.OpenRead(path);
        var classes = await JsonSerializer.DeserializeAsync<List<DeviceClass>>(file, new JsonSerializerOptions(JsonSerializerDefaults.Web)) ?? [];
        // The server's default policy is AutoAccept (SeedFiles), so a class that names none enrolls on its own too.
        return classes.Where(c => c.Name is not null && (c.EnrollmentPolicy ?? AutoAccept) == AutoAccept).Select(c => c.Name!).ToHashSet();
    }

    private sealed record DeviceClass(string? Name, string? EnrollmentPolicy);
}
