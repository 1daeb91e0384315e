using DeviceTrust.Application.Common;
using DeviceTrust.Application.Provisioning.Manufacturers;
using DeviceTrust.Domain.Accounts;
using DeviceTrust.Simulator.Credentials;
using DeviceTrust.Simulator.Provisioning;

namespace DeviceTrust.Web.Simulation;

/// <summary>
/// The simulated devices' factory line: IDevIDs minted by this app's simulated manufacturers, in process, each with the
/// device's attestation key and its endorsement certificate, and the per-device secret of VendorVerified evidence when the
/// manufacturer embeds one. Minting is a security officer's act, so the simulator acts as one, under its own name in the
/// audit trail.
/// </summary>
internal sealed class ManufacturerIdevidIssuer(SimulatedManufacturers manufacturers) : IIdevidIssuer
{
    public static readonly Actor Simulator = new("system:device-simulator", null, new HashSet<string> { Roles.SecurityOfficer });

    public async Task<DeviceIdentity> IssueAsync(string manufacturer, string serialNumber, TimeSpan? validity, CancellationToken cancellationToken)
    {
        var minted = await manufacturers.MintIdevidAsync(manufacturer, serialNumber, Simulator, cancellationToken, validity);
        var attestation = AttestationCredential.FromPem(minted.AttestationKeyPem, $"{minted.AttestationCertificatePem}\n{minted.EndorsementCaPem}\n",
            minted.VendorAttestationSecret);
        try
        {
            return DeviceIdentity.FromPem(minted.CertificatePem, minted.PrivateKeyPem, minted.MasaCertificatePem, minted.ChainPem, attestation);
        }
        catch
        {
            attestation.Dispose();
            throw;
        }
    }
}
