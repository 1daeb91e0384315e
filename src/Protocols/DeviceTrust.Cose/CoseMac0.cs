using DeviceTrust.Cose.Cbor;

namespace DeviceTrust.Cose;

/// <summary>
/// A decoded COSE_Mac0 message. Decoding is strict and all-or-nothing, with the header rules of
/// <see cref="CoseSign1"/>; <see cref="Verify"/> checks the tag with a symmetric key. Hand-written:
/// System.Security.Cryptography.Cose has no MAC structures.
/// <code>
/// COSE_Mac0_Tagged = #6.17(COSE_Mac0)                                       ; RFC 9052 §6.2
/// COSE_Mac0 = [ protected : empty_or_serialized_map, unprotected : header_map,
///               payload : bstr / nil, tag : bstr ]
/// </code>
/// </summary>
public sealed partial class CoseMac0
{
    private const string Where = "COSE_Mac0";

    private CoseMac0(ReadOnlyMemory<byte> encoded, CoseMessageBody body)
    {
        Encoded = encoded;
        IsTagged = body.IsTagged;
        IsCwtTagged = body.IsCwtTagged;
        EncodedProtectedHeaders = body.EncodedProtected;
        ProtectedHeaders = body.ProtectedHeaders;
        UnprotectedHeaders = body.UnprotectedHeaders;
        Payload = body.Payload;
        Tag = body.Authenticator;
        Algorithm = body.Algorithm;
        AlgorithmIsProtected = body.AlgorithmIsProtected;
    }

    /// <summary>The COSE_Mac0 bytes (from tag 17, or from the array when untagged), without any outer CWT tag.</summary>
    public ReadOnlyMemory<byte> Encoded { get; }

    public bool IsTagged { get; }

    /// <summary>Whether the message came inside the CWT tag 61 (RFC 8392 §6).</summary>
    public bool IsCwtTagged { get; }

    /// <summary>The content of the protected bstr exactly as received.</summary>
    public ReadOnlyMemory<byte> EncodedProtectedHeaders { get; }

    public CoseHeaders ProtectedHeaders { get; }

    public CoseHeaders UnprotectedHeaders { get; }

    /// <summary>The embedded payload, or null when it is detached (nil) and the caller supplies it.</summary>
    public ReadOnlyMemory<byte>? Payload { get; }

    public bool IsDetached => Payload is null;

    /// <summary>The MAC value (RFC 9052 §6.2 "tag"), not a CBOR tag.</summary>
    public ReadOnlyMemory<byte> Tag { get; }

    /// <summary>The <c>alg</c> value: <c>int / tstr</c> (RFC 9052 §3.1); text values are never supported.</summary>
    public CoseLabel Algorithm { get; }

    public bool AlgorithmIsProtected { get; }

    /// <summary>
    /// Decodes a COSE_Mac0, tagged 17 or untagged, optionally inside the CWT tag 61 (RFC 8392 §6). The parameters
    /// are those of <see cref="CoseSign1.Decode"/>: <c>alg</c> must be protected unless
    /// <paramref name="requireProtectedAlg"/> is false, and <c>crit</c> may list only <paramref name="understoodCritical"/>.
    /// </summary>
    /// <exception cref="CoseFormatException">The input is not a well-formed COSE_Mac0, or its tag does not have the
    /// length its HMAC algorithm gives (RFC 9053 §3.1).</exception>
    /// <exception cref="NotSupportedException">A critical header parameter is not understood.</exception>
    public static CoseMac0 Decode(ReadOnlySpan<byte> encoded, bool requireProtectedAlg = true, CritLabels? understoodCritical = null)
    {
        var copy = encoded.ToArray();
        var body = CoseFormatException.Guard(Where, () => StrictCbor.Decode(copy, Where,
            reader => CoseMessageBody.Read(copy, reader, CoseTags.Mac0, Where, "tag")));
        CoseHeaderRules.Check(body, Where, requireProtectedAlg, understoodCritical ?? CritLabels.Cose);

        // An unknown alg is left to Verify (NotSupportedException), as for COSE_Sign1; a known one fixes the tag length.
        if (MacScheme.Find(body.Algorithm) is { } scheme && body.Authenticator.Length != scheme.TagLength)
            throw new CoseFormatException($"{Where}[3] tag", $"must be {scheme.TagLength} bytes for " +
                $"{CoseAlgorithms.Describe(scheme.Algorithm)}, found {body.Authenticator.Length} (RFC 9053 §3.1)");
        return new CoseMac0(copy.AsMemory(body.Start), body);
    }
}
