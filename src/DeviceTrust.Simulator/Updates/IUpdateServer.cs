using DeviceTrust.Simulator.Provisioning;

namespace DeviceTrust.Simulator.Updates;

/// <summary>The server's answer to a report: its status, and the refusal when it is not a success.</summary>
public sealed record ReportReply(int HttpStatus, ProtocolError? Refusal);

/// <summary>
/// The server's firmware endpoints as one device reaches them (docs/update-protocol.md §2-4); <see cref="UpdateServerClient"/>
/// over HTTPS with the device's LDevID, or an in-process stand-in in tests.
/// </summary>
/// <remarks>Fetches throw <see cref="HttpRequestException"/> when the server cannot be reached or refuses (its status in
/// <see cref="HttpRequestException.StatusCode"/>), <see cref="FormatException"/> for a body that is not what it should be.</remarks>
public interface IUpdateServer
{
    /// <summary>GET /firmware/trust-anchors.</summary>
    Task<IReadOnlyList<FirmwareTrustAnchor>> GetTrustAnchorsAsync(CancellationToken cancellationToken);

    /// <summary>GET the offer's envelope path: the signed envelope's bytes.</summary>
    Task<byte[]> GetEnvelopeAsync(string envelopePath, CancellationToken cancellationToken);

    /// <summary>GET an image a manifest's fetch directive names.</summary>
    Task<byte[]> GetImageAsync(string uri, CancellationToken cancellationToken);

    /// <summary>POST the signed report to the offer's report path.</summary>
    Task<ReportReply> PostReportAsync(string reportPath, byte[] signedReport, CancellationToken cancellationToken);
}
