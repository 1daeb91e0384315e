namespace DeviceTrust.Domain.Trust;

public enum PkiCredentialRole
{
    /// <summary>The domain's root CA: the anchor pinned in vouchers.</summary>
    RootCa = 0,
    /// <summary>Issues LDevIDs over EST and signs the CRL.</summary>
    IssuingCa = 1,
    /// <summary>The registrar's TLS server certificate for the device-facing HTTPS listener.</summary>
    RegistrarTls = 2,
    /// <summary>A simulated manufacturer's IDevID CA (DEV-ONLY).</summary>
    ManufacturerIdevidCa = 3,
    /// <summary>A simulated manufacturer's MASA voucher-signing certificate (DEV-ONLY).</summary>
    MasaSigning = 4,
    /// <summary>A simulated manufacturer's CA that endorses its devices' attestation keys (DEV-ONLY).</summary>
    AttestationEndorsementCa = 5,
    /// <summary>The verifier's key that signs attestation results (EAR), published as a JWK for relying parties.</summary>
    AttestationResultSigning = 6,
    /// <summary>
    /// A simulated manufacturer's verifier key, which signs the attestation results (EAR) it returns for the evidence of
    /// its VendorVerified classes (DEV-ONLY).
    /// </summary>
    AttestationVerifierSigning = 7,
    /// <summary>
    /// A simulated manufacturer's master secret, from which its factory derives each device's evidence secret and its
    /// verifier derives it again (DEV-ONLY). A secret, not a key pair: it has no certificate.
    /// </summary>
    VendorAttestationSecret = 8,
    /// <summary>The firmware catalog's key that signs the SUIT manifests it builds, trusted through a FirmwareAuthor anchor.</summary>
    FirmwareAuthorSigning = 9,
}

/// <summary>
/// A certificate of the domain PKI and its private key. The key is stored only in protected form (ASP.NET Data
/// Protection in this app); the domain never sees it in the clear.
/// </summary>
public sealed class PkiCredential
{
    private PkiCredential() { }

    public Guid Id { get; private set; }
    public PkiCredentialRole Role { get; private set; }
    /// <summary>Set for a simulated manufacturer's credentials; null for the owner's domain PKI.</summary>
    public Guid? ManufacturerId { get; private set; }
    public byte[] CertificateDer { get; private set; } = [];
    public byte[] ProtectedPrivateKey { get; private set; } = [];
    public DateTimeOffset CreatedAt { get; private set; }

    public static PkiCredential Create(PkiCredentialRole role, byte[] certificateDer, byte[] protectedPrivateKey, DateTimeOffset now, Guid? manufacturerId = null)
    {
        var isDomainRole = role is PkiCredentialRole.RootCa or PkiCredentialRole.IssuingCa or PkiCredentialRole.RegistrarTls or PkiCredentialRole.AttestationResultSigning
            or PkiCredentialRole.FirmwareAuthorSigning;
        if ((manufacturerId is null) != isDomainRole)
            throw new DomainException("Manufacturer credentials (and only they) name their manufacturer.");
        // A master secret has no public part to certify; every key pair has its certificate.
        if (role == PkiCredentialRole.VendorAttestationSecret ? certificateDer is not { Length: 0 } : certificateDer is not { Length: > 0 })
            throw new DomainException(role == PkiCredentialRole.VendorAttestationSecret ? "A master secret has no certificate." : "A PKI credential needs its certificate.");
        if (protectedPrivateKey is not { Length: > 0 }) throw new DomainException("A PKI credential needs its protected private key.");
        return new PkiCredential
        {
            Id = Guid.CreateVersion7(now), Role = role, ManufacturerId = manufacturerId, CertificateDer = certificateDer, ProtectedPrivateKey = protectedPrivateKey, CreatedAt = now,
        };
    }
}
