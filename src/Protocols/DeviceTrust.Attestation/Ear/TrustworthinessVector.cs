namespace DeviceTrust.Attestation.Ear;

/// <summary>
/// An AR4SI trustworthiness vector (draft-ietf-rats-ar4si §3.1): up to eight claims, each a value -128..127. Immutable;
/// a claim that was not set is absent and is not written. Its <see cref="Tier"/> is the tier of its worst claim.
/// </summary>
public sealed class TrustworthinessVector : IEquatable<TrustworthinessVector>
{
    private const int ClaimCount = 8;
    private readonly sbyte?[] _values;

    private TrustworthinessVector(sbyte?[] values) => _values = values;

    public static TrustworthinessVector Empty { get; } = new(new sbyte?[ClaimCount]);

    /// <summary>The claims in key order, instance-identity (0) to sourced-data (7).</summary>
    public static IReadOnlyList<TrustworthinessClaim> AllClaims { get; } = Array.AsReadOnly(Enum.GetValues<TrustworthinessClaim>());

    /// <summary>The value of a claim, or null when the vector does not make it.</summary>
    public sbyte? this[TrustworthinessClaim claim] => _values[Index(claim)];

    /// <summary>The claims present, in key order.</summary>
    public IEnumerable<KeyValuePair<TrustworthinessClaim, sbyte>> Claims =>
        AllClaims.Where(claim => _values[(int)claim] is not null)
            .Select(claim => KeyValuePair.Create(claim, _values[(int)claim]!.Value));

    public int Count => _values.Count(value => value is not null);

    public bool IsEmpty => Count == 0;

    /// <summary>
    /// The tier of the worst claim, by the tiers' order (none &lt; affirming &lt; warning &lt; contraindicated);
    /// none for an empty vector. The best <c>ear.status</c> a submod with this vector may have
    /// (draft-ietf-rats-ear-03 §3.1).
    /// </summary>
    public TrustTier Tier => _values.Aggregate(TrustTier.None,
        (worst, value) => value is { } v ? TrustTiers.Worse(worst, TrustTiers.Of(v)) : worst);

    /// <summary>A vector with <paramref name="claim"/> set to <paramref name="value"/>.</summary>
    public TrustworthinessVector With(TrustworthinessClaim claim, sbyte value)
    {
        var values = (sbyte?[])_values.Clone();
        values[Index(claim)] = value;
        return new TrustworthinessVector(values);
    }

    /// <summary>A vector without <paramref name="claim"/>.</summary>
    public TrustworthinessVector Without(TrustworthinessClaim claim)
    {
        var values = (sbyte?[])_values.Clone();
        values[Index(claim)] = null;
        return new TrustworthinessVector(values);
    }

    public bool Equals(TrustworthinessVector? other) => other is not null && _values.SequenceEqual(other._values);

    public override bool Equals(object? obj) => Equals(obj as TrustworthinessVector);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var value in _values)
            hash.Add(value);
        return hash.ToHashCode();
    }

    public override string ToString() =>
        "{" + string.Join(", ", Claims.Select(c => $"{EarClaimNames.VectorClaimName(c.Key)}: {c.Value}")) + "}";

    private static int Index(TrustworthinessClaim claim) => (int)claim is >= 0 and < ClaimCount
        ? (int)claim
        : throw new ArgumentOutOfRangeException(nameof(claim), claim, "not an AR4SI trustworthiness claim");
}
