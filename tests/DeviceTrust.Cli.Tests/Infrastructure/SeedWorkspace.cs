namespace DeviceTrust.Cli.Tests.Infrastructure;

/// <summary>A temporary repository look-alike: appsettings.Development.json and seed-data/fleets.json.</summary>
public sealed class SeedWorkspace : IDisposable
{
    public const string FleetSecret = "workspace fleet secret";

    private const string Fleets = """
        [
          {"group":"Lab","deviceClass":"Acme Thermo T1","serialPrefix":"LAB-T1","count":2,"state":"Operational",
           "firmware":[{"name":"firmware","version":"1.4.2"}]},
          {"group":"Lab","deviceClass":"Acme Thermo T1","serialPrefix":"LAB-NEW","count":5,"state":"Manufactured",
           "firmware":[{"name":"firmware","version":"1.4.2"}]},
          {"group":"Lab","deviceClass":"Acme Gateway G2","serialPrefix":"LAB-G2","count":2,"state":"Operational",
           "firmware":[{"name":"firmware","version":"5.0.1"}]}
        ]
        """;

    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("devicetrust-workspace-");

    public SeedWorkspace(bool withSettings = true)
    {
        Directory.CreateDirectory(Path.Combine(_root.FullName, "seed-data"));
        File.WriteAllText(Path.Combine(_root.FullName, "seed-data", "fleets.json"), Fleets);
        if (withSettings)
        {
            File.WriteAllText(
                Path.Combine(_root.FullName, "appsettings.Development.json"),
                $$"""{ "Simulator": { "FleetSecret": "{{FleetSecret}}" } }""");
        }

        WorkingDirectory = Directory.CreateDirectory(Path.Combine(_root.FullName, "src", "somewhere")).FullName;
    }

    /// <summary>A subdirectory, so the CLI has to walk up to find the settings.</summary>
    public string WorkingDirectory { get; }

    public string SeedDataDirectory => Path.Combine(_root.FullName, "seed-data");

    public void Dispose() => _root.Delete(recursive: true);
}
