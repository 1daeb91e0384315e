using System.Security.Cryptography;

namespace DeviceTrust.Cose;

/// <summary>What a COSE signature algorithm needs: key type, hash, and (for fully-specified ids) the curve.</summary>
internal sealed record SignatureScheme(HashAlgorithmName Hash, bool IsEcdsa, int? RequiredCurve)
{
    private static readonly SignatureScheme Es256 = new(HashAlgorithmName.SHA256, true, null);
    private static readonly SignatureScheme Es384 = new(HashAlgorithmName.SHA384, true, null);
    private static readonly SignatureScheme Es512 = new(HashAlgorithmName.SHA512, true, null);
    // RFC 9864 §2.1: ESP256 fixes the curve.
    private static readonly SignatureScheme Esp256 = new(HashAlgorithmName.SHA256, true, CoseKeyTypes.CurveP256);
    private static readonly SignatureScheme Ps256 = new(HashAlgorithmName.SHA256, false, null);
    private static readonly SignatureScheme Ps384 = new(HashAlgorithmName.SHA384, false, null);
    private static readonly SignatureScheme Ps512 = new(HashAlgorithmName.SHA512, false, null);

    public static SignatureScheme For(CoseLabel algorithm)
    {
        if (algorithm.Integer is not { } value)
            throw new NotSupportedException($"COSE algorithm {algorithm} is a text value; no registered signature algorithm has one (RFC 9052 §3.1).");

        return value switch
        {
            // RFC 9053 §2.1: the hash follows alg; the curve comes from the key. Pairing SHA-256 with P-256 (and so on)
            // is only "suggested", so ES512 over a P-256 key is valid COSE and verifies (cose-wg ecdsa-sig-04).
            CoseAlgorithms.ES256 => Es256,
            CoseAlgorithms.ES384 => Es384,
            CoseAlgorithms.ES512 => Es512,
            CoseAlgorithms.ESP256 => Esp256,
            CoseAlgorithms.PS256 => Ps256,
            CoseAlgorithms.PS384 => Ps384,
            CoseAlgorithms.PS512 => Ps512,
            CoseAlgorithms.EdDSA or CoseAlgorithms.Ed25519 => throw new NotSupportedException(
                $"COSE algorithm {CoseAlgorithms.Describe((int)value)} is not supported: .NET 10 has no Ed25519/Ed448 and " +
                "DeviceTrust.Cose references no third-party cryptography package."),
            _ => throw new NotSupportedException($"COSE algorithm {value} is not a signature algorithm this library supports."),
        };
    }

    public bool Fits(AsymmetricAlgorithm key) => IsEcdsa
        ? key is ECDsa ecdsa && (RequiredCurve is null || EcCurves.CoseCurveOf(ecdsa.ExportParameters(false).Curve) == RequiredCurve)
        : key is RSA;
}
