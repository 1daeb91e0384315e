namespace DeviceTrust.Domain.Provisioning;

/// <summary>
/// One line of an embedded MASA's audit log (RFC 8995 5.8.1): which domain asked for a voucher for which serial,
/// and what the MASA did. The MASA uses it for ownership: once a domain holds a voucher for a serial, another domain
/// is refused (trust on first claim, the simplest ownership tracking of RFC 8995 5.5.4).
/// </summary>
public sealed class MasaLogEntry
{
    private MasaLogEntry()
    {
        SerialNumber = DomainCaFingerprint = RegistrarSubject = Outcome = "";
    }

    public long Id { get; private set; }
    public Guid ManufacturerId { get; private set; }
    public string SerialNumber { get; private set; }
    /// <summary>SHA-256 (lowercase hex) of the domain CA certificate the voucher pins: the domain's identity.</summary>
    public string DomainCaFingerprint { get; private set; }
    public string RegistrarSubject { get; private set; }
    public bool HadNonce { get; private set; }
    public string? Assertion { get; private set; }
    public DateTimeOffset At { get; private set; }
    /// <summary>"issued" or "refused".</summary>
    public string Outcome { get; private set; }
    public string? Reason { get; private set; }

    public bool IsIssued => Outcome == IssuedOutcome;

    public const string IssuedOutcome = "issued";
    public const string RefusedOutcome = "refused";

    public static MasaLogEntry Issued(Guid manufacturerId, string serial, string domainCaFingerprint, string registrarSubject, bool hadNonce, string assertion, DateTimeOffset at) =>
        new()
        {
            ManufacturerId = manufacturerId, SerialNumber = serial, DomainCaFingerprint = domainCaFingerprint, RegistrarSubject = registrarSubject,
            HadNonce = hadNonce, Assertion = assertion, At = at, Outcome = IssuedOutcome,
        };

    public static MasaLogEntry Refused(Guid manufacturerId, string serial, string domainCaFingerprint, string registrarSubject, string reason, DateTimeOffset at) =>
        new()
        {
            ManufacturerId = manufacturerId, SerialNumber = serial, DomainCaFingerprint = domainCaFingerprint, RegistrarSubject = registrarSubject,
            At = at, Outcome = RefusedOutcome, Reason = reason.Length > 500 ? reason[..500] : reason,
        };
}
