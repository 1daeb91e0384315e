using DeviceTrust.Application.Common;
using DeviceTrust.Application.Provisioning.Manufacturers;
using DeviceTrust.Domain.Attestation;
using DeviceTrust.Simulator;
using DeviceTrust.Simulator.Hosting;
using Microsoft.Extensions.Options;

namespace DeviceTrust.Web.Simulation;

/// <summary>
/// The hosted simulator plays the devices of this app's own database that belong to simulated manufacturers: those
/// still Manufactured bootstrap with an IDevID from their manufacturer, the others connect with the LDevID they stored.
/// Each knows its UEID and class-id, as a device knows them from its factory, and whether its class is VendorVerified
/// (its evidence MACed under its factory's secret rather than signed), and the reference values of what they run
/// are published first (<see cref="SimulatedReferenceValues"/>), so their evidence can be appraised, and the catalog holds
/// the releases they run (<see cref="SimulatedFirmwareReleases"/>).
/// </summary>
internal sealed class DatabaseFleetSource(
    SimulatedFleetQuery devices, SimulatedManufacturers manufacturers, SimulatedReferenceValues referenceValues, SimulatedFirmwareReleases releases,
    IOptions<SimulatorOptions> options,
    ILogger<DatabaseFleetSource> logger)
    : ISimulatedFleetSource
{
    public async Task<IReadOnlyList<SimulatedDeviceSpec>> GetDevicesAsync(CancellationToken cancellationToken)
    {
        if (!manufacturers.Enabled)
        {
            logger.LogWarning("The device simulator needs simulated manufacturers (Brski:SimulateManufacturers) to give its devices IDevIDs");
            return [];
        }

        var fleet = await devices.HandleAsync(options.Value.MaxDevices, options.Value.ExcludeSerialPrefixes, cancellationToken);
        try
        {
            await referenceValues.EnsurePublishedAsync(fleet, cancellationToken);
            await releases.EnsurePublishedAsync(fleet, cancellationToken);
        }
        catch (Exception e) when (e is RequestValidationException or ConflictException)
        {
            // The devices run all the same; the appraisal says which of their components it cannot recognize.
            logger.LogError(e, "The simulated fleet's reference values or releases could not be published: {Problem}", e.Message);
        }

        return fleet.Select(d => new SimulatedDeviceSpec(
                d.SerialNumber,
                d.Manufacturer,
                d.Components.Select(c => new FirmwareComponentSpec(c.Name, c.Version)).ToList(),
                MainsPowered: d.DeviceClass.Contains("Gateway", StringComparison.OrdinalIgnoreCase))
            {
                Ueid = d.Ueid,
                ClassId = d.ClassId,
                VendorId = d.VendorId,
                VendorVerified = d.AttestationModel == AttestationModel.VendorVerified,
            })
            .ToList();
    }
}
