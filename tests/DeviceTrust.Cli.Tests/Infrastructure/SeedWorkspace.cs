namespace DeviceTrust.Cli.Tests.Infrastructure;

/// <summary>
/// A temporary repository look-alike: appsettings.Development.json and seed-data/ with fleets.json and
/// device-classes.json. Its devices, in seed order: LAB-T1-00001..2 (Acme Sensors), LAB-NEW-00001..5 (Kumo Devices),
/// LAB-G2-00001..2 (Acme Sensors).
/// </summary>
public sealed class SeedWorkspace : IDisposable
{
    public const int DeviceCount = 9;

    private const string Fleets = """
        [
          {"group":"Lab","deviceClass":"Acme Thermo T1","serialPrefix":"LAB-T1","count":2,"state":"Manufactured",
           "firmware":[{"name":"firmware","version":"1.4.2"}]},
          {"group":"Lab","deviceClass":"Kumo Meter M7","serialPrefix":"LAB-NEW","count":5,"state":"Manufactured",
           "firmware":[{"name":"firmware","version":"0.9.12"}]},
          {"group":"Lab","deviceClass":"Acme Gateway G2","serialPrefix":"LAB-G2","count":2,"state":"Manufactured",
           "firmware":[{"name":"firmware","version":"5.0.1"}]}
        ]
        """;

    private const string DeviceClasses = """
        [
          {"name":"Acme Thermo T1","manufacturer":"Acme Sensors","enrollmentPolicy":"AutoAccept"},
          {"name":"Kumo Meter M7","manufacturer":"Kumo Devices","enrollmentPolicy":"AutoAccept"},
          {"name":"Acme Gateway G2","manufacturer":"Acme Sensors","enrollmentPolicy":"OperatorApproval"}
        ]
        """;

    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("devicetrust-workspace-");

    public SeedWorkspace(bool withSettings = true)
    {
        Directory.CreateDirectory(SeedDataDirectory);
        File.WriteAllText(Path.Combine(SeedDataDirectory, "fleets.json"), Fleets);
        File.WriteAllText(Path.Combine(SeedDataDirectory, "device-classes.json"), DeviceClasses);
        if (withSettings)
        {
            File.WriteAllText(Path.Combine(_root.FullName, "appsettings.Development.json"), """{ "Simulator": { "Enabled": true } }""");
        }

        WorkingDirectory = Directory.CreateDirectory(Path.Combine(_root.FullName, "src", "somewhere")).FullName;
    }

    /// <summary>A subdirectory, so the CLI has to walk up to find the settings.</summary>
    public string WorkingDirectory { get; }

    public string SeedDataDirectory => Path.Combine(_root.FullName, "seed-data");

    public string PathOf(string name) => Path.Combine(_root.FullName, name);

    public void Dispose() => _root.Delete(recursive: true);
}
