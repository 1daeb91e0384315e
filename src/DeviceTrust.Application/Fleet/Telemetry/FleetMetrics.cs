using System.Diagnostics.Metrics;

namespace DeviceTrust.Application.Fleet.Telemetry;

/// <summary>
/// Counters of the device ingest path, published as the "DeviceTrust.Fleet" meter (dotnet-counters, OpenTelemetry)
/// and readable in-process for tests and status displays.
/// </summary>
public sealed class FleetMetrics : IDisposable
{
    public const string MeterName = "DeviceTrust.Fleet";
    private readonly Meter _meter = new(MeterName);
    private readonly Tally _written, _malformed, _rejected, _dropped, _authFailures;

    public FleetMetrics()
    {
        _written = new Tally(_meter, "devicetrust.reports.written");
        _malformed = new Tally(_meter, "devicetrust.reports.malformed");
        _rejected = new Tally(_meter, "devicetrust.reports.rejected");
        _dropped = new Tally(_meter, "devicetrust.reports.dropped");
        _authFailures = new Tally(_meter, "devicetrust.devices.authentication_failures");
    }

    public long Written => _written.Total;
    public long Malformed => _malformed.Total;
    public long Rejected => _rejected.Total;
    public long Dropped => _dropped.Total;
    public long AuthenticationFailures => _authFailures.Total;

    public void ReportsWritten(int count) => _written.Add(count);
    public void ReportMalformed() => _malformed.Add(1);
    public void ReportRejected(int count = 1)
    {
        if (count > 0) _rejected.Add(count);
    }
    public void ReportDropped() => _dropped.Add(1);
    public void AuthenticationFailed() => _authFailures.Add(1);

    public void Dispose() => _meter.Dispose();

    /// <summary>A meter counter with a running total beside it.</summary>
    private sealed class Tally(Meter meter, string name)
    {
        private readonly Counter<long> _counter = meter.CreateCounter<long>(name);
        private long _total;

        public long Total => Interlocked.Read(ref _total);

        public void Add(long count)
        {
            Interlocked.Add(ref _total, count);
            _counter.Add(count);
        }
    }
}
