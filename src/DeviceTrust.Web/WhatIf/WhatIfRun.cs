using System.Diagnostics;
using DeviceTrust.Application.Common;
using DeviceTrust.Application.Updates.WhatIf;

namespace DeviceTrust.Web.WhatIf;

/// <summary>One what-if run: its request, its sandbox once built, where it stands (updated every tick) and its report.</summary>
public sealed class WhatIfRun : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Stopwatch _wall = new();
    private volatile WhatIfProgress? _progress;
    private int _disposed;

    internal WhatIfRun(Guid id, WhatIfRequest request, Actor requestedBy, DateTimeOffset requestedAt)
    {
        Id = id;
        Request = request;
        RequestedBy = requestedBy;
        RequestedAt = requestedAt;
    }

    public Guid Id { get; }
    public WhatIfRequest Request { get; }
    public Actor RequestedBy { get; }
    public DateTimeOffset RequestedAt { get; }
    // Written by the run's task, read by pages and the API.
    private volatile WhatIfRunStatus _status = WhatIfRunStatus.Preparing;

    public WhatIfRunStatus Status { get => _status; private set => _status = value; }
    /// <summary>Null until the sandbox is built, and again once the run is dropped.</summary>
    public WhatIfSandbox? Sandbox { get; private set; }
    public WhatIfReport? Report { get; private set; }
    public string? Error { get; private set; }
    public Guid? RolloutId => _progress?.RolloutId;
    public TimeSpan Simulated => _progress?.Simulated ?? TimeSpan.Zero;
    public TimeSpan Wall => _wall.Elapsed;
    public bool IsOver => Status is not (WhatIfRunStatus.Preparing or WhatIfRunStatus.Running);
    internal Task Completion { get; private set; } = Task.CompletedTask;

    public WhatIfRunSummary Summary() => new(Id, Status, RequestedBy.Name, RequestedAt, Request.ReleaseId, Sandbox?.Devices ?? Request.Devices ?? 0, RolloutId,
        _progress?.Ticks ?? 0, Math.Round(Simulated.TotalSeconds, 1), Math.Round(Wall.TotalSeconds, 2), Error, Report);

    internal void Start(Func<CancellationToken, Task<WhatIfSandbox>> build, WhatIfOptions options, ILogger logger) =>
        Completion = Task.Run(() => ExecuteAsync(build, options, logger, _stop.Token));

    private async Task ExecuteAsync(Func<CancellationToken, Task<WhatIfSandbox>> build, WhatIfOptions options, ILogger logger, CancellationToken stop)
    {
        _wall.Start();
        try
        {
            Sandbox = await build(stop);
            Status = WhatIfRunStatus.Running;
            Report = await WhatIfRunner.RunAsync(Sandbox, Request, RequestedBy, TimeSpan.FromSeconds(options.IdleStepSeconds),
                TimeSpan.FromHours(options.MaxSimulatedHours), p => _progress = p, stop);
            Status = Report.Outcome == Domain.Updates.RolloutStatus.Running ? WhatIfRunStatus.TimedOut : WhatIfRunStatus.Finished;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            Status = WhatIfRunStatus.Cancelled;
        }
        catch (ApplicationError e)
        {
            (Status, Error) = (WhatIfRunStatus.Failed, e.Message);
        }
#pragma warning disable CA1031 // A run that fails for any reason says why on its page instead of taking the server's background task down.
        catch (Exception e)
#pragma warning restore CA1031
        {
            // The exception is for the server's log; every role reads the run, so it says only where to look.
            logger.LogError(e, "What-if run {Run} failed", Id);
            (Status, Error) = (WhatIfRunStatus.Failed, $"The run failed unexpectedly; the server's log has the cause (what-if run {Id}).");
        }
        finally
        {
            _wall.Stop();
        }
    }

    /// <summary>Stops the run if it is still going and deletes its sandbox.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        await _stop.CancelAsync();
        await Completion;
        if (Sandbox is { } sandbox)
        {
            Sandbox = null;
            await sandbox.DisposeAsync();
        }
        _stop.Dispose();
    }
}
