using System.Collections.Frozen;

namespace DeviceTrust.Cose.Cbor;

/// <summary>What a <see cref="CborLabelledMap"/> accepts beyond unique int / tstr labels.</summary>
public sealed record CborMapOptions
{
    /// <summary>Every label is kept: open maps such as COSE header buckets (RFC 9052 §3) and EAT claims-sets
    /// (RFC 9711 §4: a recipient ignores claims it does not understand).</summary>
    public static CborMapOptions Open { get; } = new();

    /// <summary>Only <paramref name="labels"/> may appear; any other label is refused, naming it.</summary>
    public static CborMapOptions Closed(params IEnumerable<CoseLabel> labels) => new() { KnownLabels = labels.ToFrozenSet() };

    /// <summary>The labels allowed, or null when every label is kept.</summary>
    public IReadOnlySet<CoseLabel>? KnownLabels { get; init; }

    /// <summary>When true the keys must be in RFC 8949 §4.2.1 order (SUIT requires deterministic maps).</summary>
    public bool DeterministicOrder { get; init; }
}
