using System.Threading.Channels;
using DeviceTrust.Application.Fleet.Telemetry;
using Microsoft.Extensions.Logging;

namespace DeviceTrust.Infrastructure.Fleet;

/// <summary>
/// A bounded in-memory queue between the hub and <see cref="DeviceReportWorker"/>. Bounded so an overloaded
/// database sheds telemetry (counted, and logged at most every <see cref="DropLogInterval"/>) instead of growing
/// memory without limit.
/// </summary>
internal sealed class ChannelDeviceReportQueue(FleetMetrics metrics, TimeProvider time, ILogger<ChannelDeviceReportQueue> logger) : IDeviceReportQueue
{
    public const int Capacity = 100_000;
    public static readonly TimeSpan DropLogInterval = TimeSpan.FromSeconds(10);

    private readonly Channel<DeviceReport> _channel = Channel.CreateBounded<DeviceReport>(
        new BoundedChannelOptions(Capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    private long _lastDropLogTicks = long.MinValue;
    private long _droppedSinceLog;

    public ChannelReader<DeviceReport> Reader => _channel.Reader;

    public bool TryEnqueue(DeviceReport report)
    {
        if (_channel.Writer.TryWrite(report)) return true;
        metrics.ReportDropped();
        var dropped = Interlocked.Increment(ref _droppedSinceLog);
        var now = time.GetTimestamp();
        var last = Interlocked.Read(ref _lastDropLogTicks);
        if (last == long.MinValue || time.GetElapsedTime(last, now) >= DropLogInterval)
        {
            if (Interlocked.CompareExchange(ref _lastDropLogTicks, now, last) == last)
            {
                Interlocked.Add(ref _droppedSinceLog, -dropped);
                logger.LogWarning("The device report queue is full ({Capacity}); dropped {Dropped} reports since the last warning", Capacity, dropped);
            }
        }

        return false;
    }
}
