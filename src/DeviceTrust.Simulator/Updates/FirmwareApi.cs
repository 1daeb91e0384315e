namespace DeviceTrust.Simulator.Updates;

/// <summary>
/// The firmware endpoints of the server's device listener as a device uses them (docs/update-protocol.md): paths,
/// relative to the listener's origin, and media types.
/// </summary>
public static class FirmwareApi
{
    /// <summary>The FirmwareAuthor anchors that cover the device's class (§2).</summary>
    public const string TrustAnchorsPath = "/firmware/trust-anchors";

    /// <summary>A release's envelope is at this prefix, the release id, then <see cref="EnvelopePathSuffix"/> (§3).</summary>
    public const string EnvelopePathPrefix = "/firmware/releases/";

    public const string EnvelopePathSuffix = "/envelope";

    /// <summary>Where the device posts its signed SUIT report (§4).</summary>
    public const string ReportsPath = "/firmware/reports";

    public const string EnvelopeMediaType = "application/suit-envelope+cose";

    public const string ReportMediaType = "application/suit-report+cose";
}
