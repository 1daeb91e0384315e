using Microsoft.Extensions.Configuration;

namespace DeviceTrust.Cli.Configuration;

/// <summary>
/// The repository root's appsettings.Development.json, which the server also reads, so the CLI finds the seed data the
/// server seeded its database from without repeating it on the command line.
/// </summary>
public sealed record DevelopmentSettings(string FilePath, string SeedDataDirectory)
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
        try
        {
            // Read only to reject a broken file early: the server would not start on it either.
            new ConfigurationBuilder().AddJsonFile(Path.GetFullPath(filePath), optional: false).Build();
        }
        catch (Exception ex) when (ex is InvalidDataException or FormatException or IOException)
        {
            throw new CliException($"Cannot read {filePath}: {ex.Message}");
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(filePath))!;
        return new DevelopmentSettings(filePath, Path.Combine(directory, "seed-data"));
    }
}
