using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography.X509Certificates;
using DeviceTrust.Enrollment.Pki;

namespace DeviceTrust.Enrollment.Cms;

public enum CmsVerificationFailure
{
    None,

    /// <summary>The SignerInfo does not verify: signature, message-digest or content-type (RFC 5652 5.6).</summary>
    BadSignature,

    /// <summary>No certificate in the message matches the SignerInfo's sid (RFC 5652 5.3).</summary>
    SignerCertificateMissing,

    /// <summary>The signer does not chain to the given trust anchor; <see cref="CmsVerificationResult.Chain"/> says why.</summary>
    UntrustedSigner,
}

/// <summary>
/// The verdict on a well-formed SignedData; <see cref="Content"/> and <see cref="Signer"/> only when valid. The
/// certificates are shared decodings (<see cref="DecodedCertificates"/>): read them, never dispose them.
/// </summary>
public sealed record CmsVerificationResult(CmsVerificationFailure Failure, string Reason, string ContentType,
    byte[]? Content, X509Certificate2? Signer, ChainValidationResult? Chain = null)
{
    [MemberNotNullWhen(true, nameof(Content), nameof(Signer))]
    public bool IsValid => Failure == CmsVerificationFailure.None;

    /// <summary>Every certificate the message carries (the signer and its chain, as the sender chose to include it).</summary>
    public IReadOnlyList<X509Certificate2> Certificates { get; init; } = [];
}
