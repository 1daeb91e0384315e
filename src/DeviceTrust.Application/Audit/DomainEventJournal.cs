using System.Text.Json;
using DeviceTrust.Application.Fleet;
using DeviceTrust.Domain.Attestation;
using DeviceTrust.Domain.Audit;
using DeviceTrust.Domain.Common;
using DeviceTrust.Domain.Devices;
using DeviceTrust.Domain.Provisioning;
using DeviceTrust.Domain.Trust;
using DeviceTrust.Domain.Refusals;
using DeviceTrust.Domain.Updates;

namespace DeviceTrust.Application.Audit;

/// <summary>
/// What each domain event means to the audit trail and to open dashboards: one table, so an event is audited and
/// published the same way whichever use case caused it. Events that are not security-relevant on their own (a
/// <see cref="DeviceRevoked"/>, whose state change is already audited) have no audit entry.
/// </summary>
public static class DomainEventJournal
{
    public static AuditRecord? AuditOf(IDomainEvent domainEvent) => domainEvent switch
    {
        DeviceRegistered e => Device(e, AuditActions.DeviceRegistered, e.SerialNumber, new { deviceClass = e.DeviceClass, group = e.Group }),
        DeviceStateChanged e => Device(e, AuditActions.DeviceStateChanged, e.SerialNumber, new { from = e.From.ToString(), to = e.To.ToString(), reason = e.Reason }),
        DeviceRevoked => null,
        CertificateIssued e => Device(e, AuditActions.CertificateIssued, e.DeviceSerialNumber, new
        {
            via = e.Via, certificateSerial = e.CertificateSerial, e.Fingerprint, notAfter = e.NotAfter, authenticatedBy = e.AuthenticatedBy,
        }),
        CertificateRevoked e => Device(e, AuditActions.CertificateRevoked, e.DeviceSerialNumber,
            new { certificateSerial = e.CertificateSerial, e.Fingerprint, reason = e.Reason.ToString() }),
        PledgeOpened { Status: PledgeStatus.AwaitingApproval } e => Device(e, AuditActions.PledgeHeld, e.SerialNumber,
            new { idevid = e.Idevid.Subject, issuer = e.Idevid.Issuer, policy = e.Policy.ToString() }),
        PledgeOpened => null,
        PledgeDecided e => Device(e, e.Approved ? AuditActions.PledgeApproved : AuditActions.PledgeRejected, e.SerialNumber,
            new { reason = e.Reason, idevid = e.IdevidSubject }),
        VoucherIssued e => Device(e, AuditActions.VoucherIssued, e.SerialNumber, new
        {
            masa = e.Masa?.AbsoluteUri, assertion = e.Assertion, expiresOn = e.ExpiresOn, format = e.MediaType, decidedBy = e.DecidedBy,
        }),
        PledgeStatusReported e => Device(e, e.Report == PledgeReport.EnrollStatus ? AuditActions.EnrollStatusReported : AuditActions.VoucherStatusReported,
            e.SerialNumber, new { status = e.Ok, reason = e.Reason, context = AsJson(e.Context) }),
        RefusalFirstSeenForDevice e => Device(e, AuditActions.RefusalFirstSeen, e.SerialNumber, new
        {
            refusal = e.RefusalId, endpoint = e.Endpoint.ToString(), category = e.Category.ToString(), source = e.SourceAddress, e.Fingerprint,
            subject = e.CertificateSubject, reason = e.Reason,
        }),
        RefusalAcknowledged e => new AuditRecord(e.By, AuditActions.RefusalAcknowledged, AuditTargets.Refusal, e.RefusalId.ToString(), JsonSerializer.Serialize(new
        {
            endpoint = e.Endpoint.ToString(), category = e.Category.ToString(), source = e.SourceAddress, e.Fingerprint, serial = e.SerialNumber,
            count = e.Count, note = e.Note,
        })),
        TrustAnchorAdded e => Anchor(e, AuditActions.TrustAnchorAdded, e.AnchorId, new { e.Name, purpose = e.Purpose.ToString(), owner = e.Owner, e.Fingerprint }),
        TrustAnchorScopeChanged e => Anchor(e, AuditActions.TrustAnchorScopeChanged, e.AnchorId, new { e.Name, deviceClassIds = e.DeviceClassIds }),
        TrustAnchorRetired e => Anchor(e, AuditActions.TrustAnchorRetired, e.AnchorId, new { e.Name, reason = e.Reason }),
        TpaCreated e => Tpa(e, AuditActions.TpaCreated, e.TpaId, new { e.Name }),
        TpaGranted e => Tpa(e, AuditActions.TpaGranted, e.TpaId,
            new { e.Name, rights = e.Grant.Rights.ToString(), purpose = e.Grant.Purpose.ToString(), e.Grant.DeviceClassIds }),
        TpaGrantRevoked e => Tpa(e, AuditActions.TpaGrantRevoked, e.TpaId, new { e.Name, purpose = e.Purpose.ToString(), deviceClassIds = e.DeviceClassIds }),
        AttestationKeyAdded e => Device(e, AuditActions.AttestationKeyAdded, e.SerialNumber, new { key = e.KeyId, kid = e.KeyIdHex, origin = e.Origin.ToString() }),
        AttestationKeyRetired e => Device(e, AuditActions.AttestationKeyRetired, e.SerialNumber, new { key = e.KeyId, kid = e.KeyIdHex, reason = e.Reason }),
        ReferenceValueAdded e => new AuditRecord(e.By, AuditActions.ReferenceValueAdded, AuditTargets.ReferenceValue, e.ReferenceValueId.ToString(),
            JsonSerializer.Serialize(new { deviceClass = e.DeviceClass, firmwareVersion = e.FirmwareVersion, component = e.Component, algorithm = e.Algorithm.ToString(), digest = e.DigestHex })),
        ReferenceValueRemoved e => new AuditRecord(e.By, AuditActions.ReferenceValueRemoved, AuditTargets.ReferenceValue, e.ReferenceValueId.ToString(),
            JsonSerializer.Serialize(new { deviceClass = e.DeviceClass, firmwareVersion = e.FirmwareVersion, component = e.Component })),
        DeviceAttested e => Device(e, AuditActions.DeviceAttested, e.SerialNumber, new { appraisal = e.AppraisalId, verdict = e.Verdict.ToString() }),
        FirmwareReleasePublished e => Release(e, AuditActions.FirmwareReleasePublished, e.ReleaseId, new
        {
            deviceClass = e.DeviceClass, version = e.Version, sequenceNumber = e.SequenceNumber, manifestDigest = e.ManifestDigestHex,
            origin = e.Origin.ToString(), signer = e.Signer, images = e.Images,
        }),
        FirmwareReleaseWithdrawn e => Release(e, AuditActions.FirmwareReleaseWithdrawn, e.ReleaseId,
            new { deviceClass = e.DeviceClass, version = e.Version, sequenceNumber = e.SequenceNumber, reason = e.Reason }),
        RolloutDecided e => new AuditRecord(e.By, AuditActions.Rollout(e.Decision), AuditTargets.Rollout, e.RolloutId.ToString(),
            JsonSerializer.Serialize(new { rollout = e.Rollout, detail = e.Detail })),
        RolloutTargetChanged e => Device(e, AuditActions.DeviceUpdate(e.To), e.SerialNumber, new
        {
            rollout = e.Rollout, rolloutId = e.RolloutId, wave = e.Wave + 1, from = e.From.ToString(), to = e.To.ToString(), reason = e.Reason,
        }),
        _ => throw new InvalidOperationException($"{domainEvent.GetType().Name} has no entry in the domain event journal."),
    };

