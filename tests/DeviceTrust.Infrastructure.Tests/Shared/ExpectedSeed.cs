using System.Text.Json;

namespace DeviceTrust.Testing;

public sealed record ExpectedDevice(string Serial, string Group, string DeviceClass, string State, string FirmwareVersion, int ComponentCount);

public sealed record ExpectedUser(string UserName, string Role);

/// <summary>
/// What seeding should produce, read from seed-data/ with JsonDocument as seed-data/README.md describes it
/// (serials are {serialPrefix}-{n:D5}, n from 1; every olderFirmwareEvery-th device runs olderFirmware),
/// independently of the seeder's own records.
/// </summary>
public static class ExpectedSeed
{
    public static IReadOnlyList<ExpectedDevice> Devices(int maxPerFleet)
    {
        using var doc = Read("fleets.json");
        var result = new List<ExpectedDevice>();
        foreach (var fleet in doc.RootElement.EnumerateArray())
        {
            var count = Math.Min(fleet.GetProperty("count").GetInt32(), maxPerFleet);
            var every = fleet.TryGetProperty("olderFirmwareEvery", out var e) ? e.GetInt32() : 0;
            var older = fleet.TryGetProperty("olderFirmware", out var o) ? o.GetString() : null;
            var components = fleet.GetProperty("firmware").EnumerateArray().ToList();
            var main = components.First(c => c.GetProperty("name").GetString() == "firmware").GetProperty("version").GetString()!;
            for (var n = 1; n <= count; n++)
            {
                result.Add(new ExpectedDevice(
                    $"{fleet.GetProperty("serialPrefix").GetString()}-{n:D5}",
                    fleet.GetProperty("group").GetString()!,
                    fleet.GetProperty("deviceClass").GetString()!,
                    fleet.GetProperty("state").GetString()!,
                    every > 0 && older is not null && n % every == 0 ? older : main,
                    components.Count));
            }
        }

        return result;
    }

    public static int FleetCount()
    {
        using var doc = Read("fleets.json");
        return doc.RootElement.GetArrayLength();
    }

    public static IReadOnlyList<ExpectedUser> Users()
    {
        using var doc = Read("users.json");
        return doc.RootElement.EnumerateArray()
            .Select(u => new ExpectedUser(u.GetProperty("userName").GetString()!, u.GetProperty("role").GetString()!))
            .ToList();
    }

    /// <summary>Device class name to manufacturer name, from device-classes.json.</summary>
    public static IReadOnlyDictionary<string, string> ClassManufacturers()
    {
        using var doc = Read("device-classes.json");
        return doc.RootElement.EnumerateArray()
            .ToDictionary(c => c.GetProperty("name").GetString()!, c => c.GetProperty("manufacturer").GetString()!);
    }

    private static JsonDocument Read(string file) => JsonDocument.Parse(File.ReadAllText(Path.Combine(TestDatabase.SeedDirectory, file)));
}
