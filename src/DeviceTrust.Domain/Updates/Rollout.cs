using DeviceTrust.Domain.Common;

namespace DeviceTrust.Domain.Updates;

/// <summary>
/// A release offered to a set of devices in waves (the model of hawkBit's rollouts, with an attestation gate): created by an
/// operator, approved by a security officer who did not create it, started, paused and resumed by operators or by its
/// own thresholds, and completed or cancelled. Each device's part is a <see cref="RolloutTarget"/>; every decision here is
/// a <see cref="RolloutDecided"/> event, so it is audited with who made it and why.
/// </summary>
public sealed class Rollout : AggregateRoot
{
    public const int MaxNameLength = 100;
    public const int MaxReasonLength = 500;

    private readonly List<RolloutWave> _waves = [];

    // For EF Core.
    private Rollout()
    {
        Name = "";
        ReleaseVersion = "";
        CreatedBy = "";
    }

    public Guid Id { get; private set; }
    public string Name { get; private set; }
    public Guid ReleaseId { get; private set; }
    public string ReleaseVersion { get; private set; }
    public long SequenceNumber { get; private set; }
    public Guid DeviceClassId { get; private set; }
    /// <summary>Only devices of this group, or the whole class.</summary>
    public Guid? GroupId { get; private set; }
    public IReadOnlyList<RolloutWave> Waves => _waves;
    /// <summary>The share of a wave's updated devices that must attest affirming on the release before the next wave starts.</summary>
    public int? AttestationGatePercent { get; private set; }
    public MaintenanceWindow? Window { get; private set; }
    /// <summary>No device is offered the update before this.</summary>
    public DateTimeOffset? StartAt { get; private set; }
    public RolloutStatus Status { get; private set; }
    /// <summary>The wave being offered (0-based).</summary>
    public int CurrentWave { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public string CreatedBy { get; private set; }
    public DateTimeOffset? ApprovedAt { get; private set; }
    public string? ApprovedBy { get; private set; }
    public DateTimeOffset? StartedAt { get; private set; }
    public DateTimeOffset? EndedAt { get; private set; }
    /// <summary>Why it is paused, completed or cancelled: the last decision that stopped it.</summary>
    public string? StatusReason { get; private set; }

    public bool IsLastWave => CurrentWave == _waves.Count - 1;

    public bool IsActive => Status is RolloutStatus.Running or RolloutStatus.Paused or RolloutStatus.Approved or RolloutStatus.AwaitingApproval;

    /// <summary>Whether devices may be offered the update now: running, past its start time, inside its window.</summary>
    public bool Offers(DateTimeOffset now) => Status == RolloutStatus.Running && (StartAt is null || now >= StartAt) && (Window is null || Window.Contains(now));

    public static Rollout Create(string name, FirmwareRelease release, string deviceClassName, Guid? groupId, IReadOnlyList<RolloutWave> waves,
        int? attestationGatePercent, MaintenanceWindow? window, DateTimeOffset? startAt, string by, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(release);
        ArgumentNullException.ThrowIfNull(waves);
        if (string.IsNullOrWhiteSpace(name) || name.Trim().Length > MaxNameLength) throw new DomainException($"A rollout needs a name of 1-{MaxNameLength} characters.");
        if (release.Status != FirmwareReleaseStatus.Available) throw new DomainException($"Release {release.FirmwareVersion} is withdrawn: it cannot be rolled out.");
        if (waves.Count is < 1 or > RolloutWave.MaxWaves) throw new DomainException($"A rollout has 1-{RolloutWave.MaxWaves} waves.");
        if (attestationGatePercent is < 1 or > 100) throw new DomainException("The attestation gate is 1-100%.");
        if (string.IsNullOrWhiteSpace(by)) throw new DomainException("Creating a rollout names who created it.");
        var rollout = new Rollout
        {
            Id = Guid.CreateVersion7(now), Name = name.Trim(), ReleaseId = release.Id, ReleaseVersion = release.FirmwareVersion, SequenceNumber = release.SequenceNumber,
            DeviceClassId = release.DeviceClassId, GroupId = groupId, AttestationGatePercent = attestationGatePercent, Window = window?.Validated(), StartAt = startAt,
            CreatedAt = now, CreatedBy = by,
        };
        rollout._waves.AddRange(waves.Select((w, i) => w.Validated(i)));
        rollout.Decide(RolloutDecision.Created, $"{deviceClassName} {release.FirmwareVersion} (sequence number {release.SequenceNumber}) to "
                                                + $"{waves.Sum(w => w.DeviceCount)} devices in {waves.Count} wave(s)", by);
        return rollout;
    }

    /// <summary>Four eyes: a rollout is approved by someone other than its creator (the caller checks the role).</summary>
    public void Approve(string by, DateTimeOffset now)
    {
        Require(RolloutStatus.AwaitingApproval, "approved");
        if (string.Equals(by, CreatedBy, StringComparison.Ordinal)) throw new DomainException($"{by} created this rollout; another person must approve it.");
        (Status, ApprovedAt, ApprovedBy) = (RolloutStatus.Approved, now, by);
        Decide(RolloutDecision.Approved, null, by);
    }

    public void Start(string by, DateTimeOffset now)
    {
        Require(RolloutStatus.Approved, "started");
        (Status, StartedAt, StatusReason) = (RolloutStatus.Running, now, null);
        Decide(RolloutDecision.Started, StartAt is { } at && at > now ? $"devices are offered the update from {at:u}" : null, by);
    }

    public void Pause(string reason, string by)
    {
        Require(RolloutStatus.Running, "paused");
        (Status, StatusReason) = (RolloutStatus.Paused, Reason(reason));
        Decide(RolloutDecision.Paused, StatusReason, by);
    }

    public void Resume(string by)
    {
        Require(RolloutStatus.Paused, "resumed");
        (Status, StatusReason) = (RolloutStatus.Running, null);
        Decide(RolloutDecision.Resumed, null, by);
    }

    /// <summary>Starts the next wave; after the last, completes the rollout.</summary>
    public void AdvanceWave(string reason, string by, DateTimeOffset now)
    {
        if (Status is not (RolloutStatus.Running or RolloutStatus.Paused)) throw new DomainException($"The rollout is {Status}: its waves do not advance.");
        if (IsLastWave)
        {
            Complete(reason, by, now);
            return;
        }
        CurrentWave++;
        (Status, StatusReason) = (RolloutStatus.Running, null);
        Decide(RolloutDecision.WaveStarted, $"wave {CurrentWave + 1} of {_waves.Count}: {Reason(reason)}", by);
    }

    public void Complete(string reason, string by, DateTimeOffset now)
    {
        if (Status is not (RolloutStatus.Running or RolloutStatus.Paused)) throw new DomainException($"The rollout is {Status}: it cannot complete.");
        (Status, EndedAt, StatusReason) = (RolloutStatus.Completed, now, Reason(reason));
        Decide(RolloutDecision.Completed, StatusReason, by);
    }

    public void Cancel(string reason, string by, DateTimeOffset now)
    {
        if (!IsActive) throw new DomainException($"The rollout is {Status}: it cannot be cancelled.");
        (Status, EndedAt, StatusReason) = (RolloutStatus.Cancelled, now, Reason(reason));
        Decide(RolloutDecision.Cancelled, StatusReason, by);
    }

    private void Decide(RolloutDecision decision, string? detail, string by)
    {
        if (string.IsNullOrWhiteSpace(by)) throw new DomainException("A rollout decision names who made it.");
        AddDomainEvent(new RolloutDecided(Id, Name, decision, detail, by));
    }

    private void Require(RolloutStatus status, string what)
    {
        if (Status != status) throw new DomainException($"The rollout is {Status}; only a rollout that is {status} can be {what}.");
    }

    private static string Reason(string reason)
    {
        if (string.IsNullOrWhiteSpace(reason)) throw new DomainException("A rollout decision needs a reason.");
        var trimmed = reason.Trim();
        return trimmed.Length <= MaxReasonLength ? trimmed : string.Concat(trimmed.AsSpan(0, MaxReasonLength - 1), "…");
    }
}

public enum RolloutDecision
{
    Created,
    Approved,
    Started,
    Paused,
    Resumed,
    WaveStarted,
    Completed,
    Cancelled,
}

/// <summary>A decision about a rollout as a whole, with who made it (a person, or "system" for its thresholds).</summary>
public sealed record RolloutDecided(Guid RolloutId, string Rollout, RolloutDecision Decision, string? Detail, string By) : IDomainEvent;
