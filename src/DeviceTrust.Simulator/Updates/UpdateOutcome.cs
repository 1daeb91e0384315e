using DeviceTrust.Suit;

namespace DeviceTrust.Simulator.Updates;

public enum UpdateAnswer
{
    /// <summary>The server recorded the report (2xx): <see cref="UpdateOutcome.Succeeded"/> says what it said.</summary>
    Answered,

    /// <summary>The server refused the report (4xx, 5xx; 409 when the offer is no longer open): <see cref="UpdateOutcome.Problem"/> says why.</summary>
    Refused,

    /// <summary>No report reached the server: a fetch failed, the device went offline (<see cref="Device.FaultInjection.OfflineMidUpdate"/>),
    /// or the report could not be sent.</summary>
    Failed,
}

/// <summary>How a device's last update offer went.</summary>
/// <param name="HttpStatus">What the server answered the report; null when none was sent or nothing came back.</param>
/// <param name="Succeeded">The report's result: true for success, false for a failure report; null when there was no report.</param>
/// <param name="Reason">A failure report's suit-report-result-reason.</param>
/// <param name="Problem">Why the update failed or the report was refused, for logs.</param>
/// <param name="Faults">The update faults that acted on it (names of <see cref="Device.FaultInjection"/> members).</param>
public sealed record UpdateOutcome(
    Guid OfferId,
    Guid ReleaseId,
    DateTimeOffset At,
    UpdateAnswer Answer,
    int? HttpStatus,
    bool? Succeeded,
    SuitReportReason? Reason,
    string? Problem,
    IReadOnlyList<string> Faults);

/// <summary>A device's update counters and its last outcome.</summary>
/// <param name="Answered">Reports the server recorded (successes and failures alike).</param>
/// <param name="Refused">Reports the server refused.</param>
/// <param name="Failed">Offers that ended without a report reaching the server.</param>
/// <param name="Ignored">Malformed "UpdateAvailable" offers, ignored.</param>
public sealed record UpdateSummary(long Answered, long Refused, long Failed, long Ignored, UpdateOutcome? Last);
