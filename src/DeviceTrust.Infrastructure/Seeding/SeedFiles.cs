using System.Text.Json;

namespace DeviceTrust.Infrastructure.Seeding;

// The shapes of the files in seed-data/ (see seed-data/README.md).
internal sealed record ManufacturerSeed(Guid Id, string Name, Uri? MasaUrl = null, Uri? VerifierUrl = null);

internal sealed record DeviceClassSeed(Guid Id, string Manufacturer, string Name, Guid VendorId, Guid ClassId, string HardwareModel,
    Domain.Provisioning.EnrollmentPolicy EnrollmentPolicy = Domain.Provisioning.EnrollmentPolicy.AutoAccept,
    Domain.Attestation.AttestationModel AttestationModel = Domain.Attestation.AttestationModel.Endorsed);

internal sealed record GroupSeed(Guid Id, string Name, string? Description);

internal sealed record ComponentSeed(string Name, string Version);

internal sealed record FleetSeed(
    string Group, string DeviceClass, string SerialPrefix, int Count, string State, IReadOnlyList<ComponentSeed> Firmware,
    int? OlderFirmwareEvery = null, string? OlderFirmware = null)
{
    public IEnumerable<(string Serial, IReadOnlyList<ComponentSeed> Firmware)> Devices(int? max)
    {
        for (var n = 1; n <= Math.Min(Count, max ?? int.MaxValue); n++)
        {
            var older = OlderFirmwareEvery is > 0 && OlderFirmware is not null && n % OlderFirmwareEvery == 0;
            var firmware = older ? Firmware.Select(c => c.Name == "firmware" ? c with { Version = OlderFirmware! } : c).ToList() : Firmware;
            yield return ($"{SerialPrefix}-{n:D5}", firmware);
        }
    }
}

internal sealed record UserSeed(string UserName, string DisplayName, string Email, string Role);

internal static class SeedFiles
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    public static async Task<T> ReadAsync<T>(string directory, string file, CancellationToken cancellationToken)
    {
        var path = Path.Combine(directory, file);
        await using var stream = File.OpenRead(path);
        return await JsonSerializer.DeserializeAsync<T>(stream, Json, cancellationToken)
               ?? throw new InvalidDataException($"{path} is empty.");
    }

    /// <summary>Finds the seed folder from the working directory or one of its parents (the repository root).</summary>
    public static string Locate(string configured)
    {
        if (Path.IsPathRooted(configured)) return configured;
        for (var dir = new DirectoryInfo(System.IO.Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, configured);
            if (System.IO.Directory.Exists(candidate)) return candidate;
        }

        throw new DirectoryNotFoundException($"Seed data folder '{configured}' was not found from {System.IO.Directory.GetCurrentDirectory()} or its parents.");
    }
}
