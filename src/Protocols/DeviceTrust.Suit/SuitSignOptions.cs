namespace DeviceTrust.Suit;

/// <summary>The severable manifest members (draft-ietf-suit-manifest-37, "Severable Elements").</summary>
[Flags]
public enum SuitSeverableMembers
{
    None = 0,
    PayloadFetch = 1 << 0,
    Install = 1 << 1,
    Text = 1 << 2,
}

/// <summary>How <see cref="SuitSigner.Sign"/> lays out the envelope.</summary>
public sealed record SuitSignOptions
{
    /// <summary>Whether the envelope carries tag 107 (SUIT_Envelope_Tagged).</summary>
    public bool Tagged { get; init; } = true;

    /// <summary>The members to sever: the manifest then holds the SUIT_Digest of each bstr-wrapped member (head
    /// included) and the envelope carries the member. A member the manifest already holds as a digest stays one.</summary>
    public SuitSeverableMembers Sever { get; init; }

    /// <summary>Integrated payloads by their tstr key (a URI fragment such as "#firmware"), carried in the envelope.</summary>
    public IReadOnlyDictionary<string, ReadOnlyMemory<byte>> IntegratedPayloads { get; init; } =
        new Dictionary<string, ReadOnlyMemory<byte>>();
}
