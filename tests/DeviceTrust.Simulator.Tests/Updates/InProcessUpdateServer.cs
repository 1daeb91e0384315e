using System.Collections.Concurrent;
using System.Net;
using DeviceTrust.Simulator.Provisioning;
using DeviceTrust.Simulator.Updates;

namespace DeviceTrust.Simulator.Tests.Updates;

/// <summary>A report as the server received it: where it was posted and the signed bytes.</summary>
public sealed record PostedReport(string Path, byte[] Body);

/// <summary>
/// Stands in for the server's firmware endpoints, in process: serves the anchors, envelopes and images it is given,
/// 404 for anything else, records the reports and answers them with <see cref="ReportStatus"/>.
/// </summary>
public sealed class InProcessUpdateServer : IUpdateServer
{
    private readonly ConcurrentQueue<PostedReport> _reports = new();
    private readonly ConcurrentQueue<string> _imageRequests = new();
    private int _anchorRequests;

    public List<FirmwareTrustAnchor> Anchors { get; } = [];

    public Dictionary<string, byte[]> Envelopes { get; } = new(StringComparer.Ordinal);

    /// <summary>Images by URI as the manifest names them.</summary>
    public Dictionary<string, byte[]> Images { get; } = new(StringComparer.Ordinal);

    public int ReportStatus { get; set; } = (int)HttpStatusCode.NoContent;

    public IReadOnlyList<PostedReport> Reports => [.. _reports];

    public IReadOnlyList<string> ImageRequests => [.. _imageRequests];

    public int AnchorRequests => Volatile.Read(ref _anchorRequests);

    public Task<IReadOnlyList<FirmwareTrustAnchor>> GetTrustAnchorsAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _anchorRequests);
        return Task.FromResult<IReadOnlyList<FirmwareTrustAnchor>>([.. Anchors]);
    }

    public Task<byte[]> GetEnvelopeAsync(string envelopePath, CancellationToken cancellationToken) =>
        Envelopes.TryGetValue(envelopePath, out var envelope) ? Task.FromResult(envelope) : Task.FromException<byte[]>(NotFound(envelopePath));

    public Task<byte[]> GetImageAsync(string uri, CancellationToken cancellationToken)
    {
        _imageRequests.Enqueue(uri);
        return Images.TryGetValue(uri, out var image) ? Task.FromResult<byte[]>([.. image]) : Task.FromException<byte[]>(NotFound(uri));
    }

    public Task<ReportReply> PostReportAsync(string reportPath, byte[] signedReport, CancellationToken cancellationToken)
    {
        _reports.Enqueue(new PostedReport(reportPath, signedReport));
        var status = ReportStatus;
        return Task.FromResult(new ReportReply(status, status is >= 200 and < 300 ? null : new ProtocolError(status, "Refused", "the test server refuses")));
    }

    private static HttpRequestException NotFound(string what) => new($"GET {what}: HTTP 404", null, HttpStatusCode.NotFound);
}
