using DeviceTrust.Simulator.Device;

namespace DeviceTrust.Cli.Simulate;

/// <summary>What <c>devicetrust simulate</c> was asked to do, as parsed from the command line.</summary>
/// <param name="Server">The server's HTTPS device listener (registrar and hub), e.g. https://localhost:5443.</param>
/// <param name="Api">The server's HTTP API, where the devices' IDevIDs are minted, e.g. http://localhost:5080.</param>
/// <param name="Token">A security officer's API token, for minting.</param>
/// <param name="Devices">How many seed devices to run, in seed order.</param>
public sealed record SimulateRequest(Uri Server, Uri Api, string Token, int Devices)
{
    /// <summary>Only seed devices whose serial starts with this; null for all.</summary>
    public string? SerialPrefix { get; init; }

    /// <summary>Where devices keep their IDevID, LDevID and keys between runs (unencrypted); null keeps them in memory.</summary>
    public string? StateDirectory { get; init; }

    /// <summary>The directory holding fleets.json; null for seed-data/ beside appsettings.Development.json.</summary>
    public string? SeedDataDirectory { get; init; }

    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Null runs until cancelled.</summary>
    public TimeSpan? Duration { get; init; }

    /// <summary>What every device starts with: telemetry drop and malformed rates, provisioning faults.</summary>
    public FaultInjection Faults { get; init; } = FaultInjection.None;
}
