namespace DeviceTrust.Suit;

/// <summary>
/// A manifest member that may be severed: either its content inline, or the digest of the content that travels in
/// the envelope (or not at all).
/// <code>
/// SUIT_Severable_Members_Choice = (
///   ? suit-payload-fetch => SUIT_Digest / bstr .cbor SUIT_Command_Sequence,
///   ? suit-install => SUIT_Digest / bstr .cbor SUIT_Command_Sequence,
///   ? suit-text => SUIT_Digest / bstr .cbor SUIT_Text_Map )
/// </code>
/// </summary>
public sealed record SuitSeverable<T>(T? Inline, SuitDigest? Digest) where T : class
{
    public bool IsSevered => Digest is not null;
}

/// <summary>A severable member carried in the envelope: its content and the encoded byte string (with its head)
/// that the manifest's SUIT_Digest covers.</summary>
public sealed record SuitSeveredMember<T>(T Content, ReadOnlyMemory<byte> Wrapped) where T : class;
