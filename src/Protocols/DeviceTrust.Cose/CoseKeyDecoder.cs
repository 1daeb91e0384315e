using System.Formats.Cbor;
using System.Security.Cryptography;
using DeviceTrust.Cose.Cbor;

namespace DeviceTrust.Cose;

/// <summary>Strict reading of an EC2 or symmetric COSE_Key map (RFC 9052 §7, RFC 9053 §7.1.1 and §7.3).</summary>
internal static class CoseKeyDecoder
{
    private const string Where = "COSE_Key";

    public static CoseKey Decode(byte[] data, Func<ECParameters, int, byte[]?, CoseLabel?, CoseKey> create)
    {
        // A COSE_Key is a labelled map like a header bucket (RFC 9052 §7), so the core's map reader serves.
        var entries = CoseFormatException.Guard(Where, () => CborLabelledMap.Decode(data, Where));

        var keyType = ReadInt(entries, CoseKeyLabels.KeyType, "kty") ?? throw Missing("kty", CoseKeyLabels.KeyType);
        if (keyType != CoseKeyTypes.Ec2)
            throw new NotSupportedException(keyType == CoseKeyTypes.Symmetric
                ? $"{Where}: key type {keyType} is a symmetric key; read it with CoseSymmetricKey.Decode (RFC 9053 §7.3)."
                : $"{Where}: key type {keyType} is not supported; only EC2 ({CoseKeyTypes.Ec2}) and symmetric ({CoseKeyTypes.Symmetric}) keys are (RFC 9053 §7).");

        var curve = ReadInt(entries, CoseKeyLabels.Ec2Curve, "crv") ?? throw Missing("crv", CoseKeyLabels.Ec2Curve);
        if (curve is not (CoseKeyTypes.CurveP256 or CoseKeyTypes.CurveP384 or CoseKeyTypes.CurveP521))
            throw new NotSupportedException($"{Where}: EC2 curve {curve} is not supported (P-256 1, P-384 2, P-521 3; RFC 9053 §7.1).");

        var length = EcCurves.CoordinateLength(curve);
        var x = Coordinate(entries, CoseKeyLabels.Ec2X, "x", length, required: true)!;
        if (entries.TryGetEncodedValue(CoseKeyLabels.Ec2Y, out var encodedY) && StrictCbor.Reader(encodedY).PeekState() == CborReaderState.Boolean)
            throw new NotSupportedException($"{Where}: compressed points (y as a sign bit) are not supported (RFC 9053 §7.1.1).");
        var y = Coordinate(entries, CoseKeyLabels.Ec2Y, "y", length, required: true)!;
        var d = Coordinate(entries, CoseKeyLabels.Ec2D, "d", length, required: false);
        var (keyId, algorithm) = ReadCommon(entries);

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

    /// <summary>A symmetric key: <c>kty 4, -1 => k : bstr</c> (RFC 9053 §7.3), with the same strictness as EC2.</summary>
    public static CoseSymmetricKey DecodeSymmetric(byte[] data, Func<byte[], byte[]?, CoseLabel?, CoseSymmetricKey> create)
    {
        var entries = CoseFormatException.Guard(Where, () => CborLabelledMap.Decode(data, Where));

        var keyType = ReadInt(entries, CoseKeyLabels.KeyType, "kty") ?? throw Missing("kty", CoseKeyLabels.KeyType);
        if (keyType != CoseKeyTypes.Symmetric)
            throw new NotSupportedException(keyType == CoseKeyTypes.Ec2
                ? $"{Where}: key type {keyType} is an EC2 key; read it with CoseKey.Decode (RFC 9053 §7.1.1)."
                : $"{Where}: key type {keyType} is not a symmetric key ({CoseKeyTypes.Symmetric}, RFC 9053 §7.3).");

        if (!entries.Contains(CoseKeyLabels.SymmetricK))
            throw Missing("k", CoseKeyLabels.SymmetricK);
        var k = Read(entries, CoseKeyLabels.SymmetricK, "k", ReadBytes);
        if (k.Length == 0)
            throw new CoseFormatException($"{Where} label {CoseKeyLabels.SymmetricK} (k)", "the key value is empty (RFC 9053 §7.3)");
        var (keyId, algorithm) = ReadCommon(entries);
        return create(k, keyId, algorithm);
    }

    // kid (bstr) and alg (tstr / int), common to every key type (RFC 9052 §7.1).
    private static (byte[]? KeyId, CoseLabel? Algorithm) ReadCommon(CborLabelledMap entries)
    {
        var keyId = entries.Contains(CoseKeyLabels.KeyId) ? Read(entries, CoseKeyLabels.KeyId, "kid", ReadBytes) : null;
        CoseLabel? algorithm = entries.Contains(CoseKeyLabels.Algorithm)
            ? Read(entries, CoseKeyLabels.Algorithm, "alg", StrictCbor.ReadLabel)
            : null;
        return (keyId, algorithm);
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
        new(Where, $"{name} ({label}) is missing (RFC 9052 §7, RFC 9053 §7.1.1, §7.3)");
}
