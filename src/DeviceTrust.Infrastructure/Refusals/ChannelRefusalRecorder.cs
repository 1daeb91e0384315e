using System.Threading.Channels;
using DeviceTrust.Application.Refusals;
using Microsoft.Extensions.Options;

namespace DeviceTrust.Infrastructure.Refusals;

/// <summary>
/// The request paths' side of the refusal store: a bounded queue that <see cref="RefusalWriter"/> drains. Recording is a
/// TryWrite, so it never blocks a request; when a flood fills the queue the oldest refusals make room (drop-oldest: the
/// newest say most about an ongoing attack) and each drop is counted (devicetrust.refusals.dropped).
/// </summary>
internal sealed class ChannelRefusalRecorder : IRefusalRecorder
{
    private readonly Channel<RefusalReport> _channel;

    public ChannelRefusalRecorder(RefusalMetrics metrics, IOptions<RefusalOptions> options)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        _channel = Channel.CreateBounded<RefusalReport>(
            new BoundedChannelOptions(options.Value.QueueCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.DropOldest },
            _ => metrics.RefusalDropped());
    }

    public ChannelReader<RefusalReport> Reader => _channel.Reader;

    public void Record(RefusalReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        _channel.Writer.TryWrite(report);
    }
}
