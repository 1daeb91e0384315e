using DeviceTrust.Domain.Common;

namespace DeviceTrust.Domain.Provisioning;

public enum PledgeStatus
{
    /// <summary>Held for an operator (the device class asks for approval).</summary>
    AwaitingApproval = 0,
    /// <summary>Cleared to get a voucher: approved by an operator, or by the class's auto-accept policy.</summary>
    Approved = 1,
    /// <summary>An operator refused it; the registrar answers 403 from now on.</summary>
    Rejected = 2,
    /// <summary>The MASA's voucher was returned to the pledge; EST enrollment with the IDevID is now allowed.</summary>
    VoucherIssued = 3,
    /// <summary>An LDevID was issued over EST.</summary>
    Enrolled = 4,
}

/// <summary>
/// One device's bootstrap into the domain (RFC 8995 5): opened by its first voucher-request, identified by the
/// fingerprint of the IDevID it presented, decided by policy or an operator, and followed through voucher, the
/// pledge's voucher_status, EST enrollment and its enrollstatus. Each step is only legal after the one before, and the
/// IDevID enrolls once (<see cref="IdevidEnrollmentRefusal"/>). What the pledge does is attributed to "device:serial".
/// </summary>
public sealed class PledgeEnrollment : AggregateRoot
{
    public const int MaxReasonLength = 500;

    private PledgeEnrollment()
    {
        SerialNumber = IdevidFingerprint = IdevidSubject = IdevidIssuer = "";
    }

    public Guid Id { get; private set; }
    public Guid DeviceId { get; private set; }
    public string SerialNumber { get; private set; }
    public Guid ManufacturerId { get; private set; }

    /// <summary>SHA-256 of the IDevID certificate (lowercase hex); EST simpleenroll is allowed only with this certificate.</summary>
    public string IdevidFingerprint { get; private set; }
    public string IdevidSubject { get; private set; }
    public string IdevidIssuer { get; private set; }

    public PledgeStatus Status { get; private set; }
    public DateTimeOffset RequestedAt { get; private set; }
    public DateTimeOffset LastRequestAt { get; private set; }
    public int RequestCount { get; private set; }

    public string? DecidedBy { get; private set; }
    public DateTimeOffset? DecidedAt { get; private set; }
    public string? DecisionReason { get; private set; }

    public DateTimeOffset? VoucherIssuedAt { get; private set; }
    public DateTimeOffset? VoucherExpiresOn { get; private set; }
    /// <summary>The signed voucher as returned to the pledge (CMS or COSE), kept for security officers to inspect.</summary>
    public byte[]? Voucher { get; private set; }
    public string? VoucherMediaType { get; private set; }

    public bool? VoucherStatusOk { get; private set; }
    public string? VoucherStatusReason { get; private set; }
    public DateTimeOffset? VoucherStatusAt { get; private set; }

    public DateTimeOffset? EnrolledAt { get; private set; }
    public bool? EnrollStatusOk { get; private set; }
    public string? EnrollStatusReason { get; private set; }
    public DateTimeOffset? EnrollStatusAt { get; private set; }

    public bool IsDecided => Status is not PledgeStatus.AwaitingApproval;

    public static PledgeEnrollment Open(Guid deviceId, string serialNumber, Guid manufacturerId, PledgeIdentity idevid, EnrollmentPolicy policy, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(idevid);
        var enrollment = new PledgeEnrollment
        {
            Id = Guid.CreateVersion7(now), DeviceId = deviceId, SerialNumber = Devices.SerialNumber.Validate(serialNumber), ManufacturerId = manufacturerId,
            IdevidFingerprint = idevid.Fingerprint, IdevidSubject = idevid.Subject, IdevidIssuer = idevid.Issuer,
            RequestedAt = now, LastRequestAt = now, RequestCount = 1,
            Status = policy == EnrollmentPolicy.AutoAccept ? PledgeStatus.Approved : PledgeStatus.AwaitingApproval,
        };
        if (policy == EnrollmentPolicy.AutoAccept)
        {
            enrollment.DecidedBy = "policy:auto-accept";
            enrollment.DecidedAt = now;
        }
        enrollment.AddDomainEvent(new PledgeOpened(enrollment.Id, deviceId, enrollment.SerialNumber, idevid, policy, enrollment.Status, enrollment.Pledge));
        return enrollment;
    }

    /// <summary>The pledge as an actor of the audit trail.</summary>
    private string Pledge => $"device:{SerialNumber}";

    /// <summary>The pledge asked again (a retry after 202, or a new voucher-request after a failed attempt).</summary>
    public void RecordRetry(DateTimeOffset now)
    {
        LastRequestAt = now;
        RequestCount++;
    }

    public void Approve(string by, string reason, DateTimeOffset now) => Decide(PledgeStatus.Approved, by, reason, now);

    public void Reject(string by, string reason, DateTimeOffset now) => Decide(PledgeStatus.Rejected, by, reason, now);

