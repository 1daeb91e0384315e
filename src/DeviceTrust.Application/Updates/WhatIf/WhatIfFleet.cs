using System.Text.Json;
using DeviceTrust.Application.Attestation.Verifier;
using DeviceTrust.Application.Audit;
using DeviceTrust.Application.Common;
using DeviceTrust.Application.Updates.Rollouts;
using DeviceTrust.Domain.Attestation;
using DeviceTrust.Suit;
using DeviceTrust.Suit.Reports;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DeviceTrust.Application.Updates.WhatIf;

/// <summary>
/// The sandbox's device hub: N virtual devices, all connected, that answer offers and attestation requests on the sandbox's
/// clock as the simulated devices do (docs/update-protocol.md): after a delay, a signed SUIT report through
/// <see cref="UpdateReports"/> (success, or the failure their fault gives), and after a request to attest, the appraisal the
/// verifier would record (affirming on the new version, or contraindicated). The EAT verifier itself is not run: its cost
/// is measured by the attestation benchmark. Reactions wait in a queue until the runner's clock reaches them.
/// </summary>
public sealed class WhatIfFleet : IDeviceUpdateChannel, IDeviceAttestationChannel, IDisposable
{
    /// <summary>Fetching, verifying and installing takes this long, plus up to <see cref="InstallJitter"/>.</summary>
    public static readonly TimeSpan InstallTime = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan InstallJitter = TimeSpan.FromSeconds(15);
    /// <summary>Answering a challenge (measuring, signing evidence) takes this long.</summary>
    public static readonly TimeSpan AttestTime = TimeSpan.FromSeconds(2);

    /// <summary>How many reports are in flight at once: enough to fill the server's group commit of reports.</summary>
    private const int ReportsAtOnce = GroupCommit<object>.MaxBatch;

    private readonly Dictionary<Guid, WhatIfDevice> _devices = [];
    private readonly PriorityQueue<Reaction, DateTimeOffset> _due = new();
    private readonly Lock _gate = new();
    private readonly Random _random;
    private readonly TimeProvider _clock;
    private readonly WhatIfFaults _faults;
    private IServiceProvider? _services;
    private WhatIfRelease? _release;

    public WhatIfFleet(WhatIfFaults faults, TimeProvider clock, int seed)
    {
        _faults = faults;
        _clock = clock;
        _random = new Random(seed);
    }

    private sealed record Reaction(Guid DeviceId, UpdateOffer? Offer, AttestationChallenge? Challenge);

    public int Count => _devices.Count;

    /// <summary>Reports that the server refused (a defect of the run, not a device fault): counted, shown in the report.</summary>
    public int RefusedReports => _refused;

    private int _refused;

    /// <summary>When the next device acts; null when none is waiting to.</summary>
    public DateTimeOffset? NextDue
    {
        get
        {
            lock (_gate) return _due.TryPeek(out _, out var at) ? at : null;
        }
    }

    /// <summary>The sandbox's services and the release as the devices see it (its envelope verified once).</summary>
    public void Attach(IServiceProvider services, WhatIfRelease release) => (_services, _release) = (services, release);

    /// <summary>A device joins; its outcome is drawn now from the fault rates.</summary>
    public void Add(Guid id, string serialNumber)
    {
        var draw = _random.NextDouble();
        var outcome = (draw -= _faults.OfflineMidUpdate) < 0 ? WhatIfOutcome.GoesOffline
            : (draw -= _faults.RefusesAsRollback) < 0 ? WhatIfOutcome.RefusesAsRollback
            : (draw -= _faults.CorruptDownload) < 0 ? WhatIfOutcome.CorruptDownload
            : draw - _faults.InstallFailure < 0 ? WhatIfOutcome.InstallFails
            : WhatIfOutcome.Installs;
        _devices.Add(id, new WhatIfDevice(id, serialNumber, outcome, _random.NextDouble() < _faults.ContraindicatedAfterInstall));
    }

    public bool IsConnected(Guid deviceId) => _devices.TryGetValue(deviceId, out var device) && !device.Offline;

    public Task<bool> OfferAsync(Guid deviceId, UpdateOffer offer, CancellationToken cancellationToken)
    {
        if (!_devices.TryGetValue(deviceId, out var device) || device.Offline) return Task.FromResult(false);
        lock (_gate)
        {
            // A repeated offer (the conductor's reminder) while the device works on it, or after it answered, runs nothing again.
            if (device.Offer == offer.OfferId) return Task.FromResult(true);
            device.Offer = offer.OfferId;
            _due.Enqueue(new Reaction(deviceId, offer, null), _clock.GetUtcNow() + InstallTime + InstallJitter * _random.NextDouble());
        }
        return Task.FromResult(true);
    }

    public Task<bool> SendAsync(Guid deviceId, AttestationChallenge challenge, CancellationToken cancellationToken)
    {
        if (!_devices.TryGetValue(deviceId, out var device) || device.Offline) return Task.FromResult(false);
        lock (_gate) _due.Enqueue(new Reaction(deviceId, null, challenge), _clock.GetUtcNow() + AttestTime);
        return Task.FromResult(true);
    }

