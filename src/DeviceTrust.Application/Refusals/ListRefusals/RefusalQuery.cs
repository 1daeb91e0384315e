using DeviceTrust.Domain.Refusals;

namespace DeviceTrust.Application.Refusals.ListRefusals;

public enum RefusalSort
{
    LastSeen,
    FirstSeen,
    Count,
}

/// <summary>A page of refusals; filters combine with AND.</summary>
/// <param name="Search">Part of the serial, certificate fingerprint or subject (case-insensitive).</param>
/// <param name="SourceAddress">The exact source address.</param>
/// <param name="Since">Seen at or after (by <see cref="RefusalRow.LastSeenAt"/>).</param>
/// <param name="Until">Seen before (by <see cref="RefusalRow.LastSeenAt"/>).</param>
public sealed record RefusalQuery(
    int Page = 0,
    int PageSize = 25,
    RefusalSort SortBy = RefusalSort.LastSeen,
    bool Descending = true,
    RefusalCategory? Category = null,
    RefusalEndpoint? Endpoint = null,
    RefusalStatus? Status = null,
    string? SourceAddress = null,
    string? Search = null,
    Guid? DeviceId = null,
    DateTimeOffset? Since = null,
    DateTimeOffset? Until = null);

public sealed record RefusalRow(
    Guid Id, RefusalEndpoint Endpoint, RefusalCategory Category, string SourceAddress, string? Fingerprint, string? SerialNumber,
    string? CertificateSubject, string? CertificateIssuer, Guid? DeviceId, DateTimeOffset FirstSeenAt, DateTimeOffset LastSeenAt, long Count,
    string LastReason, RefusalStatus Status, string? AcknowledgedBy, DateTimeOffset? AcknowledgedAt, string? AcknowledgementNote,
    long? CountAtAcknowledgement);

/// <summary>Refusals of one category seen in the window: how many distinct rows (source + credential) and how many requests they counted.</summary>
public sealed record RefusalCategoryCount(RefusalCategory Category, int Rows, long Requests);

/// <summary>What the Refusals page shows above its table: the last 24 hours by category, and how many rows wait for a decision.</summary>
public sealed record RefusalSummary(DateTimeOffset Since, IReadOnlyList<RefusalCategoryCount> ByCategory, int Open, int Total);
