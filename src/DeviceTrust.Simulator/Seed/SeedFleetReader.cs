using System.Text.Json;

namespace DeviceTrust.Simulator.Seed;

/// <summary>
/// Expands seed-data/fleets.json into the devices it defines, each with its manufacturer from device-classes.json
/// beside it. The server seeds its database from the same files, so the serials and firmware versions here are the
/// ones it expects.
/// </summary>
public static class SeedFleetReader
{
    public const string FileName = "fleets.json";

    public const string DeviceClassesFileName = "device-classes.json";

    private const string FirmwareComponent = "firmware";

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    public static async Task<IReadOnlyList<SeedDevice>> ReadAsync(
        string path,
        CancellationToken cancellationToken = default)
    {
        var fleets = await ReadJsonAsync<SeedFleet>(path, "fleet", cancellationToken);
        var classesPath = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, DeviceClassesFileName);
        var classes = File.Exists(classesPath)
            ? await ReadJsonAsync<SeedDeviceClass>(classesPath, "device class", cancellationToken)
            : throw new InvalidDataException($"{classesPath} is missing: it names each device class's manufacturer.");
        var manufacturers = classes
            .Where(c => c.Name is not null && c.Manufacturer is not null)
            .ToDictionary(c => c.Name!, c => c.Manufacturer!, StringComparer.Ordinal);
        return Expand(fleets, manufacturers, path);
    }

    private static async Task<List<T>> ReadJsonAsync<T>(string path, string what, CancellationToken cancellationToken)
    {
        await using var stream = File.OpenRead(path);
        try
        {
            return await JsonSerializer.DeserializeAsync<List<T>>(stream, JsonOptions, cancellationToken) ?? [];
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{path} is not a valid {what} file: {ex.Message}", ex);
        }
    }

    private static List<SeedDevice> Expand(List<SeedFleet> fleets, Dictionary<string, string> manufacturers, string path)
    {
        var devices = new List<SeedDevice>();
        foreach (var (fleet, index) in fleets.Select((fleet, index) => (fleet, index)))
        {
            if (string.IsNullOrWhiteSpace(fleet.SerialPrefix) || fleet.Count < 0 || fleet.OlderFirmwareEvery < 0)
            {
                throw new InvalidDataException(
                    $"{path}: fleet #{index + 1} needs a serialPrefix, a count >= 0 and olderFirmwareEvery >= 0.");
            }

            if (fleet.DeviceClass is null || !manufacturers.TryGetValue(fleet.DeviceClass, out var manufacturer))
            {
                throw new InvalidDataException(
                    $"{path}: fleet #{index + 1} names device class '{fleet.DeviceClass}', which {DeviceClassesFileName} does not define.");
            }

            var mainsPowered = fleet.DeviceClass.Contains("Gateway", StringComparison.OrdinalIgnoreCase);
            var current = (fleet.Firmware ?? []).Select(c => new FirmwareComponentSpec(c.Name, c.Version)).ToList();
            var older = fleet is { OlderFirmwareEvery: > 0, OlderFirmware: not null }
                ? current.Select(c => c.Name == FirmwareComponent ? c with { Version = fleet.OlderFirmware } : c)
                    .ToList()
                : current;

            for (var n = 1; n <= fleet.Count; n++)
            {
                var firmware = fleet.OlderFirmwareEvery > 0 && n % fleet.OlderFirmwareEvery == 0 ? older : current;
                var serial = $"{fleet.SerialPrefix}-{n:D5}";
                devices.Add(new SeedDevice(serial, fleet.Group ?? "", fleet.DeviceClass, manufacturer, firmware, mainsPowered));
            }
        }

        return devices;
    }

    private sealed record SeedFleet(
        string? Group,
        string? DeviceClass,
        string? SerialPrefix,
        int Count,
        IReadOnlyList<SeedFirmware>? Firmware,
        int OlderFirmwareEvery,
        string? OlderFirmware);

    private sealed record SeedFirmware(string Name, string Version);

    private sealed record SeedDeviceClass(string? Name, string? Manufacturer);
}
