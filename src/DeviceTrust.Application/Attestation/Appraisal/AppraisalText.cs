using System.Globalization;

namespace DeviceTrust.Application.Attestation.Appraisal;

/// <summary>How reasons show binary values: enough hex to tell two apart at a glance, and the length.</summary>
internal static class AppraisalText
{
    private const int ShownBytes = 6;

    /// <summary>"9f86d081884c… (32 bytes)": the first 12 hex digits, then the length.</summary>
    public static string Hex(ReadOnlySpan<byte> value) => value.Length <= ShownBytes
        ? $"{Convert.ToHexStringLower(value)} ({Bytes(value.Length)})"
        : $"{Convert.ToHexStringLower(value[..ShownBytes])}… ({Bytes(value.Length)})";

    public static string Bytes(int count) => count == 1 ? "1 byte" : $"{count.ToString(CultureInfo.InvariantCulture)} bytes";
}
