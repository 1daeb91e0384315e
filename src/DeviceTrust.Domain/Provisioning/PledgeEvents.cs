using DeviceTrust.Domain.Common;

namespace DeviceTrust.Domain.Provisioning;

/// <summary>A pledge's first voucher-request opened its bootstrap; <paramref name="Status"/> says whether policy held it.</summary>
public sealed record PledgeOpened(
    Guid EnrollmentId, Guid DeviceId, string SerialNumber, PledgeIdentity Idevid, EnrollmentPolicy Policy, PledgeStatus Status, string By) : IDomainEvent;

/// <summary>An operator approved or rejected a held pledge.</summary>
public sealed record PledgeDecided(Guid EnrollmentId, Guid DeviceId, string SerialNumber, bool Approved, string Reason, string IdevidSubject, string By)
    : IDomainEvent;

/// <summary>The MASA's voucher was passed on to the pledge.</summary>
public sealed record VoucherIssued(
    Guid EnrollmentId, Guid DeviceId, string SerialNumber, string MediaType, DateTimeOffset? ExpiresOn, string? DecidedBy, Uri? Masa, string? Assertion,
    string By) : IDomainEvent;

public enum PledgeReport
{
    /// <summary>voucher_status (RFC 8995 5.7).</summary>
    VoucherStatus,
    /// <summary>enrollstatus (RFC 8995 5.9.4).</summary>
    EnrollStatus,
}

/// <summary>The pledge reported on its voucher or its enrollment.</summary>
public sealed record PledgeStatusReported(
    Guid EnrollmentId, Guid DeviceId, string SerialNumber, PledgeReport Report, bool Ok, string? Reason, string? Context, string By) : IDomainEvent;
