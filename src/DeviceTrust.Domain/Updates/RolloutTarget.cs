using DeviceTrust.Domain.Common;
using DeviceTrust.Domain.Devices;

namespace DeviceTrust.Domain.Updates;

public enum RolloutTargetStatus
{
    /// <summary>Waiting for its wave, its maintenance window, or its device to connect.</summary>
    Pending = 0,
    /// <summary>The device was offered the update and has not reported yet.</summary>
    Offered = 1,
    /// <summary>The device reported the install succeeded; its attestation on the release is awaited.</summary>
    Installed = 2,
    /// <summary>Installed, and the device attested affirming on the release: done.</summary>
    Verified = 3,
    /// <summary>The install failed, no report came in time, or the attestation afterwards was not affirming.</summary>
    Failed = 4,
    /// <summary>Taken out of the rollout by an operator.</summary>
    Excluded = 5,
    /// <summary>The rollout was cancelled before the device finished.</summary>
    Cancelled = 6,
}

/// <summary>
/// One device's part in a rollout: its wave, where its update stands and why. Its own aggregate (with its own concurrency
/// token), so devices reporting at once and operators acting on single devices do not contend for the rollout's row.
/// Every change is a <see cref="RolloutTargetChanged"/>, which the device's timeline shows.
/// </summary>
public sealed class RolloutTarget : AggregateRoot
{
    public const int MaxReasonLength = 1000;

    // For EF Core.
    private RolloutTarget()
    {
        SerialNumber = "";
        RolloutName = "";
        Nonce = [];
    }

    public Guid Id { get; private set; }
    public Guid RolloutId { get; private set; }
    public string RolloutName { get; private set; }
    public Guid DeviceId { get; private set; }
    public string SerialNumber { get; private set; }
    public int Wave { get; private set; }
    public RolloutTargetStatus Status { get; private set; }
    /// <summary>How many times the device was offered the update (a retry offers it again).</summary>
    public int Attempts { get; private set; }
    /// <summary>The nonce of the current offer, which the device's SUIT report must carry.</summary>
    public byte[] Nonce { get; private set; }
    /// <summary>The device's state before the update, to return to when the update is abandoned before it installed.</summary>
    public DeviceState? StateBefore { get; private set; }
    public DateTimeOffset? OfferedAt { get; private set; }
    public DateTimeOffset? ReportedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }
    public string? Reason { get; private set; }

    /// <summary>What an operator's retry takes a device from: the one rule for this class and the pages that offer it.</summary>
    public static readonly IReadOnlySet<RolloutTargetStatus> Retryable = new HashSet<RolloutTargetStatus> { RolloutTargetStatus.Failed };

    /// <summary>What an exclusion takes a device from: any status but the final ones, and failed.</summary>
    public static readonly IReadOnlySet<RolloutTargetStatus> Excludable = new HashSet<RolloutTargetStatus>
    {
        RolloutTargetStatus.Pending, RolloutTargetStatus.Offered, RolloutTargetStatus.Installed, RolloutTargetStatus.Failed,
    };

    /// <summary>What a cancellation takes a device from: not yet updated or on its way.</summary>
    public static readonly IReadOnlySet<RolloutTargetStatus> Cancellable = new HashSet<RolloutTargetStatus>
    {
        RolloutTargetStatus.Pending, RolloutTargetStatus.Offered, RolloutTargetStatus.Installed,
    };

    public static RolloutTarget Plan(Rollout rollout, Guid deviceId, string serialNumber, int wave, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(rollout);
        if (wave < 0 || wave >= rollout.Waves.Count) throw new DomainException($"Wave {wave + 1} is not one of the rollout's {rollout.Waves.Count}.");
        return new RolloutTarget
        {
            Id = Guid.CreateVersion7(now), RolloutId = rollout.Id, RolloutName = rollout.Name, DeviceId = deviceId, SerialNumber = serialNumber, Wave = wave,
            UpdatedAt = now,
        };
    }

    /// <summary>The device is offered the update with a fresh nonce for its report.</summary>
    public void Offer(byte[] nonce, DeviceState stateBefore, string by, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(nonce);
        if (nonce.Length is < 16 or > 32) throw new DomainException("An offer's nonce is 16-32 bytes.");
        Move(RolloutTargetStatus.Offered, $"offered (attempt {Attempts + 1})", by, now, RolloutTargetStatus.Pending);
        Attempts++;
        (Nonce, StateBefore, OfferedAt, ReportedAt) = (nonce.ToArray(), StateBefore ?? stateBefore, now, null);
    }

    public void ReportInstalled(string by, DateTimeOffset now)
    {
        Move(RolloutTargetStatus.Installed, "installed: the device's SUIT report says so; its attestation is awaited", by, now, RolloutTargetStatus.Offered);
        ReportedAt = now;
    }

    public void Fail(string reason, string by, DateTimeOffset now)
    {
        Move(RolloutTargetStatus.Failed, reason, by, now, RolloutTargetStatus.Offered, RolloutTargetStatus.Installed);
        ReportedAt ??= now;
    }

    public void Verify(string reason, string by, DateTimeOffset now) => Move(RolloutTargetStatus.Verified, reason, by, now, RolloutTargetStatus.Installed);

    /// <summary>An operator offers a failed device the update again.</summary>
    public void Retry(string by, DateTimeOffset now) => Move(RolloutTargetStatus.Pending, "retry", by, now, Retryable);

    public void Exclude(string reason, string by, DateTimeOffset now) => Move(RolloutTargetStatus.Excluded, reason, by, now, Excludable);

    public void Cancel(string reason, string by, DateTimeOffset now) => Move(RolloutTargetStatus.Cancelled, reason, by, now, Cancellable);

    private void Move(RolloutTargetStatus to, string reason, string by, DateTimeOffset now, params IReadOnlyCollection<RolloutTargetStatus> from)
    {
        if (!from.Contains(Status))
            throw new DomainException($"{SerialNumber} is {Status} in rollout {RolloutName}; only a device that is {string.Join(" or ", from.Order())} can become {to}.");
        if (string.IsNullOrWhiteSpace(reason)) throw new DomainException("A change to a device's update needs a reason.");
        if (string.IsNullOrWhiteSpace(by)) throw new DomainException("A change to a device's update names who made it.");
        var previous = Status;
        var trimmed = reason.Trim();
        (Status, Reason, UpdatedAt) = (to, trimmed.Length <= MaxReasonLength ? trimmed : string.Concat(trimmed.AsSpan(0, MaxReasonLength - 1), "…"), now);
        AddDomainEvent(new RolloutTargetChanged(RolloutId, RolloutName, DeviceId, SerialNumber, Wave, previous, to, Reason, by));
    }
}

/// <summary>A device's update moved on in a rollout: what it was, what it is, why, and who moved it.</summary>
public sealed record RolloutTargetChanged(Guid RolloutId, string Rollout, Guid DeviceId, string SerialNumber, int Wave, RolloutTargetStatus From,
    RolloutTargetStatus To, string Reason, string By) : IDomainEvent;
