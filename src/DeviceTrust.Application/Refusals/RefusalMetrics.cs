using System.Diagnostics.Metrics;
using DeviceTrust.Application.Fleet.Telemetry;

namespace DeviceTrust.Application.Refusals;

/// <summary>
/// Counters of the refusal recorder, published in the "DeviceTrust.Fleet" meter beside the device ingest counters (a
/// second Meter of that name: listeners see one meter) and readable in-process for tests.
/// </summary>
public sealed class RefusalMetrics : IDisposable
{
    private readonly Meter _meter = new(FleetMetrics.MeterName);
    private readonly Counter<long> _recorded;
    private readonly Counter<long> _dropped;
    private long _recordedTotal;
    private long _droppedTotal;

    public RefusalMetrics()
    {
        _recorded = _meter.CreateCounter<long>("devicetrust.refusals.recorded", description: "Refused requests written to the refusal store.");
        _dropped = _meter.CreateCounter<long>("devicetrust.refusals.dropped", description: "Refused requests dropped because the recorder's queue was full.");
    }

    public long Recorded => Interlocked.Read(ref _recordedTotal);
    public long Dropped => Interlocked.Read(ref _droppedTotal);

    public void RefusalsRecorded(long count)
    {
        Interlocked.Add(ref _recordedTotal, count);
        _recorded.Add(count);
    }

    public void RefusalDropped()
    {
        Interlocked.Increment(ref _droppedTotal);
        _dropped.Add(1);
    }

    public void Dispose() => _meter.Dispose();
}
