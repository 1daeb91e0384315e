namespace DeviceTrust.Domain.Audit;

/// <summary>What happened, before it is linked into the chain.</summary>
/// <param name="Actor">Who did it: "user:alice", "device:SN-1", "system".</param>
/// <param name="Action">What was done, dotted: "device.state-changed", "user.signed-in".</param>
/// <param name="Details">A short JSON or text description; never secrets or private keys.</param>
public sealed record AuditRecord(string Actor, string Action, string? TargetType = null, string? TargetId = null, string? Details = null);
