using System.Formats.Cbor;
using System.Security.Cryptography;
using NetCose = System.Security.Cryptography.Cose;

namespace DeviceTrust.Cose;

/// <summary>Optional parts of a COSE_Sign1 this application signs.</summary>
public sealed record CoseSignOptions
{
    /// <summary>kid, placed in the unprotected header (RFC 9052 §3.1).</summary>
    public ReadOnlyMemory<byte>? KeyId { get; init; }

    /// <summary>x5chain (leaf first), placed in the protected header so it is covered by the signature (RFC 9360 §2).</summary>
    public IReadOnlyList<ReadOnlyMemory<byte>>? X5Chain { get; init; }

    /// <summary>x5bag, placed in the unprotected header as in the constrained-voucher examples (RFC 9360 §2).</summary>
    public IReadOnlyList<ReadOnlyMemory<byte>>? X5Bag { get; init; }

    /// <summary>When true the payload is nil in the message and travels separately (RFC 9052 §4.1).</summary>
    public bool DetachedPayload { get; init; }

    /// <summary>external_aad of the Sig_structure (RFC 9052 §4.3).</summary>
    public ReadOnlyMemory<byte> ExternalAad { get; init; }

    /// <summary>typ (RFC 9596), the media type of the whole message, placed in the protected header.</summary>
    public string? Type { get; init; }

    /// <summary>When true the tagged COSE_Sign1 is wrapped in the CWT tag 61 (RFC 8392 §6): <c>61(18([...]))</c>.</summary>
    public bool CwtTag { get; init; }
}

/// <summary>
/// Signs tagged COSE_Sign1 messages (RFC 9052 §4.2) with ES256 through System.Security.Cryptography.Cose, which
/// puts <c>alg</c> in the protected header.
/// </summary>
public static class CoseSign1Signer
{
    /// <exception cref="ArgumentException">The key is not a P-256 key with its private part.</exception>
    public static byte[] SignEs256(ReadOnlySpan<byte> payload, ECDsa privateKey, CoseSignOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(privateKey);
        options ??= new CoseSignOptions();
        // RFC 9053 §2.1 suggests SHA-256 only with P-256; what this application signs follows the suggestion.
        if (EcCurves.CoseCurveOf(privateKey.ExportParameters(false).Curve) != CoseKeyTypes.CurveP256)
            throw new ArgumentException("ES256 signing needs a P-256 key.", nameof(privateKey));

        var protectedHeaders = new NetCose.CoseHeaderMap();
        var unprotectedHeaders = new NetCose.CoseHeaderMap();
        if (options.Type is { } type)
            protectedHeaders.Add(new NetCose.CoseHeaderLabel(CoseHeaderLabels.Type), NetCose.CoseHeaderValue.FromString(type));
        if (options.X5Chain is { Count: > 0 } chain)
            protectedHeaders.Add(new NetCose.CoseHeaderLabel(CoseHeaderLabels.X5Chain), NetCose.CoseHeaderValue.FromEncodedValue(EncodeX509(chain)));
        if (options.KeyId is { } kid)
            unprotectedHeaders.Add(new NetCose.CoseHeaderLabel(CoseHeaderLabels.KeyId), NetCose.CoseHeaderValue.FromBytes(kid.Span));
        if (options.X5Bag is { Count: > 0 } bag)
            unprotectedHeaders.Add(new NetCose.CoseHeaderLabel(CoseHeaderLabels.X5Bag), NetCose.CoseHeaderValue.FromEncodedValue(EncodeX509(bag)));

        var signer = new NetCose.CoseSigner(privateKey, HashAlgorithmName.SHA256, protectedHeaders, unprotectedHeaders);
        try
        {
            var signed = options.DetachedPayload
                ? NetCose.CoseSign1Message.SignDetached(payload, signer, options.ExternalAad.Span)
                : NetCose.CoseSign1Message.SignEmbedded(payload, signer, options.ExternalAad.Span);
            return options.CwtTag ? WrapInCwtTag(signed) : signed;
        }
        catch (CryptographicException e)
        {
            throw new ArgumentException($"The key cannot sign: {e.Message}", nameof(privateKey), e);
        }
    }

    /// <summary>
    /// Signs with ESP256 (-9, RFC 9864 §2.1: ECDSA on P-256 with SHA-256, the curve fixed by the algorithm), which
    /// System.Security.Cryptography.Cose does not know: the Sig_structure (RFC 9052 §4.4) is built here, and the message
    /// written with <c>alg</c> (and <c>typ</c>, <c>x5chain</c> when given) protected, in deterministic order.
    /// </summary>
    /// <exception cref="ArgumentException">The key is not a P-256 key with its private part.</exception>
    public static byte[] SignEsp256(ReadOnlySpan<byte> payload, ECDsa privateKey, CoseSignOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(privateKey);
        options ??= new CoseSignOptions();
        if (EcCurves.CoseCurveOf(privateKey.ExportParameters(false).Curve) != CoseKeyTypes.CurveP256)
            throw new ArgumentException("ESP256 signing needs a P-256 key (RFC 9864 §2.1).", nameof(privateKey));

        var protectedMap = new Cbor.DeterministicMapWriter().Add(CoseHeaderLabels.Algorithm, writer => writer.WriteInt32(CoseAlgorithms.ESP256));
        if (options.Type is { } type)
            protectedMap.Add(CoseHeaderLabels.Type, writer => writer.WriteTextString(type));
        if (options.X5Chain is { Count: > 0 } chain)
            protectedMap.AddEncoded(CoseHeaderLabels.X5Chain, EncodeX509(chain));
        var encodedProtected = protectedMap.Encode();
        var unprotectedMap = new Cbor.DeterministicMapWriter();
        if (options.KeyId is { } kid)
            unprotectedMap.Add(CoseHeaderLabels.KeyId, writer => writer.WriteByteString(kid.Span));
        if (options.X5Bag is { Count: > 0 } bag)
            unprotectedMap.AddEncoded(CoseHeaderLabels.X5Bag, EncodeX509(bag));

        byte[] signature;
        try
        {
            signature = privateKey.SignData(SigStructure.Encode("Signature1", encodedProtected, options.ExternalAad.Span, payload),
                HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        }
        catch (CryptographicException e)
        {
            throw new ArgumentException($"The key cannot sign: {e.Message}", nameof(privateKey), e);
        }

        return CoseMessageWriter.Write(CoseTags.Sign1, encodedProtected, unprotectedMap, payload, options.DetachedPayload, signature, options.CwtTag);
    }

    private static byte[] WrapInCwtTag(byte[] taggedMessage)
    {
        var writer = new CborWriter();
        writer.WriteTag((CborTag)CoseTags.Cwt);
        writer.WriteEncodedValue(taggedMessage);
        return writer.Encode();
    }

    // COSE_X509 = bstr / [ 2*certs: bstr ] (RFC 9360 §2): one certificate is a bare bstr.
    private static byte[] EncodeX509(IReadOnlyList<ReadOnlyMemory<byte>> certificates)
    {
        var writer = new CborWriter();
        if (certificates.Count == 1)
        {
            writer.WriteByteString(certificates[0].Span);
            return writer.Encode();
        }
        writer.WriteStartArray(certificates.Count);
        foreach (var certificate in certificates)
            writer.WriteByteString(certificate.Span);
        writer.WriteEndArray();
        return writer.Encode();
    }
}
