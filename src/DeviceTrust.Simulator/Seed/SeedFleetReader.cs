using System.Text.Json;

namespace DeviceTrust.Simulator.Seed;

/// <summary>
/// Expands seed-data/fleets.json into the in-service devices it defines. The server seeds its database from the same
/// file, so the serials and firmware versions here are the ones it expects.
/// </summary>
public static class SeedFleetReader
{
    public const string FileName = "fleets.json";

    /// <summary>Manufactured devices are in the database but not deployed yet, so they do not connect.</summary>
    private const string NotInServiceState = "Manufactured";

    private const string FirmwareComponent = "firmware";

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    public static async Task<IReadOnlyList<SeedDevice>> ReadAsync(
        string path,
        CancellationToken cancellationToken = default)
    {
        await using var stream = File.OpenRead(path);
        List<SeedFleet>? fleets;
        try
        {
            fleets = await JsonSerializer.DeserializeAsync<List<SeedFleet>>(stream, JsonOptions, cancellationToken);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{path} is not a valid fleet file: {ex.Message}", ex);
        }

        return Expand(fleets ?? [], path);
    }

    private static List<SeedDevice> Expand(List<SeedFleet> fleets, string path)
    {
        var devices = new List<SeedDevice>();
        foreach (var (fleet, index) in fleets.Select((fleet, index) => (fleet, index)))
        {
            if (string.IsNullOrWhiteSpace(fleet.SerialPrefix) || fleet.Count < 0 || fleet.OlderFirmwareEvery < 0)
            {
                throw new InvalidDataException(
                    $"{path}: fleet #{index + 1} needs a serialPrefix, a count >= 0 and olderFirmwareEvery >= 0.");
            }

            if (string.Equals(fleet.State, NotInServiceState, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var mainsPowered = fleet.DeviceClass?.Contains("Gateway", StringComparison.OrdinalIgnoreCase) == true;
            var current = (fleet.Firmware ?? []).Select(c => new FirmwareComponentSpec(c.Name, c.Version)).ToList();
            var older = fleet is { OlderFirmwareEvery: > 0, OlderFirmware: not null }
                ? current.Select(c => c.Name == FirmwareComponent ? c with { Version = fleet.OlderFirmware } : c)
                    .ToList()
                : current;

            for (var n = 1; n <= fleet.Count; n++)
            {
                var firmware = fleet.OlderFirmwareEvery > 0 && n % fleet.OlderFirmwareEvery == 0 ? older : current;
                var serial = $"{fleet.SerialPrefix}-{n:D5}";
                devices.Add(new SeedDevice(serial, fleet.Group ?? "", fleet.DeviceClass ?? "", firmware, mainsPowered));
            }
        }

        return devices;
    }

    private sealed record SeedFleet(
        string? Group,
        string? DeviceClass,
        string? SerialPrefix,
        int Count,
        string? State,
        IReadOnlyList<SeedFirmware>? Firmware,
        int OlderFirmwareEvery,
        string? OlderFirmware);

    private sealed record SeedFirmware(string Name, string Version);
}
