using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DeviceTrust.Application.Attestation.Verifier;
using DeviceTrust.Application.Audit;
using DeviceTrust.Application.Common;
using DeviceTrust.Domain.Attestation;
using DeviceTrust.Domain.Devices;
using DeviceTrust.Domain.Updates;
using DeviceTrust.Suit;
using DeviceTrust.Suit.Reports;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace DeviceTrust.Application.Updates.Rollouts;

/// <summary>
/// A device's signed SUIT report on the update it was offered (docs/update-protocol.md §4). It must decode, verify with the
/// device's attestation key (or, for a device whose class has none the domain knows, the key of the LDevID it connected
/// with), carry the open offer's nonce and name the release's manifest; otherwise nothing is recorded. A success moves
/// the device's part to Installed and asks the device to attest; a failure fails it, with the failing command and reason,
/// and quarantines the device. The checks run beside other reports' (they only read); what a report changes is saved with
/// the other reports waiting, in one transaction (a <see cref="GroupCommit{T}"/>), which looks again that the offer is still
/// open: a wave of devices reporting at once waits for one flush, not for each other's.
/// </summary>
public sealed class UpdateReports : IAsyncDisposable
{
    /// <summary>Reports larger than this are refused unread.</summary>
    public const int MaxReportBytes = 64 * 1024;

    private readonly IDeviceTrustDbContextFactory _dbFactory;
    private readonly AuditTrail _audit;
    private readonly AttestationRequests _attestation;
    private readonly RolloutConductor _conductor;
    private readonly TimeProvider _time;
    private readonly GroupCommit<Checked> _commits;

    /// <summary>A report that passed its checks: what it changes, once saved.</summary>
    /// <param name="Failure">Null for a success; else why the install failed, as the device reports it.</param>
    private sealed record Checked(Actor Device, Guid DeviceId, Guid TargetId, Guid RolloutId, byte[] Nonce, string Version, string? Failure, DateTimeOffset At);

    public UpdateReports(IDeviceTrustDbContextFactory dbFactory, AuditTrail audit, AttestationRequests attestation, RolloutConductor conductor, TimeProvider time,
        ILogger<UpdateReports> logger)
    {
        _dbFactory = dbFactory;
        _audit = audit;
        _attestation = attestation;
        _conductor = conductor;
        _time = time;
        _commits = new GroupCommit<Checked>(CommitAsync, logger, "device reports");
    }

    /// <exception cref="RequestValidationException">The report does not decode, or its nonce or manifest is not the offer's.</exception>
    /// <exception cref="ForbiddenException">Its signature does not verify with the device's keys.</exception>
    /// <exception cref="ConflictException">The device has no open offer (none, or answered meanwhile).</exception>
    public async Task RecordAsync(Actor device, Guid deviceId, X509Certificate2 ldevid, byte[] body, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(ldevid);
        ArgumentNullException.ThrowIfNull(body);
        SuitSignedReport signed;
        try
        {
            signed = SuitSignedReport.Decode(body);
        }
        catch (SuitFormatException e)
        {
            throw RequestValidationException.For("report", $"Not a signed SUIT report: {e.Message}");
        }
        var report = await CheckAsync(device, deviceId, ldevid, signed, cancellationToken);
        try
        {
            await _commits.CommitAsync(report, cancellationToken);
        }
        catch (GroupCommitFailedException)
        {
            // Its batch failed as a whole (another writer changed one of its devices): nothing of it was saved; this one alone.
            await SaveAloneAsync(report, cancellationToken);
        }
        if (report.Failure is null)
        {
            _conductor.Asked(report.RolloutId, report.TargetId);
            await _attestation.AskNowAsync([deviceId], cancellationToken);
        }
    }

    /// <summary>The checks, which only read: the open offer, its nonce, the manifest the report names, and the signature.</summary>
    private async Task<Checked> CheckAsync(Actor device, Guid deviceId, X509Certificate2 ldevid, SuitSignedReport signed, CancellationToken cancellationToken)
    {
        await using var db = await _dbFactory.CreateAsync(cancellationToken);
        var target = await db.RolloutTargets.AsNoTracking().Where(t => t.DeviceId == deviceId && t.Status == RolloutTargetStatus.Offered)
                         .OrderByDescending(t => t.OfferedAt).FirstOrDefaultAsync(cancellationToken)
                     ?? throw NoOpenOffer();
        if (signed.Report.Nonce is not { } nonce || !CryptographicOperations.FixedTimeEquals(nonce.Span, target.Nonce))
            throw RequestValidationException.For("nonce", "The report's nonce is not the open offer's.");
        var release = await (from r in db.Rollouts join f in db.FirmwareReleases on r.ReleaseId equals f.Id where r.Id == target.RolloutId select f)
            .AsNoTracking().FirstAsync(cancellationToken);
        var reference = signed.Report.Reference.Digest;
        // A device that could not read or verify the envelope names it by the SHA-256 of its bytes (docs/update-protocol.md §4).
        var refused = signed.Report.Failure?.Reason is SuitReportReason.CborParse or SuitReportReason.Unauthorised;
        if (reference.Algorithm != DeviceTrust.Cose.CoseAlgorithms.Sha256
            || !(reference.Bytes.Span.SequenceEqual(release.ManifestDigest) || (refused && reference.Bytes.Span.SequenceEqual(SHA256.HashData(release.Envelope)))))
            throw RequestValidationException.For("reference", $"The report names manifest {Convert.ToHexStringLower(reference.Bytes.Span)}, not {release.FirmwareVersion}'s "
                                                              + $"{Convert.ToHexStringLower(release.ManifestDigest)}.");
        if (!await VerifiesAsync(db, signed, deviceId, ldevid, cancellationToken))
            throw new ForbiddenException("The report's signature does not verify with this device's attestation key or LDevID.");
        var failure = signed.Report.Failure is { } reported ? Describe(reported) : null;
        return new Checked(device, deviceId, target.Id, target.RolloutId, target.Nonce, release.FirmwareVersion, failure, _time.GetUtcNow());
    }

