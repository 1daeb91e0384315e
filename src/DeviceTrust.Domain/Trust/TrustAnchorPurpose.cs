namespace DeviceTrust.Domain.Trust;

/// <summary>What a trust anchor is trusted for. A key trusted for one purpose is never accepted for another.</summary>
public enum TrustAnchorPurpose
{
    /// <summary>A manufacturer's CA that issues IDevIDs (RFC 8995 2.3).</summary>
    ManufacturerIdevidCa = 0,
    /// <summary>A manufacturer's MASA voucher-signing key (RFC 8995 2.5.4).</summary>
    Masa = 1,
    /// <summary>The owner's domain CA, pinned in vouchers and issuing LDevIDs over EST.</summary>
    DomainCa = 2,
    /// <summary>Signs SUIT manifests (RFC 9019 3, "author").</summary>
    FirmwareAuthor = 3,
    /// <summary>Endorses devices' attestation keys (RFC 9334 3.2, endorsements).</summary>
    AttestationEndorsement = 4,
    /// <summary>A Trusted Application Manager (TEEP, RFC 9397).</summary>
    Tam = 5,
    /// <summary>
    /// A manufacturer's verifier, whose signed attestation results (EAR) DeviceTrust accepts for the evidence of its
    /// VendorVerified classes (RFC 9334 §3.1, the verifier role held by the manufacturer).
    /// </summary>
    AttestationVerifier = 6,
}

/// <summary>How the anchor's key material is encoded.</summary>
public enum KeyMaterialFormat
{
    X509Certificate = 0,
    /// <summary>A bare public key as DER SubjectPublicKeyInfo (RFC 5280 4.1.2.7).</summary>
    SubjectPublicKeyInfo = 1,
    /// <summary>A COSE_Key (RFC 9052 7).</summary>
    CoseKey = 2,
}

[Flags]
public enum TrustAnchorRights
{
    None = 0,
    Add = 1,
    Update = 2,
    Remove = 4,
    All = Add | Update | Remove,
}
