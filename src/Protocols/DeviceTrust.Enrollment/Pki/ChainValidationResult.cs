using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography.X509Certificates;

namespace DeviceTrust.Enrollment.Pki;

public enum ChainFailure
{
    None,

    /// <summary>No supplied certificate (anchor or intermediate) is named as the issuer (RFC 5280 6.1.3 (a)(4)).</summary>
    WrongIssuer,

    /// <summary>The issuer is found by name but its key does not verify the signature (RFC 5280 6.1.3 (a)(1)).</summary>
    BadSignature,

    /// <summary>After notAfter at the validation time (RFC 5280 6.1.3 (a)(2)).</summary>
    Expired,

    /// <summary>Before notBefore at the validation time (RFC 5280 6.1.3 (a)(2)).</summary>
    NotYetValid,

    /// <summary>An issuing certificate lacks basicConstraints cA or keyUsage keyCertSign (RFC 5280 6.1.4 (k), (n)).</summary>
    NotCa,

    /// <summary>More CA certificates below an issuer than its pathLenConstraint allows (RFC 5280 6.1.4 (l), (m)).</summary>
    PathLengthExceeded,
}

/// <summary>The outcome of <see cref="ChainValidator.Validate"/>: the built path on success, the reason otherwise.</summary>
public sealed record ChainValidationResult(ChainFailure Failure, string Reason, X509Certificate2? FailingCertificate,
    IReadOnlyList<X509Certificate2> Path)
{
    [MemberNotNullWhen(false, nameof(FailingCertificate))]
    public bool IsValid => Failure == ChainFailure.None;

    internal static ChainValidationResult Fail(ChainFailure failure, string reason, X509Certificate2 certificate) =>
        new(failure, reason, certificate, []);
}
