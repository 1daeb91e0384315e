using System.Diagnostics;
using DeviceTrust.Simulator.Provisioning;

namespace DeviceTrust.Bench.Enrollment;

/// <summary>One pledge's bootstrap: its time and, split at voucher_status, the voucher part of it; or why it failed.</summary>
internal sealed record EnrollmentOutcome(TimeSpan Latency, TimeSpan VoucherPhase, string? Failure)
{
    public bool Succeeded => Failure is null;
}

/// <summary>
/// Runs the whole BRSKI + EST bootstrap (<see cref="BrskiPledge.ProvisionAsync"/>) for every pledge, at most
/// <c>concurrency</c> at a time, each a device of its own: its own TLS connections, IDevID and new key.
/// </summary>
internal sealed class EnrollmentLoad(Uri registrar)
{
    private int _succeeded;
    private int _failed;

    /// <summary>For progress lines while <see cref="RunAsync"/> runs.</summary>
    public int Succeeded => Volatile.Read(ref _succeeded);
    public int Failed => Volatile.Read(ref _failed);

    public async Task<(IReadOnlyList<EnrollmentOutcome> Outcomes, TimeSpan Elapsed)> RunAsync(IReadOnlyList<DeviceIdentity> idevids, int concurrency,
        CancellationToken cancellationToken)
    {
        var outcomes = new EnrollmentOutcome[idevids.Count];
        var started = Stopwatch.GetTimestamp();
        await Parallel.ForEachAsync(Enumerable.Range(0, idevids.Count),
            new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken },
            async (i, token) => outcomes[i] = await EnrollAsync(idevids[i], token));
        return (outcomes, Stopwatch.GetElapsedTime(started));
    }

    private async Task<EnrollmentOutcome> EnrollAsync(DeviceIdentity idevid, CancellationToken cancellationToken)
    {
        var clock = new StepClock();
        var pledge = new BrskiPledge(idevid, registrar, new PledgeOptions { Progress = clock });
        var started = Stopwatch.GetTimestamp();
        string? failure;
        try
        {
            var result = await pledge.ProvisionAsync(cancellationToken);
            result.Ldevid.Dispose();
            // Both status reports are part of a complete enrollment (RFC 8995 5.7, 5.9.4).
            failure = (result.Voucher.VoucherStatusAccepted, result.EnrollStatusAccepted) switch
            {
                (false, _) => "voucher_status was not answered 2xx",
                (_, false) => "enrollstatus was not answered 2xx",
                _ => null,
            };
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Whatever stops one pledge (a refusal, a failed check, a timeout, a reset connection) is a failed enrollment, not a failed run.
            failure = $"{e.GetType().Name}: {e.Message}";
        }

        var latency = Stopwatch.GetElapsedTime(started);
        if (failure is null)
            Interlocked.Increment(ref _succeeded);
        else
            Interlocked.Increment(ref _failed);
        return new EnrollmentOutcome(latency, clock.VoucherStatusAt is { } at ? Stopwatch.GetElapsedTime(started, at) : latency,
            failure is null ? null : $"{idevid.SerialNumber}: {failure}");
    }

    /// <summary>
    /// Notes when the pledge reported voucher_status, which ends the voucher part (provisional TLS, voucher-request,
    /// registrar to MASA and back, verification); EST follows. Synchronous, unlike <see cref="Progress{T}"/>, so the time is when it happened.
    /// </summary>
    private sealed class StepClock : IProgress<string>
    {
        public long? VoucherStatusAt { get; private set; }

        public void Report(string value)
        {
            if (value.StartsWith(BrskiPaths.VoucherStatus, StringComparison.Ordinal)) VoucherStatusAt = Stopwatch.GetTimestamp();
        }
    }
}
