using DeviceTrust.Simulator.Fleet;
using Spectre.Console;

namespace DeviceTrust.Cli.Simulate;

/// <summary>Shows a running fleet until cancelled: a live table on a terminal, else status lines.</summary>
internal sealed class FleetStatusDisplay(FleetSimulator fleet, Uri server, TimeProvider time)
{
    private static readonly TimeSpan LiveRefresh = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan PlainRefresh = TimeSpan.FromSeconds(5);

    // Rates over a few seconds rather than one refresh, which would flicker with the devices' send phases.
    private static readonly TimeSpan RateWindow = TimeSpan.FromSeconds(3);

    private readonly Queue<FleetSnapshot> _recent = new();
    private readonly long _started = time.GetTimestamp();

    public TimeSpan Elapsed => time.GetElapsedTime(_started);

    public async Task ShowLiveAsync(IAnsiConsole console, CancellationToken cancellationToken)
    {
        var (view, rate) = Sample();
        await console.Live(StatusFormatter.Table(view, rate, Elapsed, server))
            .AutoClear(false)
            .StartAsync(async context =>
            {
                while (await WaitAsync(LiveRefresh, cancellationToken))
                {
                    (view, rate) = Sample();
                    context.UpdateTarget(StatusFormatter.Table(view, rate, Elapsed, server));
                    context.Refresh();
                }
            });
    }

    /// <summary>A status line every few seconds, and the problem lines whenever they change.</summary>
    public async Task ShowPlainAsync(TextWriter output, CancellationToken cancellationToken)
    {
        IReadOnlyList<string> shown = [];
        Sample();   // the first line's send rate then spans the whole first interval
        while (await WaitAsync(PlainRefresh, cancellationToken))
        {
            var (view, rate) = Sample();
            await output.WriteLineAsync(StatusFormatter.StatusLine(view.Counts, rate, Elapsed));
            var problems = StatusFormatter.ProblemLines(view);
            if (!problems.SequenceEqual(shown))
            {
                foreach (var line in problems)
                    await output.WriteLineAsync(line);
                shown = problems;
            }
        }
    }

    private (FleetView View, double Rate) Sample()
    {
        var view = FleetView.Of(fleet, time);
        var snapshot = view.Counts;
        while (_recent.Count > 1 && snapshot.TakenAt - _recent.Peek().TakenAt > RateWindow)
        {
            _recent.Dequeue();
        }

        var rate = _recent.Count > 0 ? snapshot.SendRateSince(_recent.Peek()) : 0;
        _recent.Enqueue(snapshot);
        return (view, rate);
    }

    private async Task<bool> WaitAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, time, cancellationToken);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
