using System.Formats.Cbor;
using System.Security.Cryptography;
using DeviceTrust.Cose.Cbor;

namespace DeviceTrust.Cose;

/// <summary>
/// An EC2 COSE_Key and its .NET form. OKP keys are refused with NotSupportedException; symmetric keys are
/// <see cref="CoseSymmetricKey"/>.
/// <code>
/// COSE_Key = { 1 => tstr / int, ? 2 => bstr, ? 3 => tstr / int, ? 4 => [+ (tstr / int)],
///              ? 5 => bstr, * label => values }                                  ; RFC 9052 §7
/// EC2: -1 => crv (1 P-256, 2 P-384, 3 P-521), -2 => x bstr, -3 => y bstr / bool,
///      ? -4 => d bstr                                                            ; RFC 9053 §7.1.1
/// </code>
/// </summary>
public sealed class CoseKey
{
    private readonly ECParameters _parameters;

    private CoseKey(ECParameters parameters, int curve, byte[]? keyId, CoseLabel? algorithm)
    {
        _parameters = parameters;
        Curve = curve;
        if (keyId is not null)
            KeyId = keyId;   // not "KeyId = keyId": a null array would become an empty, non-null ReadOnlyMemory
        Algorithm = algorithm;
    }

    /// <summary>The COSE crv value (<see cref="CoseKeyTypes.CurveP256"/> and so on).</summary>
    public int Curve { get; }

    public ReadOnlyMemory<byte>? KeyId { get; }

    public CoseLabel? Algorithm { get; }

    public bool HasPrivateKey => _parameters.D is not null;

    /// <summary>A copy of the key as <see cref="ECParameters"/>.</summary>
    public ECParameters ToECParameters() => new()
    {
        Curve = _parameters.Curve,
        Q = new ECPoint { X = (byte[])_parameters.Q.X!.Clone(), Y = (byte[])_parameters.Q.Y!.Clone() },
        D = (byte[]?)_parameters.D?.Clone(),
    };

    /// <summary>A new ECDsa holding this key; the caller disposes it.</summary>
    public ECDsa ToECDsa() => ECDsa.Create(ToECParameters());

    /// <exception cref="ArgumentException">The parameters are not on P-256, P-384 or P-521.</exception>
    public static CoseKey FromECParameters(ECParameters parameters, bool includePrivateKey = false,
        ReadOnlyMemory<byte>? keyId = null, CoseLabel? algorithm = null)
    {
        var curve = EcCurves.CoseCurveOf(parameters.Curve)
            ?? throw new ArgumentException("Only the named curves P-256, P-384 and P-521 have an EC2 COSE_Key form.", nameof(parameters));
        parameters.Validate();
        var length = EcCurves.CoordinateLength(curve);
        var copy = new ECParameters
        {
            Curve = EcCurves.ToNetCurve(curve),
            Q = new ECPoint { X = FixedLength(parameters.Q.X!, length), Y = FixedLength(parameters.Q.Y!, length) },
            D = includePrivateKey && parameters.D is { } d ? FixedLength(d, length) : null,
        };
        return new CoseKey(copy, curve, keyId?.ToArray(), algorithm);
    }

    public static CoseKey FromECDsa(ECDsa key, bool includePrivateKey = false, ReadOnlyMemory<byte>? keyId = null, CoseLabel? algorithm = null)
    {
        ArgumentNullException.ThrowIfNull(key);
        return FromECParameters(key.ExportParameters(includePrivateKey), includePrivateKey, keyId, algorithm);
    }

    /// <summary>Encodes the key with its labels in deterministic order (RFC 8949 §4.2.1).</summary>
    public byte[] Encode()
    {
        var map = new DeterministicMapWriter()
            .Add(CoseKeyLabels.KeyType, writer => writer.WriteInt32(CoseKeyTypes.Ec2))
            .Add(CoseKeyLabels.Ec2Curve, writer => writer.WriteInt32(Curve))
            .Add(CoseKeyLabels.Ec2X, writer => writer.WriteByteString(_parameters.Q.X!))
            .Add(CoseKeyLabels.Ec2Y, writer => writer.WriteByteString(_parameters.Q.Y!));
        if (KeyId is { } kid)
            map.Add(CoseKeyLabels.KeyId, writer => writer.WriteByteString(kid.Span));
        if (Algorithm is { } alg)
            map.Add(CoseKeyLabels.Algorithm, writer => DeterministicMapWriter.WriteLabel(writer, alg));
        if (_parameters.D is { } d)
            map.Add(CoseKeyLabels.Ec2D, writer => writer.WriteByteString(d));
        return map.Encode();
    }

    /// <exception cref="CoseFormatException">Not a well-formed EC2 COSE_Key, or the point is not on the curve.</exception>
    /// <exception cref="NotSupportedException">Another key type (OKP, symmetric, RSA) or curve; a symmetric key is
    /// read with <see cref="CoseSymmetricKey.Decode"/>.</exception>
    public static CoseKey Decode(ReadOnlySpan<byte> encoded) => CoseKeyDecoder.Decode(encoded.ToArray(),
        (parameters, curve, kid, alg) => new CoseKey(parameters, curve, kid, alg));

    private static byte[] FixedLength(byte[] value, int length)
    {
        if (value.Length == length)
            return (byte[])value.Clone();
        var trimmed = value.AsSpan().TrimStart((byte)0);
        if (trimmed.Length > length)
            throw new ArgumentException($"A coordinate is longer than {length} bytes.");
        var result = new byte[length];
        trimmed.CopyTo(result.AsSpan(length - trimmed.Length));
        return result;
    }
}