    private async Task CommitAsync(IReadOnlyList<GroupCommit<Checked>.Entry> batch)
    {
        await using var db = await _dbFactory.CreateAsync();
        var refusals = await ApplyAsync(db, batch.Select(e => e.Item).ToList(), CancellationToken.None);
        for (var i = 0; i < batch.Count; i++)
            if (refusals[i] is { } refusal) batch[i].Refuse(refusal);
        if (refusals.Any(refusal => refusal is null)) await _audit.SaveAsync(db);
    }

    /// <summary>One report in its own transaction, applied again to what is stored when another writer of its device saved first.</summary>
    private Task SaveAloneAsync(Checked report, CancellationToken cancellationToken) =>
        Concurrency.RetryAsync($"The report of {report.Device.Name}", async () =>
        {
            await using var db = await _dbFactory.CreateAsync(cancellationToken);
            if ((await ApplyAsync(db, [report], cancellationToken))[0] is { } refusal) throw refusal;
            await _audit.SaveAsync(db, cancellationToken);
        });

    /// <summary>
    /// Applies each report to its offer and device, looked at afresh: an offer no longer open, or offered again since (another
    /// nonce), refuses its report. Gives, per report, null when applied or the refusal.
    /// </summary>
    private static async Task<Exception?[]> ApplyAsync(IDeviceTrustDbContext db, IReadOnlyList<Checked> reports, CancellationToken cancellationToken)
    {
        var targetIds = reports.Select(r => r.TargetId).Distinct().ToList();
        var targets = await db.RolloutTargets.Where(t => targetIds.Contains(t.Id)).ToDictionaryAsync(t => t.Id, cancellationToken);
        var deviceIds = reports.Select(r => r.DeviceId).Distinct().ToList();
        var devices = await db.Devices.Where(d => deviceIds.Contains(d.Id)).ToDictionaryAsync(d => d.Id, cancellationToken);
        var refusals = new Exception?[reports.Count];
        for (var i = 0; i < reports.Count; i++)
        {
            var report = reports[i];
            // Answered since it was checked: by another report of the device, earlier in this very batch, or by a person.
            if (!targets.TryGetValue(report.TargetId, out var target) || target.Status != RolloutTargetStatus.Offered
                || !CryptographicOperations.FixedTimeEquals(target.Nonce, report.Nonce) || !devices.TryGetValue(report.DeviceId, out var device))
            {
                refusals[i] = NoOpenOffer();
                continue;
            }
            if (report.Failure is { } why)
            {
                target.Fail($"install failed: {why}", report.Device.Name, report.At);
                if (device.State == DeviceState.Updating)
                    device.TransitionTo(DeviceState.Quarantined, $"the update to {report.Version} failed on the device: {why}", report.Device.Name, report.At);
            }
            else
            {
                target.ReportInstalled(report.Device.Name, report.At);
            }
        }
        return refusals;
    }

    private static ConflictException NoOpenOffer() => new("This device has no open update offer: the report is not recorded.");

    /// <summary>"condition-failed (10) at install (20), offset 12, component 0": what the device says failed, and where.</summary>
    public static string Describe(SuitReportFailure failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        var record = failure.Record;
        var reason = SuitReportReasons.Describe(failure.Reason);
        return record.Section == 0 ? $"{reason} before running the manifest"
            : $"{reason} at {record.SectionName} ({record.Section}), offset {record.Offset}, component {record.ComponentIndex}";
    }

    private static async Task<bool> VerifiesAsync(IDeviceTrustDbContext db, SuitSignedReport signed, Guid deviceId, X509Certificate2 ldevid, CancellationToken cancellationToken)
    {
        var keys = await db.AttestationKeys.AsNoTracking().Where(k => k.DeviceId == deviceId && k.Status == AttestationKeyStatus.Active)
            .Select(k => k.SubjectPublicKeyInfo).ToListAsync(cancellationToken);
        foreach (var spki in keys)
        {
            using var key = ECDsa.Create();
            key.ImportSubjectPublicKeyInfo(spki, out _);
            if (signed.Verify(key)) return true;
        }
        using var tlsKey = ldevid.GetECDsaPublicKey();
        return tlsKey is not null && signed.Verify(tlsKey);
    }

    public ValueTask DisposeAsync() => _commits.DisposeAsync();
}
