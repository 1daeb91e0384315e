using System.ComponentModel.DataAnnotations;

namespace DeviceTrust.Simulator.Hosting;

/// <summary>Section "Simulator": runs a simulated fleet inside the host, for development and demos.</summary>
public sealed class SimulatorOptions : IValidatableObject
{
    public const string SectionName = "Simulator";

    public bool Enabled { get; set; }

    /// <summary>Where the devices connect, e.g. http://localhost:5080. Required when <see cref="Enabled"/>.</summary>
    public string? ServerUrl { get; set; }

    /// <summary>Secret the seeded device secrets are derived from (see <see cref="DeviceSecrets.Derive"/>).</summary>
    public string? FleetSecret { get; set; }

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
        else if (!Uri.TryCreate(ServerUrl, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
        {
            yield return new ValidationResult(
                $"{SectionName}:{nameof(ServerUrl)} must be an absolute http or https URL, not '{ServerUrl}'.",
                [nameof(ServerUrl)]);
        }
    }
}