    /// <summary>Runs every reaction due by now: reports each in its own transaction (as over HTTP), appraisals together.</summary>
    public async Task RunDueAsync(CancellationToken cancellationToken)
    {
        var services = _services ?? throw new InvalidOperationException("The fleet is not attached to its sandbox.");
        var due = new List<Reaction>();
        var now = _clock.GetUtcNow();
        lock (_gate)
        {
            while (_due.TryPeek(out _, out var at) && at <= now) due.Add(_due.Dequeue());
        }
        if (due.Count == 0) return;
        // The devices' own work (a key, its certificate, the signed report) runs on every core; the reports then reach the
        // server together, as a wave's devices would: it checks them side by side and saves those waiting in one transaction.
        var signed = due.Where(r => r.Offer is not null).Select(r => (Device: _devices[r.DeviceId], r.Offer)).ToList()
            .AsParallel().AsOrdered().WithCancellation(cancellationToken).Select(r => Sign(r.Device, r.Offer!, now)).ToList();
        var reports = services.GetRequiredService<UpdateReports>();
        await Parallel.ForEachAsync(signed.Where(s => s.Body is not null), new ParallelOptions { MaxDegreeOfParallelism = ReportsAtOnce, CancellationToken = cancellationToken },
            async (report, ct) =>
            {
                try
                {
                    await reports.RecordAsync(Actor.Device(report.Device.SerialNumber), report.Device.Id, report.Device.Ldevid(now), report.Body!, ct);
                }
                catch (ApplicationError)
                {
                    Interlocked.Increment(ref _refused);
                }
            });
        var challenges = due.Where(r => r.Challenge is not null).ToList();
        if (challenges.Count > 0) await AttestAsync(services, challenges, cancellationToken);
    }

    /// <summary>What the device does with the offer: goes offline (no report), or runs it and signs its report.</summary>
    private (WhatIfDevice Device, byte[]? Body) Sign(WhatIfDevice device, UpdateOffer offer, DateTimeOffset now)
    {
        if (device.Outcome == WhatIfOutcome.GoesOffline)
        {
            device.Offline = true;
            return (device, null);
        }
        var report = ReportOf(device, _release!, System.Buffers.Text.Base64Url.DecodeFromChars(offer.Nonce));
        if (report.Succeeded) device.Installed = true;
        device.Ldevid(now);
        return (device, SuitReportSigner.Sign(report, device.Key));
    }

    /// <summary>
    /// The report a device sends for its outcome. A device that cannot verify the envelope refuses it (unauthorised, before any
    /// command, naming the envelope's bytes); the failure records are those the SUIT processor gives for each fault.
    /// </summary>
    internal static SuitReport ReportOf(WhatIfDevice device, WhatIfRelease release, byte[] nonce)
    {
        if (!release.EnvelopeVerifies)
            return Failed(SuitDigest.Sha256Of(release.Envelope), 102, 0, 0, SuitReportReason.Unauthorised);
        var digest = new SuitDigest(DeviceTrust.Cose.CoseAlgorithms.Sha256, release.ManifestDigest);
        return device.Outcome switch
        {
            WhatIfOutcome.InstallFails => Failed(digest, (long)Suit.Processing.SuitProcessingError.OperationFailed, SuitManifestKeys.Install, 4,
                SuitReportReason.OperationFailed),
            WhatIfOutcome.CorruptDownload => Failed(digest, (long)Suit.Processing.SuitProcessingError.ConditionFailed, SuitManifestKeys.Install, 8,
                SuitReportReason.ConditionFailed),
            WhatIfOutcome.RefusesAsRollback => Failed(digest, (long)Suit.Processing.SuitProcessingError.Rollback, SuitManifestKeys.SequenceNumber, 0,
                SuitReportReason.ConditionFailed),
            _ => new SuitReport(new SuitReference(null, digest), [], null) { Nonce = nonce },
        };

        SuitReport Failed(SuitDigest reference, long code, long section, ulong offset, SuitReportReason reason) =>
            new(new SuitReference(null, reference), [], new SuitReportFailure(code, new SuitRecord([], section, offset, 0, SuitRecordProperties.Empty), reason))
            {
                Nonce = nonce,
            };
    }

    /// <summary>What the verifier would record for each device asked: its session answered and appraised, in one save.</summary>
    private async Task AttestAsync(IServiceProvider services, List<Reaction> challenges, CancellationToken cancellationToken)
    {
        var release = _release!;
        var now = _clock.GetUtcNow();
        var sessionIds = challenges.Select(c => Guid.Parse(c.Challenge!.Session.AsSpan(c.Challenge.Session.LastIndexOf('/') + 1))).ToList();
        await using var db = await services.GetRequiredService<IDeviceTrustDbContextFactory>().CreateAsync(cancellationToken);
        var sessions = await db.AttestationSessions.Where(s => sessionIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, cancellationToken);
        for (var i = 0; i < challenges.Count; i++)
        {
            var device = _devices[challenges[i].DeviceId];
            if (!sessions.TryGetValue(sessionIds[i], out var session) || session.Status != AttestationSessionStatus.Waiting || session.IsExpired(now)) continue;
            var contraindicated = device.Installed && device.Contraindicated;
            var verdict = contraindicated ? AttestationVerdict.Contraindicated : AttestationVerdict.Affirming;
            var reasons = contraindicated ? [new AppraisalReasonJson("executables", 96, "what-if fault: the installed image is not the one the reference values name")]
                : Array.Empty<AppraisalReasonJson>();
            session.Answer(EvidenceMediaType, Evidence, now);
            session.Complete(ResultText);
            db.AttestationAppraisals.Add(AttestationAppraisal.Record(session.Id, device.Id, device.SerialNumber, null, EvidenceMediaType, Evidence, "{}", 1,
                device.Installed ? release.Version : release.PreviousVersion, [], "{}", verdict, JsonSerializer.Serialize(reasons), ResultText,
                Actor.Device(device.SerialNumber).Name, now));
        }
        await services.GetRequiredService<AuditTrail>().SaveAsync(db, cancellationToken);
    }

    private const string EvidenceMediaType = "application/eat+cwt";
    private const string ResultText = "what-if: appraisal recorded by the simulated fleet";
    private static readonly byte[] Evidence = "what-if"u8.ToArray();

    public void Dispose()
    {
        foreach (var device in _devices.Values) device.Dispose();
    }
}
