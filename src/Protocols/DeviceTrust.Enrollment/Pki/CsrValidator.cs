using System.Text;
using DeviceTrust.Enrollment.Est;

namespace DeviceTrust.Enrollment.Pki;

/// <summary>
/// Decodes PKCS#10 requests as EST receives them (RFC 7030 4.2.1: base64 DER in an application/pkcs10 body) or as
/// PEM/DER, and checks proof of possession and key policy. Malformed input throws
/// <see cref="EnrollmentFormatException"/>; a well-formed request always yields a <see cref="CsrValidationResult"/>.
/// </summary>
public static class CsrValidator
{
    // RFC 7468 7: "CERTIFICATE REQUEST"; "NEW CERTIFICATE REQUEST" is the legacy label it still recognises.
    private static readonly string[] PemLabels = ["CERTIFICATE REQUEST", "NEW CERTIFICATE REQUEST"];

    private static readonly HashSet<string> SignatureAlgorithms =
    [
        EnrollmentOids.EcdsaWithSha256, EnrollmentOids.EcdsaWithSha384, EnrollmentOids.EcdsaWithSha512,
        EnrollmentOids.Sha256WithRsa, EnrollmentOids.Sha384WithRsa, EnrollmentOids.Sha512WithRsa,
    ];

    /// <summary>DER only, as EST delivers it once its base64 transfer encoding is removed (RFC 7030 4.2.1).</summary>
    public static CertificateSigningRequest ParseDer(byte[] der)
    {
        ArgumentNullException.ThrowIfNull(der);
        if (der.Length == 0) throw new EnrollmentFormatException("empty input", "PKCS#10 request");
        return CsrParser.Parse(der);
    }

    /// <summary>DER (first byte 0x30), or ASCII PEM / base64 text.</summary>
    public static CertificateSigningRequest Parse(byte[] input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Length == 0)
            throw new EnrollmentFormatException("empty input", "PKCS#10 request");
        if (input[0] == 0x30)
            return CsrParser.Parse(input);
        var firstNonAscii = Array.FindIndex(input, b => b > 0x7E || (b < 0x20 && b is not (byte)'\r' and not (byte)'\n' and not (byte)'\t'));
        if (firstNonAscii >= 0)
            throw new EnrollmentFormatException(
                $"neither DER (a SEQUENCE starts with 0x30, got 0x{input[0]:X2}) nor PEM/base64 text (byte 0x{input[firstNonAscii]:X2} at offset {firstNonAscii})",
                "PKCS#10 request");
        return Parse(Encoding.ASCII.GetString(input));
    }

    /// <summary>PEM ("-----BEGIN CERTIFICATE REQUEST-----") or bare base64 of the DER.</summary>
    public static CertificateSigningRequest Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var der = text.TrimStart().StartsWith("-----BEGIN", StringComparison.Ordinal)
            ? PemText.Decode(text, PemLabels, "PKCS#10 request PEM")
            : EstBase64.Decode(text);
        return CsrParser.Parse(der);
    }

    public static CsrValidationResult Validate(byte[] input) => Validate(Parse(input));

    public static CsrValidationResult Validate(string text) => Validate(Parse(text));

    /// <summary>Key policy (EC P-256/P-384, RSA >= 2048), then the signature as proof of possession.</summary>
    public static CsrValidationResult Validate(CertificateSigningRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (status, reason) = request switch
        {
            { KeyType: CsrKeyType.Rsa, KeySizeBits: < 2048 } =>
                (CsrValidationStatus.WeakKey, $"RSA key of {request.KeySizeBits} bits; at least 2048 required"),
            { KeyType: CsrKeyType.Ec, Curve: "P-256" or "P-384" } or { KeyType: CsrKeyType.Rsa } =>
                (CsrValidationStatus.Accepted, "accepted"),
            { KeyType: CsrKeyType.Ec, KeySizeBits: < 256 } =>
                (CsrValidationStatus.WeakKey, $"EC key on a {request.KeySizeBits}-bit curve; P-256 or P-384 required"),
            { KeyType: CsrKeyType.Ec } =>
                (CsrValidationStatus.UnsupportedKeyAlgorithm, $"EC curve {request.Curve ?? "with explicit parameters"}; P-256 or P-384 required"),
            _ => (CsrValidationStatus.UnsupportedKeyAlgorithm, "public key is neither EC nor RSA"),
        };
        if (status != CsrValidationStatus.Accepted)
            return new CsrValidationResult(status, reason, request);
        if (!SignatureAlgorithms.Contains(request.SignatureAlgorithmOid))
            return new CsrValidationResult(CsrValidationStatus.UnsupportedSignatureAlgorithm,
                $"signature algorithm {request.SignatureAlgorithmOid} is not ECDSA or RSA with SHA-2", request);
        return VerifySignature(request)
            ? new CsrValidationResult(CsrValidationStatus.Accepted, "accepted", request)
            : new CsrValidationResult(CsrValidationStatus.ProofOfPossessionFailed,
                "proof of possession failed: the request signature does not verify with its own public key", request);
    }

    private static bool VerifySignature(CertificateSigningRequest request)
    {
        try
        {
            return request.Request.Verify(DotNetSignatures.Verifier(request.Request.GetCertificationRequestInfo().SubjectPublicKeyInfo));
        }
        catch (Exception e) when (BcInterop.IsDecodeFailure(e))
        {
            // A signature that cannot even be decoded (e.g. a corrupt ECDSA SEQUENCE) proves nothing either.
            return false;
        }
    }
}
