using DeviceTrust.Cli.Network;

namespace DeviceTrust.Cli.Dev;

/// <summary><c>dev idevid</c>: mint a DEV-ONLY IDevID of a simulated manufacturer and write it to <paramref name="OutputDirectory"/>.</summary>
public sealed record DevIdevidRequest(ServerConnection Server, string Token, string Manufacturer, string SerialNumber, string OutputDirectory);

/// <summary>
/// The server's answer (201), as JSON names it: the IDevID and beside it the device's attestation key with its
/// endorsement certificate and the endorsing CA (absent from a server older than attestation), and the per-device secret
/// of VendorVerified evidence (base64 of its COSE_Key; absent when the manufacturer embeds none).
/// </summary>
public sealed record MintedIdevid(string SerialNumber, string PrivateKeyPem, string CertificatePem, string ChainPem, string MasaCertificatePem,
    string? AttestationKeyPem = null, string? AttestationCertificatePem = null, string? EndorsementCaPem = null,
    string? VendorAttestationSecret = null);
