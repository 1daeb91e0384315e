using System.Formats.Cbor;
using System.Security.Cryptography;
using DeviceTrust.Cose.Cbor;

namespace DeviceTrust.Cose;

/// <summary>Strict reading of an EC2 COSE_Key map (RFC 9052 §7, RFC 9053 §7.1.1).</summary>
internal static class CoseKeyDecoder
{
    private const string Where = "COSE_Key";

    public static CoseKey Decode(byte[] data, Func<ECParameters, int, byte[]?, CoseLabel?, CoseKey> create)
    {
        // A COSE_Key is a labelled map like a header bucket (RFC 9052 §7), so the core's map reader serves.
        var entries = CoseFormatException.Guard(Where, () => CborLabelledMap.Decode(data, Where));

        var keyType = ReadInt(entries, CoseKeyLabels.KeyType, "kty") ?? throw Missing("kty", CoseKeyLabels.KeyType);
        if (keyType != CoseKeyTypes.Ec2)
            throw new NotSupportedException($"{Where}: key type {keyType} is not supported; only EC2 ({CoseKeyTypes.Ec2}) keys are (RFC 9053 §7).");

        var curve = ReadInt(entries, CoseKeyLabels.Ec2Curve, "crv") ?? throw Missing("crv", CoseKeyLabels.Ec2Curve);
        if (curve is not (CoseKeyTypes.CurveP256 or CoseKeyTypes.CurveP384 or CoseKeyTypes.CurveP521))
            throw new NotSupportedException($"{Where}: EC2 curve {curve} is not supported (P-256 1, P-384 2, P-521 3; RFC 9053 §7.1).");

        var length = EcCurves.CoordinateLength(curve);
        var x = Coordinate(entries, CoseKeyLabels.Ec2X, "x", length, required: true)!;
        if (entries.TryGetEncodedValue(CoseKeyLabels.Ec2Y, out var encodedY) && StrictCbor.Reader(encodedY).PeekState() == CborReaderState.Boolean)
            throw new NotSupportedException($"{Where}: compressed points (y as a sign bit) are not supported (RFC 9053 §7.1.1).");
        var y = Coordinate(entries, CoseKeyLabels.Ec2Y, "y", length, required: true)!;
        var d = Coordinate(entries, CoseKeyLabels.Ec2D, "d", length, required: false);
        var keyId = entries.Contains(CoseKeyLabels.KeyId) ? Read(entries, CoseKeyLabels.KeyId, "kid", ReadBytes) : null;
        CoseLabel? algorithm = entries.Contains(CoseKeyLabels.Algorithm)
            ? Read(entries, CoseKeyLabels.Algorithm, "alg", StrictCbor.ReadLabel)
            : null;

        var parameters = new ECParameters { Curve = EcCurves.ToNetCurve(curve), Q = new ECPoint { X = x, Y = y }, D = d };
        try
        {
            using var probe = ECDsa.Create(parameters);   // import checks that the point is on the curve
        }
        catch (CryptographicException e)
        {
            throw new CoseFormatException(Where, "the key is not a valid point (and scalar) on its curve", e);
        }
        return create(parameters, curve, keyId, algorithm);
    }

    private static int? ReadInt(CborLabelledMap entries, int label, string name)
    {
        if (!entries.Contains(label))
            return null;
        return Read(entries, label, name, (reader, where) =>
        {
            if (reader.PeekState() == CborReaderState.TextString)
                throw new NotSupportedException($"{where}: text values are not supported here.");
            StrictCbor.ExpectInteger(reader, where);
            return reader.ReadInt32();
        });
    }

    private static byte[]? Coordinate(CborLabelledMap entries, int label, string name, int length, bool required)
    {
        if (!entries.Contains(label))
            return required ? throw Missing(name, label) : null;
        var value = Read(entries, label, name, ReadBytes);
        if (value.Length != length)
            throw new CoseFormatException($"{Where} label {label} ({name})",
                $"must be {length} bytes for this curve, found {value.Length} (RFC 9053 §7.1.1: leading zeros are kept)");
        return value;
    }

    // Values are reported at "COSE_Key label -2 (x)", the location form this library has always used.
    private static T Read<T>(CborLabelledMap entries, int label, string name, Func<CborReader, string, T> read)
    {
        var where = $"{Where} label {label} ({name})";
        return CoseFormatException.Guard(where, () => entries.Read(label, read, where));
    }

    private static byte[] ReadBytes(CborReader reader, string where)
    {
        StrictCbor.ExpectState(reader, CborReaderState.ByteString, where, "a byte string");
        return reader.ReadByteString();
    }

    private static CoseFormatException Missing(string name, int label) =>
        new(Where, $"{name} ({label}) is missing (RFC 9052 §7, RFC 9053 §7.1.1)");
}
