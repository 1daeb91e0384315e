namespace DeviceTrust.Attestation.Ear;

/// <summary>
/// An AR4SI trustworthiness tier (draft-ietf-rats-ar4si §3.2), the tier of a claim value and the type of a
/// submod's <c>ear.status</c>. The numbers are the status values of EAR's CBOR form (draft-ietf-rats-ear-03 §3.1, §3.3.1):
/// <code>
/// $ear-status-type /= none / affirming / warning / contraindicated
/// none = 0   affirming = 2   warning = 32   contraindicated = 96
/// </code>
/// Tiers compare by these numbers, as Veraison does (veraison/ear <c>UpdateStatusFromTrustVector</c>): a higher
/// number is a worse tier, and "none" is below "affirming", so a claim in the none tier never limits a status.
/// </summary>
public enum TrustTier : sbyte
{
    None = 0,
    Affirming = 2,
    Warning = 32,
    Contraindicated = 96,
}

/// <summary>The tier of a claim value and the tiers' JSON names.</summary>
public static class TrustTiers
{
    /// <summary>
    /// The tier a trustworthiness claim value falls in (draft-ietf-rats-ar4si §3.2): none -1..1, affirming 2..31
    /// and -32..-2, warning 32..95 and -96..-33, contraindicated 96..127 and -128..-97.
    /// </summary>
    public static TrustTier Of(sbyte value) => value switch
    {
        >= -1 and <= 1 => TrustTier.None,
        (>= 2 and <= 31) or (>= -32 and <= -2) => TrustTier.Affirming,
        (>= 32 and <= 95) or (>= -96 and <= -33) => TrustTier.Warning,
        _ => TrustTier.Contraindicated,
    };

    /// <summary>The tier as the JSON form of <c>ear.status</c> writes it: "none", "affirming", "warning", "contraindicated".</summary>
    public static string Name(this TrustTier tier) => tier switch
    {
        TrustTier.None => "none",
        TrustTier.Affirming => "affirming",
        TrustTier.Warning => "warning",
        TrustTier.Contraindicated => "contraindicated",
        _ => throw new ArgumentOutOfRangeException(nameof(tier), tier, "not an AR4SI tier"),
    };

    /// <summary>Whether <paramref name="tier"/> is one of the four defined values (a cast from a number may not be).</summary>
    public static bool IsDefined(this TrustTier tier) =>
        tier is TrustTier.None or TrustTier.Affirming or TrustTier.Warning or TrustTier.Contraindicated;

    /// <summary>The tier a JSON status name stands for; the names are case-sensitive.</summary>
    public static bool TryParse(string name, out TrustTier tier)
    {
        (var found, tier) = name switch
        {
            "none" => (true, TrustTier.None),
            "affirming" => (true, TrustTier.Affirming),
            "warning" => (true, TrustTier.Warning),
            "contraindicated" => (true, TrustTier.Contraindicated),
            _ => (false, TrustTier.None),
        };
        return found;
    }

    /// <summary>The tier of a CBOR status number (0, 2, 32, 96); any other number is not a status.</summary>
    public static bool TryFromNumber(long number, out TrustTier tier)
    {
        tier = number is >= sbyte.MinValue and <= sbyte.MaxValue ? (TrustTier)(sbyte)number : TrustTier.None;
        return number is >= sbyte.MinValue and <= sbyte.MaxValue && tier.IsDefined();
    }

    /// <summary>The worse of two tiers, by Veraison's order (none &lt; affirming &lt; warning &lt; contraindicated).</summary>
    public static TrustTier Worse(TrustTier a, TrustTier b) => (sbyte)a >= (sbyte)b ? a : b;
}
