using System.Text.Json;
using DeviceTrust.Application.Audit;
using DeviceTrust.Application.Common;
using DeviceTrust.Application.Updates.Rollouts;
using DeviceTrust.Application.Updates.WhatIf;
using DeviceTrust.Domain.Accounts;
using DeviceTrust.Domain.Audit;
using Microsoft.Extensions.Options;

namespace DeviceTrust.Web.WhatIf;

/// <summary>
/// The server's what-if runs: QA (an Operator or a SecurityOfficer) starts one; every role reads them. One runs at a time
/// (a large run uses the machine's cores); the last few are kept with their sandboxes for the page and the API, older ones
/// and all at shutdown are disposed, their files deleted. Only the audit entry "rollout.what-if-run" reaches the real database.
/// </summary>
public sealed class WhatIfRuns(IDeviceTrustDbContextFactory dbFactory, AuditTrail audit, IOptions<WhatIfOptions> options, IOptions<RolloutOptions> rollouts,
    TimeProvider time, ILogger<WhatIfRuns> logger) : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly List<WhatIfRun> _runs = [];

    /// <summary>Newest first.</summary>
    public IReadOnlyList<WhatIfRun> List()
    {
        lock (_gate) return _runs.AsEnumerable().Reverse().ToList();
    }

    /// <exception cref="NotFoundException">No such run (or dropped since).</exception>
    public WhatIfRun Get(Guid id)
    {
        lock (_gate) return _runs.FirstOrDefault(r => r.Id == id) ?? throw new NotFoundException($"What-if run {id}");
    }

    /// <summary>Validates, audits and starts a run in the background; its sandbox is built there.</summary>
    /// <exception cref="ForbiddenException">Neither an Operator nor a SecurityOfficer.</exception>
    /// <exception cref="RequestValidationException">Bad input, or no such release or group.</exception>
    /// <exception cref="ConflictException">A run is going already.</exception>
    public async Task<WhatIfRun> StartAsync(Actor actor, WhatIfRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!actor.IsInRole(Roles.Operator) && !actor.IsInRole(Roles.SecurityOfficer))
            throw new ForbiddenException($"{actor.Name} is not an Operator or SecurityOfficer and may not start a what-if run.");
        if (request is null) throw RequestValidationException.For("request", "A what-if run needs a plan.");
        request.Validate();
        // Refused here, before anything is audited, rather than in the background: the release and the group must exist.
        await WhatIfCopy.ReadAsync(dbFactory, request, time.GetUtcNow(), cancellationToken);
        var run = new WhatIfRun(Guid.CreateVersion7(time.GetUtcNow()), request, actor, time.GetUtcNow());
        lock (_gate)
        {
            if (_runs.Any(r => !r.IsOver)) throw new ConflictException("A what-if run is going; wait for it to end.");
            _runs.Add(run);
        }
        try
        {
            // Not the caller's token: a caller that goes away now leaves a run that is audited and starts, not one half-begun.
            await using var db = await dbFactory.CreateAsync(CancellationToken.None);
            await audit.SaveAsync(db, new AuditRecord(actor.Name, AuditActions.WhatIfRun, AuditTargets.FirmwareRelease, request.ReleaseId.ToString(),
                JsonSerializer.Serialize(new { run = run.Id, request.GroupId, request.Devices, waves = request.Waves.Count, request.AttestationGatePercent, request.Faults })),
                CancellationToken.None);
        }
        catch
        {
            // Not audited, so not run: it must not hold the place of the one run that may go.
            lock (_gate) _runs.Remove(run);
            throw;
        }
        var settings = options.Value;
        run.Start(stop => WhatIfSandbox.CreateAsync(dbFactory, request, rollouts.Value, time.GetUtcNow(), stop), settings, logger);
        await DropOldAsync(settings.KeepRuns);
        return run;
    }

    private async Task DropOldAsync(int keep)
    {
        List<WhatIfRun> dropped;
        lock (_gate)
        {
            // Oldest first, finished ones only, until no more than `keep` remain.
            dropped = [];
            foreach (var run in _runs.Where(r => r.IsOver).ToList())
            {
                if (_runs.Count <= keep) break;
                _runs.Remove(run);
                dropped.Add(run);
            }
        }
        foreach (var run in dropped) await run.DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        List<WhatIfRun> all;
        lock (_gate)
        {
            all = [.. _runs];
            _runs.Clear();
        }
        foreach (var run in all) await run.DisposeAsync();
    }
}

public static class WhatIfServices
{
    /// <summary>What-if runs (section "WhatIf").</summary>
    public static IServiceCollection AddWhatIfRuns(this IServiceCollection services)
    {
        services.AddOptions<WhatIfOptions>().BindConfiguration(WhatIfOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        return services.AddSingleton<WhatIfRuns>();
    }
}
