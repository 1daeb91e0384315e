using System.Globalization;

namespace DeviceTrust.Application.Attestation.Appraisal;

/// <summary>How reasons show binary values: enough hex to tell two apart at a glance, and the length.</summary>
internal static class AppraisalText
{
    private const int ShownBytes = 6;

    /// <summary>"9f86d081884c… (32 bytes)": the first 12 hex digits, then the length. One string, no intermediate ones:
    /// every appraisal shows a few.</summary>
    public static string Hex(ReadOnlySpan<byte> value)
    {
        Span<char> hex = stackalloc char[ShownBytes * 2];
        Convert.TryToHexStringLower(value[..Math.Min(value.Length, ShownBytes)], hex, out var written);
        ReadOnlySpan<char> shown = hex[..written];
        var unit = value.Length == 1 ? "byte" : "bytes";
        return value.Length <= ShownBytes
            ? string.Create(CultureInfo.InvariantCulture, $"{shown} ({value.Length} {unit})")
            : string.Create(CultureInfo.InvariantCulture, $"{shown}… ({value.Length} {unit})");
    }
}
