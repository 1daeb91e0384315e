using System.Security.Cryptography;
using DeviceTrust.Attestation.Eat;
using DeviceTrust.Cli.Network;
using DeviceTrust.Cose;

namespace DeviceTrust.Cli.Attestation;

/// <summary>
/// What protects the evidence <c>attest</c> sends (docs/eat-profile.md): the attestation key that signs it (ES256
/// COSE_Sign1, a device of an <c>Endorsed</c> class), or the secret its factory embedded, which MACs it (HMAC 256/256
/// COSE_Mac0, kid = the secret's id, a device of a <c>VendorVerified</c> class). The claims are the same either way.
/// </summary>
public sealed class EvidenceCredential : IDisposable
{
    private readonly ECDsa? _key;
    private readonly CoseSymmetricKey? _secret;

    private EvidenceCredential(ECDsa? key, CoseSymmetricKey? secret) => (_key, _secret) = (key, secret);

    public bool IsMac => _secret is not null;

    /// <summary>Reads exactly one of the two files: a PEM EC P-256 private key, or a base64 COSE_Key with a kid.</summary>
    /// <exception cref="CliException">Both or neither given (64); a file that cannot be used (2).</exception>
    public static EvidenceCredential Read(string? attestationKeyPath, string? vendorSecretPath)
    {
        if ((attestationKeyPath is null) == (vendorSecretPath is null))
            throw new CliException("give exactly one of --attestation-key (signed evidence) and --vendor-secret (MACed evidence)", ExitCodes.Usage);
        return attestationKeyPath is not null
            ? FromKey(ReadPrivateKey(attestationKeyPath))
            : FromSecret(VendorSecrets.ReadForMacing(vendorSecretPath!, "--vendor-secret"));
    }

    /// <summary>Signs with <paramref name="key"/>, which this credential then owns.</summary>
    public static EvidenceCredential FromKey(ECDsa key) => new(key ?? throw new ArgumentNullException(nameof(key)), null);

    /// <exception cref="ArgumentException">The secret has no id of 1 to 64 bytes.</exception>
    public static EvidenceCredential FromSecret(CoseSymmetricKey secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        if (secret.KeyId is not { Length: > 0 and <= VendorEvidence.MaxKeyIdLength })
            throw new ArgumentException("MACed evidence names its secret by kid: the secret needs an id.", nameof(secret));
        return new EvidenceCredential(null, secret);
    }

    /// <summary>The evidence: <paramref name="claims"/> MACed (<see cref="VendorEvidence.Build"/>) or signed with typ
    /// (<see cref="EatEvidence.Build"/>), in the CWT tag either way.</summary>
    public byte[] Protect(EatClaimsSet claims)
    {
        ArgumentNullException.ThrowIfNull(claims);
        return _secret is { } secret
            ? VendorEvidence.Build(claims, secret)
            : EatEvidence.Build(claims, _key!, new EatEvidenceOptions { IncludeType = true });
    }

    public void Dispose() => _key?.Dispose();

    private static ECDsa ReadPrivateKey(string path)
    {
        var pem = CliFiles.ReadText(path, "--attestation-key");
        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(pem);
            if (key.KeySize != 256)
                throw new CliException($"--attestation-key {path}: a P-256 key is expected (ES256), not {key.KeySize} bits", ExitCodes.MalformedInput);
            key.ExportParameters(includePrivateParameters: true);
            return key;
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException or CliException)
        {
            key.Dispose();
            throw e as CliException
                ?? new CliException($"--attestation-key {path}: not a PEM EC private key ({e.Message})", ExitCodes.MalformedInput);
        }
    }
}
