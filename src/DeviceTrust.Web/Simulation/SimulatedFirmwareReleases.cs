using DeviceTrust.Application.Common;
using DeviceTrust.Application.Provisioning.Manufacturers;
using DeviceTrust.Application.Updates.Catalog;
using DeviceTrust.Domain.Accounts;
using DeviceTrust.Simulator.Attestation;

namespace DeviceTrust.Web.Simulation;

/// <summary>
/// DEV-ONLY: fills the firmware catalog of a class that has no releases yet with the firmware its simulated devices run,
/// oldest version first (sequence numbers 1, 2, ...), each the simulated image of its "firmware" component
/// (<see cref="SimulatedFirmware.Image"/>) in a manifest the catalog signs, so the catalog shows what the fleet runs and a
/// new release can follow it. Published through the catalog's own use case (validated, audited) as the system.
/// </summary>
internal sealed class SimulatedFirmwareReleases(FirmwareCatalogQueries catalog, PublishFirmwareHandler publish, ILogger<SimulatedFirmwareReleases> logger)
{
    private const string FirmwareComponent = "firmware";

    /// <summary>Publishing firmware is an operator's act; here the system's, in the audit trail.</summary>
    private static readonly Actor Publisher = Actor.System with { Roles = new HashSet<string> { Roles.Operator } };

    public async Task EnsurePublishedAsync(IReadOnlyCollection<SimulatedFleetDevice> devices, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(devices);
        var released = (await catalog.ListAsync(cancellationToken: cancellationToken)).Select(r => r.DeviceClass).ToHashSet(StringComparer.Ordinal);
        foreach (var byClass in devices.GroupBy(d => d.DeviceClass).Where(g => !released.Contains(g.Key)))
        {
            var versions = byClass.Select(d => d.Components.FirstOrDefault(c => c.Name == FirmwareComponent)?.Version).OfType<string>()
                .Distinct(StringComparer.Ordinal).Order(VersionOrder.Instance).ToList();
            foreach (var version in versions)
                await publish.PublishImageAsync(Publisher, new PublishImageRequest(byClass.First().DeviceClassId, version, FirmwareComponent,
                    SimulatedFirmware.Image(FirmwareComponent, version), Description: "DEV-ONLY simulated firmware"), cancellationToken);
            logger.LogInformation("Published {Count} DEV-ONLY releases of {Class} to the firmware catalog", versions.Count, byClass.Key);
        }
    }

    /// <summary>Dotted versions by number (1.10 after 1.9), anything else by text.</summary>
    private sealed class VersionOrder : IComparer<string>
    {
        public static readonly VersionOrder Instance = new();

        public int Compare(string? x, string? y) =>
            Version.TryParse(x, out var a) && Version.TryParse(y, out var b) ? a.CompareTo(b) : string.CompareOrdinal(x, y);
    }
}
