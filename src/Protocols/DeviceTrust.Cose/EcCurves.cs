using System.Security.Cryptography;

namespace DeviceTrust.Cose;

/// <summary>The EC2 curves of RFC 9053 §7.1 and their .NET counterparts.</summary>
internal static class EcCurves
{
    private const string P256Oid = "1.2.840.10045.3.1.7";
    private const string P384Oid = "1.3.132.0.34";
    private const string P521Oid = "1.3.132.0.35";

    /// <summary>The COSE crv value of a named .NET curve, or null for any other curve.</summary>
    public static int? CoseCurveOf(ECCurve curve)
    {
        if (!curve.IsNamed)
            return null;
        var oid = curve.Oid.Value;
        var name = curve.Oid.FriendlyName;
        if (oid == P256Oid || name is "nistP256" or "ECDSA_P256" or "secp256r1")
            return CoseKeyTypes.CurveP256;
        if (oid == P384Oid || name is "nistP384" or "ECDSA_P384" or "secp384r1")
            return CoseKeyTypes.CurveP384;
        if (oid == P521Oid || name is "nistP521" or "ECDSA_P521" or "secp521r1")
            return CoseKeyTypes.CurveP521;
        return null;
    }

    public static ECCurve ToNetCurve(int coseCurve) => coseCurve switch
    {
        CoseKeyTypes.CurveP256 => ECCurve.NamedCurves.nistP256,
        CoseKeyTypes.CurveP384 => ECCurve.NamedCurves.nistP384,
        CoseKeyTypes.CurveP521 => ECCurve.NamedCurves.nistP521,
        _ => throw new ArgumentOutOfRangeException(nameof(coseCurve), coseCurve, "not an EC2 curve this library supports"),
    };

    /// <summary>Coordinate length in bytes; RFC 9053 §7.1.1 keeps leading zero octets, so lengths are exact.</summary>
    public static int CoordinateLength(int coseCurve) => coseCurve switch
    {
        CoseKeyTypes.CurveP256 => 32,
        CoseKeyTypes.CurveP384 => 48,
        CoseKeyTypes.CurveP521 => 66,
        _ => throw new ArgumentOutOfRangeException(nameof(coseCurve), coseCurve, "not an EC2 curve this library supports"),
    };
}
