using System.Globalization;
using DeviceTrust.Attestation.Ear;

namespace DeviceTrust.Cli.Attestation;

/// <summary>One row of a trustworthiness vector table: claim, value, tier and meaning (draft-ietf-rats-ar4si §3.1).</summary>
public sealed record VectorRow(string Claim, sbyte Value, string Tier, string Meaning)
{
    public static IReadOnlyList<VectorRow> Of(TrustworthinessVector? vector) => vector is null
        ? []
        : [.. vector.Claims.Select(c => new VectorRow(EarClaimNames.VectorClaimName(c.Key), c.Value,
            TrustTiers.Of(c.Value).Name(), TrustworthinessValues.Describe(c.Key, c.Value)))];
}

/// <summary>The facts <c>ear verify</c> prints of an EAR, for the text and JSON reports.</summary>
internal static class EarView
{
    public static string Time(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static string? Nonce(AttestationResult result) =>
        result.Nonce is { } nonce ? Convert.ToHexStringLower(nonce.Span) : null;
}
