using System.Security.Cryptography.X509Certificates;
using Org.BouncyCastle.Pkcs;

namespace DeviceTrust.Enrollment.Pki;

/// <summary>The key types this library tells apart in a request (RFC 5480, RFC 8017).</summary>
public enum CsrKeyType
{
    Other,
    Ec,
    Rsa,
}

/// <summary>
/// A decoded PKCS#10 request (RFC 2986 4):
/// <code>
/// CertificationRequest ::= SEQUENCE { certificationRequestInfo CertificationRequestInfo,
///     signatureAlgorithm AlgorithmIdentifier, signature BIT STRING }
/// CertificationRequestInfo ::= SEQUENCE { version INTEGER { v1(0) }, subject Name,
///     subjectPKInfo SubjectPublicKeyInfo, attributes [0] Attributes }
/// </code>
/// Decoding does not verify the signature; <see cref="CsrValidator.Validate(byte[])"/> does.
/// </summary>
public sealed class CertificateSigningRequest
{
    internal CertificateSigningRequest(Pkcs10CertificationRequest request, byte[] der)
    {
        Request = request;
        RawData = der;
    }

    internal Pkcs10CertificationRequest Request { get; }

    /// <summary>The DER encoding as received.</summary>
    public byte[] RawData { get; }

    public required X500DistinguishedName Subject { get; init; }

    public string? CommonName { get; init; }

    /// <summary>The subject serialNumber attribute (2.5.4.5): the device serial (RFC 8995 2.3.1).</summary>
    public string? SerialNumber { get; init; }

    /// <summary>SubjectPublicKeyInfo DER (RFC 5280 4.1.2.7).</summary>
    public required byte[] SubjectPublicKeyInfo { get; init; }

    public required CsrKeyType KeyType { get; init; }

    /// <summary>"P-256"/"P-384"/other curve OID for EC keys; null otherwise.</summary>
    public string? Curve { get; init; }

    /// <summary>Curve field size or RSA modulus length, in bits.</summary>
    public required int KeySizeBits { get; init; }

    public required string SignatureAlgorithmOid { get; init; }

    /// <summary>PKCS#9 challengePassword (RFC 2985 5.4.1), used by RFC 7030 3.2.3 / 3.5 for tls-unique binding.</summary>
    public string? ChallengePassword { get; init; }

    /// <summary>PKCS#9 unstructuredName (RFC 2985 5.4.2).</summary>
    public string? UnstructuredName { get; init; }
}