    /// <summary>The live notification an event causes, if any: a lifecycle move, or a change to the device's provisioning.</summary>
    public static DeviceChanged? NotificationOf(IDomainEvent domainEvent) => domainEvent switch
    {
        DeviceRegistered e => new(e.DeviceId, e.SerialNumber, DeviceChangeKind.Registered),
        DeviceStateChanged e => new(e.DeviceId, e.SerialNumber, DeviceChangeKind.StateChanged),
        CertificateIssued { DeviceId: { } id } e => new(id, e.DeviceSerialNumber, DeviceChangeKind.Provisioning),
        CertificateRevoked { DeviceId: { } id } e => new(id, e.DeviceSerialNumber, DeviceChangeKind.Provisioning),
        PledgeOpened e => new(e.DeviceId, e.SerialNumber, DeviceChangeKind.Provisioning),
        PledgeDecided e => new(e.DeviceId, e.SerialNumber, DeviceChangeKind.Provisioning),
        VoucherIssued e => new(e.DeviceId, e.SerialNumber, DeviceChangeKind.Provisioning),
        PledgeStatusReported e => new(e.DeviceId, e.SerialNumber, DeviceChangeKind.Provisioning),
        // Its timeline gained an entry; the Refusals page itself listens to IRefusalNotifier.
        RefusalFirstSeenForDevice e => new(e.DeviceId, e.SerialNumber, DeviceChangeKind.Provisioning),
        AttestationKeyAdded e => new(e.DeviceId, e.SerialNumber, DeviceChangeKind.Provisioning),
        AttestationKeyRetired e => new(e.DeviceId, e.SerialNumber, DeviceChangeKind.Provisioning),
        DeviceAttested e => new(e.DeviceId, e.SerialNumber, DeviceChangeKind.Attestation),
        RolloutTargetChanged e => new(e.DeviceId, e.SerialNumber, DeviceChangeKind.Update),
        _ => null,
    };

    /// <summary>A JSON text embedded as JSON, not as a string of escaped JSON; anything else stays text.</summary>
    private static object? AsJson(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return text;
        }
    }

    private static AuditRecord Anchor(IDomainEvent e, string action, Guid anchorId, object details) =>
        new(e.By, action, AuditTargets.TrustAnchor, anchorId.ToString(), JsonSerializer.Serialize(details));

    private static AuditRecord Release(IDomainEvent e, string action, Guid releaseId, object details) =>
        new(e.By, action, AuditTargets.FirmwareRelease, releaseId.ToString(), JsonSerializer.Serialize(details));

    private static AuditRecord Tpa(IDomainEvent e, string action, Guid tpaId, object details) =>
        new(e.By, action, AuditTargets.ProvisioningAuthority, tpaId.ToString(), JsonSerializer.Serialize(details));

    private static AuditRecord Device(IDomainEvent e, string action, string serial, object details) =>
        new(e.By, action, AuditTargets.Device, serial, JsonSerializer.Serialize(details));
}
