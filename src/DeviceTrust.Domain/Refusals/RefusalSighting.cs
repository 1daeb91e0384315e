namespace DeviceTrust.Domain.Refusals;

/// <summary>
/// One or more identical refusals seen together (coalesced by the recorder): what was refused, where, presenting what.
/// <see cref="Count"/> requests arrived between <see cref="FirstAt"/> and <see cref="LastAt"/>.
/// </summary>
/// <param name="Fingerprint">SHA-256 of the presented certificate's DER, lowercase hex; null when none was presented.</param>
/// <param name="SerialNumber">The device serial claimed (by the certificate's subject or the request), when known.</param>
public sealed record RefusalSighting(
    RefusalEndpoint Endpoint, RefusalCategory Category, string SourceAddress, string? Fingerprint, string? SerialNumber, string? CertificateSubject,
    string? CertificateIssuer, string Reason, DateTimeOffset FirstAt, DateTimeOffset LastAt, long Count = 1)
{
    /// <summary>What identifies the refusal with its endpoint, source and category (see <see cref="Refusal.Credential"/>).</summary>
    public string Credential => Refusal.CredentialOf(Fingerprint, SerialNumber);
}

/// <summary>The known device a refusal names, and whether it is the first refusal of its category for that device.</summary>
public sealed record RefusedDevice(Guid DeviceId, string SerialNumber, bool FirstOfCategory);
