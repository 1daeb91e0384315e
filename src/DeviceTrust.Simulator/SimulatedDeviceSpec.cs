using System.Text.Json.Serialization;

namespace DeviceTrust.Simulator;

/// <summary>One installed software component, as the device reports it in <c>ReportFirmware</c>.</summary>
public sealed record FirmwareComponentSpec(string Name, string Version)
{
    /// <summary>
    /// SHA-256 of the image an update installed, which its evidence reports; null for the image it left the factory with,
    /// whose digest is the DEV-ONLY simulated image's (<see cref="Attestation.SimulatedFirmware.ImageDigest"/>). Not part
    /// of <c>ReportFirmware</c>: the server learns digests from evidence only.
    /// </summary>
    [JsonIgnore]
    public byte[]? ImageDigest { get; init; }
}

/// <summary>Everything a simulated device knows about itself before it is switched on for the first time.</summary>
/// <param name="Manufacturer">Whose factory gives it its IDevID (a simulated manufacturer's name on the server).</param>
/// <param name="MainsPowered">Gateways run on mains power and always report a full battery.</param>
public sealed record SimulatedDeviceSpec(
    string Serial,
    string Manufacturer,
    IReadOnlyList<FirmwareComponentSpec> Firmware,
    bool MainsPowered)
{
    /// <summary>
    /// The UEID assigned at manufacture (RFC 9711 §4.2.1: type 0x01 RAND and 16 random bytes), which its evidence
    /// carries. Null for a device that does not know it: it cannot attest, and declines when asked.
    /// </summary>
    public byte[]? Ueid { get; init; }

    /// <summary>
    /// Its device class's SUIT class-id, which its evidence carries as hwmodel. Null for a device that does not know it:
    /// it cannot attest, and declines when asked.
    /// </summary>
    public Guid? ClassId { get; init; }

    /// <summary>
    /// Its device class's SUIT vendor-id, which a manifest's condition-vendor-identifier must match before it installs
    /// anything. Null for a device that does not know it: every manifest then fails that condition.
    /// </summary>
    public Guid? VendorId { get; init; }

    /// <summary>
    /// Whether its device class's attestation model is VendorVerified: its evidence is then MACed (COSE_Mac0, HMAC 256/256)
    /// under the per-device secret its factory embedded (<see cref="Credentials.AttestationCredential.VendorSecret"/>),
    /// for the manufacturer's verifier to check, instead of signed by its attestation key. Without that secret it cannot
    /// attest, and declines when asked. False (Endorsed) by default.
    /// </summary>
    public bool VendorVerified { get; init; }
}
