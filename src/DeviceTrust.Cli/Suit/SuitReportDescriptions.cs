using System.Formats.Cbor;
using System.Globalization;
using DeviceTrust.Cose;
using DeviceTrust.Cose.Cbor;
using DeviceTrust.Suit;
using DeviceTrust.Suit.Outline;
using DeviceTrust.Suit.Reports;

namespace DeviceTrust.Cli.Suit;

/// <summary>The readable strings the text and JSON views of a SUIT report share.</summary>
internal static class SuitReportDescriptions
{
    /// <summary>"condition-failed (10)".</summary>
    public static string Reason(SuitReportReason reason) => SuitReportReasons.Describe(reason);

    public static string ReasonName(SuitReportReason reason) => SuitReportReasons.Name(reason);

    /// <summary>"install (20)".</summary>
    public static string Section(SuitRecord record) => $"{record.SectionName} ({record.Section.ToString(CultureInfo.InvariantCulture)})";

    /// <summary>"[] (root)" for the root manifest, else the walk to the dependency, "[0, 1]".</summary>
    public static string ManifestId(SuitRecord record) =>
        record.ManifestId.Count == 0 ? "[] (root)" : $"[{string.Join(", ", record.ManifestId.Select(i => i.ToString(CultureInfo.InvariantCulture)))}]";

    /// <summary>"sha-256" for the one algorithm SUIT mandates, the COSE number otherwise.</summary>
    public static string DigestAlgorithm(SuitDigest digest) =>
        digest.Algorithm == CoseAlgorithms.Sha256 ? "sha-256" : $"algorithm {digest.Algorithm.ToString(CultureInfo.InvariantCulture)}";

    public static string Hex(ReadOnlyMemory<byte> bytes) => Convert.ToHexStringLower(bytes.Span);

    /// <summary>Each parameter by name ("parameter 99" when unknown) and its value as <c>suit inspect</c> shows it: a
    /// digest as algorithm and hex, a 16-byte vendor, class or device id as a UUID, anything else in diagnostic notation.</summary>
    public static IEnumerable<(string Name, string Value)> Properties(SuitRecordProperties properties) =>
        properties.Encoded.Select(p => (ParameterName(p.Key), Parameter(p.Key, p.Value, properties)));

    private static string ParameterName(long key) =>
        SuitParameterKeys.IsKnown(key) ? SuitParameterKeys.Name(key) : $"parameter {key.ToString(CultureInfo.InvariantCulture)}";

    private static string Parameter(long key, ReadOnlyMemory<byte> encoded, SuitRecordProperties properties)
    {
        if (key == SuitParameterKeys.ImageDigest && properties.Digest(key) is { } digest)
            return SuitOutline.Digest(digest);
        if (key is SuitParameterKeys.VendorId or SuitParameterKeys.ClassId or SuitParameterKeys.DeviceId
            && new CborReader(encoded).PeekState() == CborReaderState.ByteString && properties.Bytes(key) is { Length: 16 } uuid)
            return new Guid(uuid, bigEndian: true).ToString();
        return CborDiagnostic.Write(encoded);
    }
}
