namespace DeviceTrust.Cli.Simulate;

/// <summary>What <c>devicetrust simulate</c> was asked to do, as parsed from the command line.</summary>
public sealed record SimulateRequest(
    Uri Server,
    int Devices,
    string? FleetSecret,
    string? SeedDataDirectory,
    TimeSpan Interval,
    TimeSpan? Duration,
    double DropRate,
    double MalformedRate);
