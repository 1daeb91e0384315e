using Microsoft.Extensions.Configuration;

namespace DeviceTrust.Cli.Configuration;

/// <summary>
/// The repository root's appsettings.Development.json, which the server also reads, so the CLI uses the same fleet
/// secret and seed data as the server it talks to without repeating them on the command line.
/// </summary>
public sealed record DevelopmentSettings(string FilePath, string? FleetSecret, string SeedDataDirectory)
{
    public const string FileName = "appsettings.Development.json";

    /// <summary>The nearest settings file in <paramref name="startDirectory"/> or above it, or null.</summary>
    public static string? Find(string startDirectory)
    {
        for (var directory = new DirectoryInfo(startDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, FileName);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    public static DevelopmentSettings Load(string filePath)
    {
        IConfiguration configuration;
        try
        {
            configuration = new ConfigurationBuilder().AddJsonFile(Path.GetFullPath(filePath), optional: false).Build();
        }
        catch (Exception ex) when (ex is InvalidDataException or FormatException or IOException)
        {
            throw new CliException($"Cannot read {filePath}: {ex.Message}");
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(filePath))!;
        return new DevelopmentSettings(
            filePath,
            configuration["Simulator:FleetSecret"],
            Path.Combine(directory, "seed-data"));
    }
}
