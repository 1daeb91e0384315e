using System.ComponentModel.DataAnnotations;

namespace DeviceTrust.Simulator.Hosting;

/// <summary>Section "Simulator": runs a simulated fleet inside the host, for development and demos.</summary>
public sealed class SimulatorOptions : IValidatableObject
{
    public const string SectionName = "Simulator";

    public bool Enabled { get; set; }

    /// <summary>
    /// The server's HTTPS device listener, e.g. https://localhost:5443, where devices bootstrap (BRSKI, EST) and then
    /// connect to the hub with their LDevID. Required when <see cref="Enabled"/>.
    /// </summary>
    public string? ServerUrl { get; set; }

    /// <summary>
    /// Where each simulated device keeps its IDevID, LDevID and keys, and the firmware its updates installed, between
    /// runs (protected by the host). Relative paths are under the content root. Empty keeps them in memory: after a
    /// restart, devices the domain already enrolled have lost their LDevIDs and are refused (an IDevID enrolls once), so
    /// reset the database as well.
    /// </summary>
    public string? StateDirectory { get; set; }

    /// <summary>Devices whose serial starts with one of these are left alone, e.g. those kept for bootstrapping by hand.</summary>
    public string[] ExcludeSerialPrefixes { get; set; } = [];

    /// <summary>Devices bootstrapping at the same time; the others wait their turn.</summary>
    [Range(1, 1000)]
    public int MaxConcurrentEnrollments { get; set; } = 8;

    [Range(0.05, 3600)]
    public double TelemetryIntervalSeconds { get; set; } = 2;

    [Range(0, 100_000)]
    public int MaxDevices { get; set; } = 1000;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Enabled)
        {
            yield break;
        }

        if (string.IsNullOrWhiteSpace(ServerUrl))
        {
            yield return new ValidationResult(
                $"{SectionName}:{nameof(ServerUrl)} is required when {SectionName}:{nameof(Enabled)} is true.",
                [nameof(ServerUrl)]);
        }
        else if (!Uri.TryCreate(ServerUrl, UriKind.Absolute, out var url) || url.Scheme != Uri.UriSchemeHttps)
        {
            yield return new ValidationResult(
                $"{SectionName}:{nameof(ServerUrl)} must be the absolute https URL of the device listener "
                + $"(devices authenticate with certificates), not '{ServerUrl}'.",
                [nameof(ServerUrl)]);
        }
    }
}
