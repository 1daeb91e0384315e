using DeviceTrust.Cli.Configuration;

namespace DeviceTrust.Cli.Tests.Configuration;

public sealed class DevelopmentSettingsTests : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("devicetrust-cli-");

    [Fact]
    public void Find_FromNestedSubdirectory_FindsSettingsFileAbove()
    {
        var settings = WriteSettings("{}");
        var nested = Directory.CreateDirectory(Path.Combine(_root.FullName, "src", "tools", "deep"));

        var found = DevelopmentSettings.Find(nested.FullName);

        Assert.Equal(settings, found);
    }

    [Fact]
    public void Find_NearestFileWins()
    {
        WriteSettings("{}");
        var inner = Directory.CreateDirectory(Path.Combine(_root.FullName, "inner"));
        var nearest = Path.Combine(inner.FullName, DevelopmentSettings.FileName);
        File.WriteAllText(nearest, "{}");

        var below = Directory.CreateDirectory(Path.Combine(inner.FullName, "x"));

        Assert.Equal(nearest, DevelopmentSettings.Find(below.FullName));
    }

    [Fact]
    public void Find_NoFileAnywhereAbove_ReturnsNull()
    {
        // The temp root has no settings file and none of its ancestors should either.
        Assert.Null(DevelopmentSettings.Find(_root.FullName));
    }

    [Fact]
    public void Load_SettingsFile_FindsTheSeedDirectoryBesideIt()
    {
        var path = WriteSettings("""{ "Simulator": { "Enabled": true } }""");

        var settings = DevelopmentSettings.Load(path);

        Assert.Equal(path, settings.FilePath);
        Assert.Equal(Path.Combine(_root.FullName, "seed-data"), settings.SeedDataDirectory);
    }

    [Fact]
    public void Load_InvalidJson_ThrowsCliException()
    {
        var path = WriteSettings("{ not json");

        Assert.Throws<CliException>(() => DevelopmentSettings.Load(path));
    }

    public void Dispose() => _root.Delete(recursive: true);

    private string WriteSettings(string json)
    {
        var path = Path.Combine(_root.FullName, DevelopmentSettings.FileName);
        File.WriteAllText(path, json);
        return path;
    }
}
