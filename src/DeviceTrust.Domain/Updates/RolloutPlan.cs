namespace DeviceTrust.Domain.Updates;

/// <summary>
/// One wave of a rollout: how many devices it takes, and when it is judged. The next wave starts once
/// <see cref="SuccessThresholdPercent"/> of its devices installed the release (and passed the attestation gate, if the
/// rollout has one), by itself or after a person's check; the rollout pauses once <see cref="ErrorThresholdPercent"/> of
/// them failed (hawkBit's rollout groups: success condition and action, error condition and action).
/// </summary>
public sealed record RolloutWave(int DeviceCount, int SuccessThresholdPercent, int ErrorThresholdPercent, bool AdvanceAutomatically)
{
    public const int MaxWaves = 20;

    public RolloutWave Validated(int index)
    {
        if (DeviceCount < 1) throw new DomainException($"Wave {index + 1} takes at least one device.");
        if (SuccessThresholdPercent is < 1 or > 100) throw new DomainException($"Wave {index + 1}'s success threshold is 1-100%.");
        if (ErrorThresholdPercent is < 1 or > 100) throw new DomainException($"Wave {index + 1}'s error threshold is 1-100%.");
        return this;
    }
}

/// <summary>
/// When devices may be offered the update, as times of day in UTC; a window whose end is before its start spans midnight
/// (22:00-04:00). Devices already updating finish outside it.
/// </summary>
public sealed record MaintenanceWindow(TimeOnly Start, TimeOnly End)
{
    public bool Contains(DateTimeOffset now)
    {
        var time = TimeOnly.FromTimeSpan(now.UtcDateTime.TimeOfDay);
        return Start <= End ? time >= Start && time < End : time >= Start || time < End;
    }

    public MaintenanceWindow Validated() =>
        Start == End ? throw new DomainException("A maintenance window has different start and end times.") : this;

    public override string ToString() => $"{Start:HH\\:mm}-{End:HH\\:mm} UTC";
}

public enum RolloutStatus
{
    /// <summary>Created; a security officer other than its creator must approve it (four eyes).</summary>
    AwaitingApproval = 0,
    /// <summary>Approved; an operator starts it.</summary>
    Approved = 1,
    Running = 2,
    /// <summary>Stopped offering the update: by a person, by an error threshold, or for a manual check of a wave.</summary>
    Paused = 3,
    Completed = 4,
    Cancelled = 5,
}
