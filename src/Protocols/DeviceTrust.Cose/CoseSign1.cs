using DeviceTrust.Cose.Cbor;

namespace DeviceTrust.Cose;

/// <summary>
/// A decoded COSE_Sign1 message. Decoding is strict and all-or-nothing; <see cref="Verify"/> checks the signature.
/// <code>
/// COSE_Sign1_Tagged = #6.18(COSE_Sign1)                                     ; RFC 9052 §4.2
/// COSE_Sign1 = [ protected : empty_or_serialized_map, unprotected : header_map,
///                payload : bstr / nil, signature : bstr ]
/// </code>
/// </summary>
public sealed partial class CoseSign1
{
    private const string Where = "COSE_Sign1";

    private CoseSign1(ReadOnlyMemory<byte> encoded, bool isTagged, bool isCwtTagged, ReadOnlyMemory<byte> encodedProtected,
        CoseHeaders protectedHeaders, CoseHeaders unprotectedHeaders, ReadOnlyMemory<byte>? payload,
        ReadOnlyMemory<byte> signature, CoseLabel algorithm, bool algorithmIsProtected)
    {
        Encoded = encoded;
        IsTagged = isTagged;
        IsCwtTagged = isCwtTagged;
        EncodedProtectedHeaders = encodedProtected;
        ProtectedHeaders = protectedHeaders;
        UnprotectedHeaders = unprotectedHeaders;
        Payload = payload;
        Signature = signature;
        Algorithm = algorithm;
        AlgorithmIsProtected = algorithmIsProtected;
    }

    /// <summary>The COSE_Sign1 bytes (from tag 18, or from the array when untagged), without any outer CWT tag.</summary>
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

    public ReadOnlyMemory<byte> Signature { get; }

    /// <summary>The <c>alg</c> value: <c>int / tstr</c> (RFC 9052 §3.1); text values are never supported.</summary>
    public CoseLabel Algorithm { get; }

    public bool AlgorithmIsProtected { get; }

    /// <summary>
    /// Decodes a COSE_Sign1, tagged 18 or untagged, optionally inside the CWT tag 61 (RFC 8392 §6).
    /// <paramref name="requireProtectedAlg"/> is the profile rule of EAT (RFC 9711), SUIT and constrained vouchers:
    /// <c>alg</c> must be in the protected bucket. Pass false only for a generic RFC 9052 verifier, where
    /// §3.1 also allows authenticating <c>alg</c> through external data.
    /// </summary>
    /// <param name="understoodCritical">The labels the caller's profile processes, which <c>crit</c> may list
    /// (RFC 9052 §3.1); <see cref="CritLabels.Cose"/> when null.</param>
    /// <exception cref="CoseFormatException">The input is not a well-formed COSE_Sign1.</exception>
    /// <exception cref="NotSupportedException">A critical header parameter is not understood.</exception>
    public static CoseSign1 Decode(ReadOnlySpan<byte> encoded, bool requireProtectedAlg = true, CritLabels? understoodCritical = null)
    {
        var copy = encoded.ToArray();
        var body = CoseFormatException.Guard(Where, () => StrictCbor.Decode(copy, Where,
            reader => CoseMessageBody.Read(copy, reader, CoseTags.Sign1, Where, "signature")));
        CoseHeaderRules.Check(body, Where, requireProtectedAlg, understoodCritical ?? CritLabels.Cose);
        return new CoseSign1(copy.AsMemory(body.Start), body.IsTagged, body.IsCwtTagged, body.EncodedProtected,
            body.ProtectedHeaders, body.UnprotectedHeaders, body.Payload, body.Authenticator, body.Algorithm, body.AlgorithmIsProtected);
    }
}
