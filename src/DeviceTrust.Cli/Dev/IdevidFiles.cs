using DeviceTrust.Cli.Network;

namespace DeviceTrust.Cli.Dev;

/// <summary>
/// The files <c>dev idevid</c> writes, named as <c>brski request</c>, <c>est enroll</c> and <c>attest</c> expect to read
/// them: the IDevID with its key, chain and MASA certificate, and what the factory gives beside it when the server has it
/// (the attestation key with its endorsement chain, the evidence secret of VendorVerified classes).
/// </summary>
public static class IdevidFiles
{
    public const string PrivateKey = "idevid.key.pem";
    public const string Certificate = "idevid.pem";
    public const string Chain = "chain.pem";
    public const string Masa = "masa.pem";
    public const string AttestationKey = "attestation.key.pem";
    public const string AttestationCertificates = "attestation.pem";
    public const string VendorSecret = "vendor-secret.b64";

    /// <summary>Writes the files (keys and secrets owner-only) and returns their paths, the IDevID key first.</summary>
    public static IReadOnlyList<string> Write(MintedIdevid minted, string directory)
    {
        ArgumentNullException.ThrowIfNull(minted);
        ArgumentNullException.ThrowIfNull(directory);
        var files = new List<(string Name, string Text, bool Secret)>
        {
            (PrivateKey, minted.PrivateKeyPem, true),
            (Certificate, minted.CertificatePem, false),
            (Chain, minted.ChainPem, false),
            (Masa, minted.MasaCertificatePem, false),
        };
        if (minted is { AttestationKeyPem: { Length: > 0 } attestationKey, AttestationCertificatePem: { Length: > 0 } endorsement })
        {
            files.Add((AttestationKey, attestationKey, true));
            // The endorsement, then the CA above it: the x5chain the evidence may carry.
            files.Add((AttestationCertificates, minted.EndorsementCaPem is { Length: > 0 } ca ? $"{endorsement.TrimEnd()}\n{ca}" : endorsement, false));
        }
        if (minted.VendorAttestationSecret is { Length: > 0 } vendorSecret)
            files.Add((VendorSecret, vendorSecret, true));
        var paths = new List<string>();
        foreach (var (name, text, secret) in files)
        {
            var path = Path.Combine(directory, name);
            CliFiles.WriteText(path, text.EndsWith('\n') ? text : text + "\n", "--out-dir", secret);
            paths.Add(path);
        }
        return paths;
    }
}
