using System.Diagnostics.Metrics;

namespace DeviceTrust.Application.Fleet.Telemetry;

/// <summary>
/// Counters of the device ingest path, published as the "DeviceTrust.Fleet" meter (dotnet-counters, OpenTelemetry)
/// and readable in-process for the status page and tests.
/// </summary>
public sealed class FleetMetrics : IDisposable
{
    public const string MeterName = "DeviceTrust.Fleet";
    private readonly Meter _meter = new(MeterName);
    private readonly Counter<long> _written;
    private readonly Counter<long> _malformed;
    private readonly Counter<long> _rejected;
    private readonly Counter<long> _dropped;
    private readonly Counter<long> _authFailures;
    private long _writtenTotal, _malformedTotal, _rejectedTotal, _droppedTotal, _authFailuresTotal;

    public FleetMetrics()
    {
        _written = _meter.CreateCounter<long>("devicetrust.reports.written");
        _malformed = _meter.CreateCounter<long>("devicetrust.reports.malformed");
        _rejected = _meter.CreateCounter<long>("devicetrust.reports.rejected");
        _dropped = _meter.CreateCounter<long>("devicetrust.reports.dropped");
        _authFailures = _meter.CreateCounter<long>("devicetrust.devices.authentication_failures");
    }

    public long Written => Interlocked.Read(ref _writtenTotal);
    public long Malformed => Interlocked.Read(ref _malformedTotal);
    public long Rejected => Interlocked.Read(ref _rejectedTotal);
    public long Dropped => Interlocked.Read(ref _droppedTotal);
    public long AuthenticationFailures => Interlocked.Read(ref _authFailuresTotal);

    public void ReportsWritten(int count)
    {
        Interlocked.Add(ref _writtenTotal, count);
        _written.Add(count);
    }

    public void ReportMalformed()
    {
        Interlocked.Increment(ref _malformedTotal);
        _malformed.Add(1);
    }

    public void ReportRejected()
    {
        Interlocked.Increment(ref _rejectedTotal);
        _rejected.Add(1);
    }

    public void ReportDropped()
    {
        Interlocked.Increment(ref _droppedTotal);
        _dropped.Add(1);
    }

    public void AuthenticationFailed()
    {
        Interlocked.Increment(ref _authFailuresTotal);
        _authFailures.Add(1);
    }

    public void Dispose() => _meter.Dispose();
}
