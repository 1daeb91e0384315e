using DeviceTrust.Domain.Common;

namespace DeviceTrust.Domain.Refusals;

/// <summary>
/// The first refusal of its category that names a known device (a counterfeit IDevID with its serial, a revoked LDevID
/// in use): put on the device's timeline once. Repeats, and refusals of unknown serials, raise nothing.
/// </summary>
public sealed record RefusalFirstSeenForDevice(
    Guid RefusalId, Guid DeviceId, string SerialNumber, RefusalEndpoint Endpoint, RefusalCategory Category, string SourceAddress, string? Fingerprint,
    string? CertificateSubject, string Reason, string By) : IDomainEvent;

/// <summary>A security officer looked at a refusal and said what it is.</summary>
public sealed record RefusalAcknowledged(
    Guid RefusalId, RefusalEndpoint Endpoint, RefusalCategory Category, string SourceAddress, string? Fingerprint, string? SerialNumber, long Count,
    string Note, string By) : IDomainEvent;
