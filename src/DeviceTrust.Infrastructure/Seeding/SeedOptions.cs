namespace DeviceTrust.Infrastructure.Seeding;

/// <summary>Section "Seed": development data. Off unless the environment turns it on (appsettings.Development.json does).</summary>
public sealed class SeedOptions
{
    public const string Section = "Seed";

    public bool Enabled { get; set; }

    /// <summary>The seed-data folder; relative paths are tried from the working directory and its parents.</summary>
    public string Directory { get; set; } = "seed-data";

    /// <summary>Password of the development users; required when seeding.</summary>
    public string? DevPassword { get; set; }

    /// <summary>Seed at most this many devices of each fleet (small fleets for tests); null seeds them all.</summary>
    public int? MaxDevicesPerFleet { get; set; }
}
