using DeviceTrust.Domain.Common;

namespace DeviceTrust.Domain.Refusals;

/// <summary>
/// Requests the device-facing services refused, one row per (endpoint, source address, category, credential): a flood of
/// identical refusals is one row whose <see cref="Count"/> grows, not a row per packet. Security officers acknowledge them
/// (that decision is audited); the first refusal of a category that names a known device goes on that device's timeline.
/// </summary>
public sealed class Refusal : AggregateRoot
{
    public const int MaxAddressLength = 64;
    public const int MaxReasonLength = 500;
    public const int MaxNameLength = 500;
    public const int MaxNoteLength = 500;
    public const int MaxCredentialLength = 80;

    private Refusal()
    {
        SourceAddress = Credential = LastReason = "";
    }

    public Guid Id { get; private set; }
    public RefusalEndpoint Endpoint { get; private set; }
    public RefusalCategory Category { get; private set; }
    public string SourceAddress { get; private set; }

    /// <summary>
    /// The key's credential: the certificate fingerprint when one was presented, else "serial:" and the serial claimed,
    /// else empty. Never null, so the unique key treats "nothing presented" as one value on every database.
    /// </summary>
    public string Credential { get; private set; }

    public string? Fingerprint { get; private set; }
    public string? SerialNumber { get; private set; }
    public string? CertificateSubject { get; private set; }
    public string? CertificateIssuer { get; private set; }

    /// <summary>The known device the serial or certificate belongs to (set when the row is first recorded).</summary>
    public Guid? DeviceId { get; private set; }

    public DateTimeOffset FirstSeenAt { get; private set; }
    public DateTimeOffset LastSeenAt { get; private set; }
    public long Count { get; private set; }
    /// <summary>The reason of the latest refusal, clipped to <see cref="MaxReasonLength"/>.</summary>
    public string LastReason { get; private set; }

    public RefusalStatus Status { get; private set; }
    public string? AcknowledgedBy { get; private set; }
    public DateTimeOffset? AcknowledgedAt { get; private set; }
    public string? AcknowledgementNote { get; private set; }
    /// <summary><see cref="Count"/> when it was acknowledged: what came after is shown as new.</summary>
    public long? CountAtAcknowledgement { get; private set; }

    /// <summary>The source address as stored and keyed: trimmed, clipped to <see cref="MaxAddressLength"/>.</summary>
    public static string AddressKey(string address) => Clip((address ?? "").Trim(), MaxAddressLength)!;

    public static string CredentialOf(string? fingerprint, string? serialNumber) =>
        !string.IsNullOrEmpty(fingerprint) ? fingerprint : !string.IsNullOrEmpty(serialNumber) ? Clip("serial:" + serialNumber, MaxCredentialLength)! : "";

    /// <summary>
    /// The first sighting of a key. When it names a device and is the first of its category for it, that goes on the
    /// device's timeline (<see cref="RefusalFirstSeenForDevice"/>); <paramref name="by"/> is who recorded it.
    /// </summary>
    public static Refusal Record(RefusalSighting sighting, RefusedDevice? device, string by)
    {
        ArgumentNullException.ThrowIfNull(sighting);
        if (string.IsNullOrWhiteSpace(sighting.SourceAddress)) throw new DomainException("A refusal names the address it came from.");
        if (sighting.Count < 1) throw new DomainException("A sighting counts at least one refusal.");
        if (sighting.LastAt < sighting.FirstAt) throw new DomainException("A sighting ends after it starts.");
        var refusal = new Refusal
        {
            Id = Guid.CreateVersion7(sighting.FirstAt), Endpoint = sighting.Endpoint, Category = sighting.Category,
            SourceAddress = AddressKey(sighting.SourceAddress), Credential = sighting.Credential,
            Fingerprint = sighting.Fingerprint, SerialNumber = Clip(sighting.SerialNumber, SerialNumberMaxLength),
            CertificateSubject = Clip(sighting.CertificateSubject, MaxNameLength), CertificateIssuer = Clip(sighting.CertificateIssuer, MaxNameLength),
            DeviceId = device?.DeviceId, FirstSeenAt = sighting.FirstAt, LastSeenAt = sighting.LastAt, Count = sighting.Count,
            LastReason = Clip(sighting.Reason, MaxReasonLength) ?? "", Status = RefusalStatus.Open,
        };
        if (device is { FirstOfCategory: true })
        {
            refusal.AddDomainEvent(new RefusalFirstSeenForDevice(refusal.Id, device.DeviceId, device.SerialNumber, refusal.Endpoint, refusal.Category,
                refusal.SourceAddress, refusal.Fingerprint, refusal.CertificateSubject, refusal.LastReason, by));
        }
        return refusal;
    }

    /// <summary>More of the same: counted, nothing raised (repeats are not audited, only decisions and first sightings).</summary>
    public void RecordRepeat(RefusalSighting sighting)
    {
        ArgumentNullException.ThrowIfNull(sighting);
        if (sighting.Endpoint != Endpoint || sighting.Category != Category || sighting.Credential != Credential
            || !string.Equals(AddressKey(sighting.SourceAddress), SourceAddress, StringComparison.Ordinal))
            throw new DomainException("A repeat has the same endpoint, source, category and credential as the refusal it repeats.");
        if (sighting.Count < 1) throw new DomainException("A sighting counts at least one refusal.");
        Count += sighting.Count;
        if (sighting.FirstAt < FirstSeenAt) FirstSeenAt = sighting.FirstAt;
        if (sighting.LastAt >= LastSeenAt)
        {
            LastSeenAt = sighting.LastAt;
            LastReason = Clip(sighting.Reason, MaxReasonLength) ?? "";
        }
        SerialNumber ??= Clip(sighting.SerialNumber, SerialNumberMaxLength);
        CertificateSubject ??= Clip(sighting.CertificateSubject, MaxNameLength);
        CertificateIssuer ??= Clip(sighting.CertificateIssuer, MaxNameLength);
    }

    /// <summary>A security officer's decision about the refusal, with a note saying what it is.</summary>
    public void Acknowledge(string note, string by, DateTimeOffset now)
    {
        if (Status == RefusalStatus.Acknowledged) throw new DomainException($"This refusal was already acknowledged by {AcknowledgedBy}.");
        if (string.IsNullOrWhiteSpace(note) || note.Trim().Length > MaxNoteLength)
            throw new DomainException($"Acknowledging a refusal needs a note of 1-{MaxNoteLength} characters.");
        if (string.IsNullOrWhiteSpace(by)) throw new DomainException("An acknowledgement names who made it.");
        Status = RefusalStatus.Acknowledged;
        AcknowledgedBy = by;
        AcknowledgedAt = now;
        AcknowledgementNote = note.Trim();
        CountAtAcknowledgement = Count;
        AddDomainEvent(new RefusalAcknowledged(Id, Endpoint, Category, SourceAddress, Fingerprint, SerialNumber, Count, AcknowledgementNote, by));
    }

    private const int SerialNumberMaxLength = 64;

    private static string? Clip(string? text, int length) => text is null ? null : text.Length <= length ? text : text[..(length - 1)] + "…";
}
