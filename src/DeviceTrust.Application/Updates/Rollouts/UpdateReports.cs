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

namespace DeviceTrust.Application.Updates.Rollouts;

/// <summary>
/// A device's signed SUIT report on the update it was offered (docs/update-protocol.md §4). It must decode, verify with the
/// device's attestation key (or, for a device whose class has none the domain knows, the key of the LDevID it connected
/// with), carry the open offer's nonce and name the release's manifest; otherwise nothing is recorded. A success moves
/// the device's part to Installed and asks the device to attest; a failure fails it, with the failing command and reason,
/// and quarantines the device.
/// </summary>
public sealed class UpdateReports(IDeviceTrustDbContextFactory dbFactory, AuditTrail audit, AttestationRequests attestation, RolloutConductor conductor, TimeProvider time)
{
    /// <summary>Reports larger than this are refused unread.</summary>
    public const int MaxReportBytes = 64 * 1024;

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
        var now = time.GetUtcNow();
        (Guid Rollout, Guid Target)? installed = null;
        await using (var db = await dbFactory.CreateAsync(cancellationToken))
        {
            var target = await db.RolloutTargets.Where(t => t.DeviceId == deviceId && t.Status == RolloutTargetStatus.Offered).OrderByDescending(t => t.OfferedAt)
                             .FirstOrDefaultAsync(cancellationToken)
                         ?? throw new ConflictException("This device has no open update offer: the report is not recorded.");
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
            var dev = await db.Devices.FirstAsync(d => d.Id == deviceId, cancellationToken);
            if (signed.Report.Failure is { } failure)
            {
                var why = Describe(failure);
                target.Fail($"install failed: {why}", device.Name, now);
                if (dev.State == DeviceState.Updating)
                    dev.TransitionTo(DeviceState.Quarantined, $"the update to {release.FirmwareVersion} failed on the device: {why}", device.Name, now);
            }
            else
            {
                target.ReportInstalled(device.Name, now);
                installed = (target.RolloutId, target.Id);
            }
            await audit.SaveAsync(db, cancellationToken);
        }
        if (installed is { } id)
        {
            conductor.Asked(id.Rollout, id.Target);
            await attestation.AskNowAsync([deviceId], cancellationToken);
        }
    }

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
}