    /// <param name="masa">The MASA that signed it and <paramref name="assertion"/> what it asserts, for the audit trail.</param>
    public void RecordVoucher(byte[] voucher, string mediaType, DateTimeOffset? expiresOn, DateTimeOffset now, Uri? masa = null, string? assertion = null)
    {
        if (Status is not (PledgeStatus.Approved or PledgeStatus.VoucherIssued))
            throw new DomainException($"A voucher may be issued only to an approved pledge; {SerialNumber} is {Status}.");
        if (voucher is not { Length: > 0 }) throw new DomainException("A voucher is not empty.");
        Voucher = voucher;
        VoucherMediaType = mediaType;
        VoucherExpiresOn = expiresOn;
        VoucherIssuedAt = now;
        Status = PledgeStatus.VoucherIssued;
        AddDomainEvent(new VoucherIssued(Id, DeviceId, SerialNumber, mediaType, expiresOn, DecidedBy, masa, assertion, Pledge));
    }

    /// <summary>True once a voucher was sent: the pledge may report on it and on its enrollment.</summary>
    public bool HasVoucher => Status is PledgeStatus.VoucherIssued or PledgeStatus.Enrolled;

    /// <summary>
    /// Why EST enrollment with the IDevID is refused now, or null when it may proceed. The IDevID enrolls once, with a
    /// voucher still valid that the pledge did not reject (RFC 8995 5.7); after that only the LDevID renews, so a copied
    /// IDevID key cannot mint domain identities later.
    /// </summary>
    public string? IdevidEnrollmentRefusal(DateTimeOffset now) => Status switch
    {
        PledgeStatus.Rejected => $"The pledge of {SerialNumber} was rejected: {DecisionReason}",
        PledgeStatus.AwaitingApproval or PledgeStatus.Approved => $"{SerialNumber} has no voucher yet and may not enroll.",
        PledgeStatus.Enrolled => $"{SerialNumber} is already enrolled: renew with its LDevID (simplereenroll).",
        _ when VoucherExpiresOn is { } expires && expires <= now => $"The voucher of {SerialNumber} expired at {expires:O}; request a new one.",
        _ when VoucherStatusOk == false => $"The pledge of {SerialNumber} reported that it rejected its voucher.",
        _ => null,
    };

    public void RecordEnrolled(DateTimeOffset now)
    {
        if (IdevidEnrollmentRefusal(now) is { } refusal) throw new DomainException(refusal);
        Status = PledgeStatus.Enrolled;
        EnrolledAt = now;
    }

    /// <summary>The pledge's report on the voucher (RFC 8995 5.7): whether it accepted it and why not.</summary>
    /// <param name="context">The report's reason-context (JSON), kept in the audit trail only.</param>
    public void RecordVoucherStatus(bool ok, string? reason, DateTimeOffset now, string? context = null)
    {
        if (!HasVoucher) throw new DomainException($"{SerialNumber} was sent no voucher to report on.");
        VoucherStatusOk = ok;
        VoucherStatusReason = Clip(reason);
        VoucherStatusAt = now;
        AddDomainEvent(new PledgeStatusReported(Id, DeviceId, SerialNumber, PledgeReport.VoucherStatus, ok, VoucherStatusReason, context, Pledge));
    }

    /// <summary>
    /// The pledge's report on its enrollment (RFC 8995 5.9.4): success after EST, or the failure of an attempt made with
    /// its voucher, so operators see why a device did not finish.
    /// </summary>
    public void RecordEnrollStatus(bool ok, string? reason, DateTimeOffset now, string? context = null)
    {
        if (!HasVoucher) throw new DomainException($"{SerialNumber} has no voucher and so no enrollment to report on.");
        EnrollStatusOk = ok;
        EnrollStatusReason = Clip(reason);
        EnrollStatusAt = now;
        AddDomainEvent(new PledgeStatusReported(Id, DeviceId, SerialNumber, PledgeReport.EnrollStatus, ok, EnrollStatusReason, context, Pledge));
    }

    private void Decide(PledgeStatus outcome, string by, string reason, DateTimeOffset now)
    {
        if (Status != PledgeStatus.AwaitingApproval) throw new DomainException($"The pledge of {SerialNumber} is already {Status}.");
        if (string.IsNullOrWhiteSpace(by)) throw new DomainException("A decision names who made it.");
        if (string.IsNullOrWhiteSpace(reason) || reason.Trim().Length > MaxReasonLength)
            throw new DomainException($"A decision needs a reason of 1-{MaxReasonLength} characters.");
        Status = outcome;
        DecidedBy = by;
        DecidedAt = now;
        DecisionReason = reason.Trim();
        AddDomainEvent(new PledgeDecided(Id, DeviceId, SerialNumber, outcome == PledgeStatus.Approved, DecisionReason, IdevidSubject, by));
    }

    private static string? Clip(string? reason) =>
        string.IsNullOrWhiteSpace(reason) ? null : reason.Trim() is var r && r.Length > MaxReasonLength ? r[..MaxReasonLength] : reason.Trim();
}

/// <summary>Who a pledge proved to be at TLS and in its signed voucher-request: its IDevID.</summary>
public sealed record PledgeIdentity(string Fingerprint, string Subject, string Issuer)
{
    public string Fingerprint { get; } = Fingerprint is { Length: 64 } && Fingerprint.All(char.IsAsciiHexDigitLower)
        ? Fingerprint
        : throw new DomainException("An IDevID fingerprint is a lowercase hex SHA-256.");
}
