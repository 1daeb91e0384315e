using DeviceTrust.Application.Attestation.ReferenceValues;
using DeviceTrust.Application.Common;
using DeviceTrust.Application.Provisioning.Manufacturers;
using DeviceTrust.Domain.Accounts;
using DeviceTrust.Simulator.Attestation;

namespace DeviceTrust.Web.Simulation;

/// <summary>
/// DEV-ONLY: publishes the reference values of the simulated fleet, as a manufacturer publishes those of its releases, so
/// the verifier can appraise what simulated devices report. Each (class, firmware version, component) the simulated
/// devices run gets the digest of its simulated image (<see cref="SimulatedFirmware.ImageDigest"/>), through the reference
/// values' own import (validated and audited like any change), as the system. A value a security officer set for the
/// same class, version and component is left as it is.
/// </summary>
internal sealed class SimulatedReferenceValues(ReferenceValueQueries queries, ReferenceValueHandlers handlers, ILogger<SimulatedReferenceValues> logger)
{
    /// <summary>The component whose version names the device's firmware, as the server reads it from a firmware report.</summary>
    private const string FirmwareComponent = "firmware";

    private const string Sha256 = "sha-256";

    /// <summary>Publishing reference values is a security officer's act; here the system's, in the audit trail.</summary>
    private static readonly Actor Publisher = Actor.System with { Roles = new HashSet<string> { Roles.SecurityOfficer } };

    public async Task EnsurePublishedAsync(IReadOnlyCollection<SimulatedFleetDevice> devices, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(devices);
        var active = new Dictionary<(string, string, string), ReferenceValueItem>();
        foreach (var item in await queries.ListAsync(cancellationToken: cancellationToken))
            active.TryAdd((item.DeviceClass, item.FirmwareVersion, item.Component), item);

        var missing = new List<ReferenceValueEntry>();
        foreach (var entry in devices.SelectMany(Entries).Distinct())
        {
            if (!active.TryGetValue((entry.DeviceClass, entry.FirmwareVersion, entry.Component), out var stored))
                missing.Add(entry);
            else if (stored.DigestAlgorithm != entry.DigestAlgorithm || stored.Digest != entry.Digest)
                logger.LogWarning("{Class} {Version} {Component} keeps its reference value {Digest}, which the simulated image does not match: "
                                  + "simulated devices running it are appraised against that one", entry.DeviceClass, entry.FirmwareVersion, entry.Component, stored.Digest);
        }
        if (missing.Count == 0)
            return;

        var added = 0;
        foreach (var chunk in missing.Chunk(ReferenceValueHandlers.MaxImportEntries))
            added += (await handlers.ImportAsync(Publisher, chunk, cancellationToken)).Added;
        logger.LogInformation("Published {Count} DEV-ONLY reference values of the simulated fleet's firmware", added);
    }

    /// <summary>One entry per component, under the device's firmware version ("firmware", else the first component's).</summary>
    private static IEnumerable<ReferenceValueEntry> Entries(SimulatedFleetDevice device)
    {
        if (device.Components.Count == 0)
            return [];
        var version = (device.Components.FirstOrDefault(c => c.Name == FirmwareComponent) ?? device.Components[0]).Version;
        return device.Components.Select(c => new ReferenceValueEntry(device.DeviceClass, version, c.Name, Sha256,
            Convert.ToHexStringLower(SimulatedFirmware.ImageDigest(c.Name, c.Version))));
    }
}
