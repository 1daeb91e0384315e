using DeviceTrust.Simulator.Attestation;
using DeviceTrust.Simulator.Updates;

namespace DeviceTrust.Simulator.Device;

/// <param name="MessagesSent">Hub messages handed to the connection: firmware, telemetry and malformed.</param>
/// <param name="Reconnects">Connections re-established after the first successful one.</param>
/// <param name="Dropped">Telemetry readings deliberately withheld: dropped or silent (fault injection).</param>
/// <param name="Malformed">Deliberately malformed messages sent (fault injection).</param>
/// <param name="Problem">Why the device is Rejected, or what last went wrong while it enrolled; null when nothing did.</param>
/// <param name="Attestation">Its answers to attestation challenges and how the last one went (the device always sets it).</param>
/// <param name="Updates">Its answers to update offers and how the last one went (the device always sets it).</param>
public sealed record DeviceSnapshot(
    string Serial,
    DeviceStatus Status,
    long MessagesSent,
    long SendErrors,
    long Reconnects,
    long Dropped,
    long Malformed,
    string? Problem = null,
    AttestationSummary? Attestation = null,
    UpdateSummary? Updates = null);
