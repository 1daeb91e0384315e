using DeviceTrust.Domain.Devices;
using DeviceTrust.Domain.Updates;

namespace DeviceTrust.Application.Updates.Rollouts;

/// <summary>One wave as a person plans it: a number of devices, or a percentage of those the rollout targets.</summary>
/// <param name="Size">Devices (or percent with <paramref name="Percent"/>). The last wave takes every device left.</param>
public sealed record WavePlan(int Size, bool Percent, int SuccessThresholdPercent, int ErrorThresholdPercent, bool AdvanceAutomatically);

/// <param name="GroupId">Only devices of this group; null: the release's whole class.</param>
/// <param name="WindowStart">With <paramref name="WindowEnd"/>, the UTC times of day devices may be offered the update.</param>
public sealed record CreateRolloutRequest(string Name, Guid ReleaseId, Guid? GroupId, IReadOnlyList<WavePlan> Waves, int? AttestationGatePercent = null,
    DateTimeOffset? StartAt = null, TimeOnly? WindowStart = null, TimeOnly? WindowEnd = null);

public sealed record PreviewDevice(Guid Id, string SerialNumber, DeviceState State, string? FirmwareVersion);

public sealed record PreviewWave(int Index, int DeviceCount, IReadOnlyList<PreviewDevice> Devices);

/// <summary>What a planned rollout would do: the devices each wave takes (the first few of each listed), and the devices of
/// the class it leaves out and why.</summary>
public sealed record RolloutPreview(int Eligible, IReadOnlyList<PreviewWave> Waves, int AlreadyOnRelease, int InOtherRollouts, int NotInService);

public sealed record WaveSummary(int Index, RolloutWave Rules, WaveProgress Progress, bool IsCurrent);

public sealed record RolloutItem(Guid Id, string Name, Guid ReleaseId, string DeviceClass, string ReleaseVersion, long SequenceNumber, RolloutStatus Status,
    string? StatusReason, int CurrentWave, int WaveCount, int Devices, int Updated, int Verified, int Failed, DateTimeOffset CreatedAt, string CreatedBy,
    string? ApprovedBy, DateTimeOffset? StartedAt, DateTimeOffset? EndedAt);

public sealed record RolloutDetail(RolloutItem Rollout, string? Group, int? AttestationGatePercent, string? Window, DateTimeOffset? StartAt,
    IReadOnlyList<WaveSummary> Waves);

public sealed record RolloutTargetItem(Guid Id, Guid DeviceId, string SerialNumber, int Wave, RolloutTargetStatus Status, int Attempts, string? Reason,
    DateTimeOffset? OfferedAt, DateTimeOffset? ReportedAt, DateTimeOffset UpdatedAt);
