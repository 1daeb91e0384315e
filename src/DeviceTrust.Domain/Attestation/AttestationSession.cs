using DeviceTrust.Domain.Common;

namespace DeviceTrust.Domain.Attestation;

/// <summary>Where a challenge-response session stands (Veraison's session states).</summary>
public enum AttestationSessionStatus
{
    /// <summary>The nonce is out; the evidence has not come.</summary>
    Waiting = 0,
    /// <summary>Evidence arrived and is being appraised.</summary>
    Processing = 1,
    /// <summary>Appraised: the result is there.</summary>
    Complete = 2,
    /// <summary>The evidence could not be appraised (malformed, or the session expired first).</summary>
    Failed = 3,
}

/// <summary>
/// One challenge-response exchange (RFC 9334 §10.2, the challenge-response model; Veraison's session): the verifier
/// hands out a fresh nonce, and the attester answers once, before the session expires, with evidence carrying that
/// nonce. A session takes one answer: evidence for a session that already had one is a replay.
/// </summary>
public sealed class AttestationSession : AggregateRoot
{
    public const int MinNonceLength = 8;
    public const int MaxNonceLength = 64;

    private AttestationSession(Guid id, byte[] nonce, DateTimeOffset createdAt, DateTimeOffset expiresAt, string openedBy, Guid? deviceId)
    {
        Id = id;
        Nonce = nonce;
        CreatedAt = createdAt;
        ExpiresAt = expiresAt;
        OpenedBy = openedBy;
        DeviceId = deviceId;
    }

    public Guid Id { get; private set; }

    /// <summary>The challenge (RFC 9711 §4.1 eat_nonce): 8 to 64 bytes.</summary>
    public byte[] Nonce { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset ExpiresAt { get; private set; }

    /// <summary>Who asked for the session: a device ("device:SN") or a relying party (a user or API token).</summary>
    public string OpenedBy { get; private set; }

    /// <summary>The device the session is for, when a device opened it or the server asked a device to attest.</summary>
    public Guid? DeviceId { get; private set; }

    public AttestationSessionStatus Status { get; private set; }
    public string? EvidenceMediaType { get; private set; }
    public byte[]? Evidence { get; private set; }
    public DateTimeOffset? AnsweredAt { get; private set; }

    /// <summary>The attestation result (an EAR, as a signed JWT) once complete.</summary>
    public string? Result { get; private set; }

    /// <summary>Why the session failed, once failed.</summary>
    public string? FailureReason { get; private set; }

    public static AttestationSession Open(byte[] nonce, TimeSpan lifetime, string openedBy, Guid? deviceId, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(nonce);
        if (nonce.Length is < MinNonceLength or > MaxNonceLength)
            throw new DomainException($"A nonce is {MinNonceLength} to {MaxNonceLength} bytes (RFC 9711 §4.1), not {nonce.Length}.");
        if (lifetime <= TimeSpan.Zero) throw new DomainException("A session lives for a positive time.");
        if (string.IsNullOrWhiteSpace(openedBy)) throw new DomainException("A session names who opened it.");
        return new AttestationSession(Guid.CreateVersion7(now), nonce.ToArray(), now, now + lifetime, openedBy, deviceId);
    }

    public bool IsExpired(DateTimeOffset now) => now >= ExpiresAt;

    /// <summary>Takes the session's one answer. Refused when it had one already (a replay) or has expired.</summary>
    /// <exception cref="DomainException">Not waiting for evidence any more.</exception>
    public void Answer(string mediaType, byte[] evidence, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        if (Status != AttestationSessionStatus.Waiting)
            throw new DomainException($"Session {Id} was answered at {AnsweredAt:u}: a session takes one answer.");
        if (IsExpired(now)) throw new DomainException($"Session {Id} expired at {ExpiresAt:u}.");
        if (string.IsNullOrWhiteSpace(mediaType)) throw new DomainException("Evidence comes with its media type.");
        EvidenceMediaType = mediaType.Trim();
        Evidence = evidence.ToArray();
        AnsweredAt = now;
        Status = AttestationSessionStatus.Processing;
    }

    public void Complete(string result)
    {
        if (Status != AttestationSessionStatus.Processing) throw new DomainException($"Session {Id} is {Status}, not being appraised.");
        if (string.IsNullOrWhiteSpace(result)) throw new DomainException("A complete session has its result.");
        Result = result;
        Status = AttestationSessionStatus.Complete;
    }

    public void Fail(string reason)
    {
        if (Status is AttestationSessionStatus.Complete or AttestationSessionStatus.Failed)
            throw new DomainException($"Session {Id} is {Status} already.");
        if (string.IsNullOrWhiteSpace(reason)) throw new DomainException("A failed session says why.");
        FailureReason = reason.Length > 1000 ? reason[..1000] : reason;
        Status = AttestationSessionStatus.Failed;
    }
}
