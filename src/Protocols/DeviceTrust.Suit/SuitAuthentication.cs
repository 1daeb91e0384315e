using System.Formats.Cbor;
using DeviceTrust.Cose;
using DeviceTrust.Cose.Cbor;

namespace DeviceTrust.Suit;

/// <summary>
/// The authentication wrapper: the manifest's digest and the COSE messages that authenticate it.
/// <code>
/// SUIT_Authentication = [ bstr .cbor SUIT_Digest, * bstr .cbor SUIT_Authentication_Block ]
/// SUIT_Authentication_Block /= COSE_Mac_Tagged / COSE_Sign_Tagged / COSE_Mac0_Tagged / COSE_Sign1_Tagged
/// </code>
/// Only COSE_Sign1_Tagged is accepted here: the other blocks are refused by tag, as not supported. The COSE payload is
/// nil, and the detached payload is the encoded SUIT_Digest (the content of the first byte string).
/// </summary>
public sealed class SuitAuthentication
{
    private SuitAuthentication(SuitDigest digest, ReadOnlyMemory<byte> encodedDigest, IReadOnlyList<CoseSign1> signatures)
    {
        Digest = digest;
        EncodedDigest = encodedDigest;
        Signatures = signatures;
    }

    /// <summary>The digest of the bstr-wrapped manifest.</summary>
    public SuitDigest Digest { get; }

    /// <summary>The encoded SUIT_Digest, the detached payload each COSE_Sign1 signs.</summary>
    public ReadOnlyMemory<byte> EncodedDigest { get; }

    /// <summary>The COSE_Sign1 blocks; empty for an unsigned envelope.</summary>
    public IReadOnlyList<CoseSign1> Signatures { get; }

    internal static SuitAuthentication Read(CborReader reader, CborPath where)
    {
        SuitReading.Expect(reader, CborReaderState.StartArray, where, "the SUIT_Authentication array");
        reader.ReadStartArray();
        if (reader.PeekState() == CborReaderState.EndArray)
            throw SuitReading.Fail(where, "the authentication wrapper starts with the manifest digest, and is empty");
        var digestPath = where.Item(0, "digest");
        var encodedDigest = SuitReading.BytesContent(reader, digestPath, "a byte string (bstr .cbor SUIT_Digest)");
        var digest = SuitReading.Decode(encodedDigest, digestPath, r => SuitDigest.Read(r, digestPath));
        var signatures = new List<CoseSign1>();
        while (reader.PeekState() != CborReaderState.EndArray)
        {
            var path = where.Item(signatures.Count + 1, "COSE_Sign1");
            signatures.Add(Sign1(SuitReading.BytesContent(reader, path, "a byte string").Span, path));
        }
        reader.ReadEndArray();
        return new SuitAuthentication(digest, encodedDigest, signatures);
    }

    private static CoseSign1 Sign1(ReadOnlySpan<byte> encoded, CborPath where)
    {
        CoseSign1 message;
        try
        {
            // SUIT profiles COSE like EAT does: alg in the protected bucket.
            message = CoseSign1.Decode(encoded, requireProtectedAlg: true);
        }
        catch (CborFormatException e)
        {
            throw new SuitFormatException(where.ToString(), $"{e.Where}: {e.What}", e);
        }
        catch (NotSupportedException e)
        {
            throw new SuitFormatException(where.ToString(), e.Message, e);
        }
        if (!message.IsTagged || message.IsCwtTagged)
            throw SuitReading.Fail(where, $"an authentication block is COSE_Sign1_Tagged (tag {CoseTags.Sign1})");
        if (!message.IsDetached)
            throw SuitReading.Fail(where, "the COSE_Sign1 payload must be nil: the SUIT_Digest is the detached payload");
        return message;
    }
}
