using System.Threading.Channels;
using DeviceTrust.Application.Fleet.Telemetry;

namespace DeviceTrust.Infrastructure.Fleet;

/// <summary>
/// A bounded in-memory queue between the hub and <see cref="DeviceReportWorker"/>. Bounded so an overloaded
/// database sheds telemetry (counted) instead of growing memory without limit.
/// </summary>
internal sealed class ChannelDeviceReportQueue(FleetMetrics metrics) : IDeviceReportQueue
{
    public const int Capacity = 100_000;

    private readonly Channel<DeviceReport> _channel = Channel.CreateBounded<DeviceReport>(
        new BoundedChannelOptions(Capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    public ChannelReader<DeviceReport> Reader => _channel.Reader;

    public bool TryEnqueue(DeviceReport report)
    {
        if (_channel.Writer.TryWrite(report)) return true;
        metrics.ReportDropped();
        return false;
    }
}
