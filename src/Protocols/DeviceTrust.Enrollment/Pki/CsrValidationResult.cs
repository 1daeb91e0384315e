namespace DeviceTrust.Enrollment.Pki;

public enum CsrValidationStatus
{
    Accepted,

    /// <summary>The request's signature does not verify with its own public key (RFC 2986 3, RFC 7030 3.4).</summary>
    ProofOfPossessionFailed,

    /// <summary>RSA below 2048 bits, or an EC curve below 256 bits.</summary>
    WeakKey,

    /// <summary>Neither EC P-256/P-384 nor RSA.</summary>
    UnsupportedKeyAlgorithm,

    /// <summary>Not ECDSA or RSA PKCS#1 v1.5 with SHA-256/384/512.</summary>
    UnsupportedSignatureAlgorithm,
}

/// <summary>The verdict on a well-formed request; malformed input throws <see cref="EnrollmentFormatException"/> instead.</summary>
public sealed record CsrValidationResult(CsrValidationStatus Status, string Reason, CertificateSigningRequest Request)
{
    public bool IsAccepted => Status == CsrValidationStatus.Accepted;
}
