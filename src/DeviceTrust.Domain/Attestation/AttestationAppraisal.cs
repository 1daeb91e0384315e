using DeviceTrust.Domain.Common;

namespace DeviceTrust.Domain.Attestation;

/// <summary>The tier of an appraisal (AR4SI's trust tiers): what it means for the device.</summary>
public enum AttestationVerdict
{
    /// <summary>Nothing was claimed or nothing could be judged.</summary>
    None = 0,
    Affirming = 2,
    Warning = 32,
    Contraindicated = 96,
}

/// <summary>
/// One appraisal of a device's evidence, kept for the security officers' history: the evidence as received, its claims
/// decoded, the policy version and reference values it was judged against, the trustworthiness vector, the reasons, and
/// the signed attestation result. Written once, never changed.
/// </summary>
public sealed class AttestationAppraisal : AggregateRoot
{
    private AttestationAppraisal()
    {
        EvidenceMediaType = "";
        Evidence = [];
        Claims = "";
        Vector = "";
        Reasons = "";
        Result = "";
        ReferenceValueIds = [];
    }

    public Guid Id { get; private set; }
    public Guid SessionId { get; private set; }
    public Guid DeviceId { get; private set; }
    public DateTimeOffset AppraisedAt { get; private set; }

    /// <summary>The kid of the evidence (SHA-256 of the attestation key's SubjectPublicKeyInfo), when it named one.</summary>
    public byte[]? KeyId { get; private set; }

    public string EvidenceMediaType { get; private set; }
    public byte[] Evidence { get; private set; }

    /// <summary>The evidence's claims, decoded, as JSON for reading.</summary>
    public string Claims { get; private set; }

    public int PolicyVersion { get; private set; }
    public string? FirmwareVersion { get; private set; }

    /// <summary>The reference values the executables were compared with.</summary>
    public List<Guid> ReferenceValueIds { get; private set; }

    /// <summary>The AR4SI trustworthiness vector as JSON: claim name to value, claims that were set only.</summary>
    public string Vector { get; private set; }

    public AttestationVerdict Verdict { get; private set; }

    /// <summary>Why, per claim, as JSON: [{claim, value, text}].</summary>
    public string Reasons { get; private set; }

    /// <summary>The attestation result handed out (an EAR, a signed JWT).</summary>
    public string Result { get; private set; }

    public static AttestationAppraisal Record(Guid sessionId, Guid deviceId, string serialNumber, byte[]? keyId, string evidenceMediaType, byte[] evidence,
        string claims, int policyVersion, string? firmwareVersion, IReadOnlyList<Guid> referenceValueIds, string vector, AttestationVerdict verdict,
        string reasons, string result, string by, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        ArgumentNullException.ThrowIfNull(referenceValueIds);
        if (!Enum.IsDefined(verdict)) throw new DomainException("Unknown attestation verdict.");
        if (evidence.Length == 0) throw new DomainException("An appraisal keeps the evidence it appraised.");
        if (string.IsNullOrWhiteSpace(result)) throw new DomainException("An appraisal keeps the result it handed out.");
        var appraisal = new AttestationAppraisal
        {
            Id = Guid.CreateVersion7(now), SessionId = sessionId, DeviceId = deviceId, AppraisedAt = now, KeyId = keyId?.ToArray(),
            EvidenceMediaType = evidenceMediaType, Evidence = evidence.ToArray(), Claims = claims, PolicyVersion = policyVersion,
            FirmwareVersion = firmwareVersion, ReferenceValueIds = [.. referenceValueIds], Vector = vector, Verdict = verdict, Reasons = reasons, Result = result,
        };
        appraisal.AddDomainEvent(new DeviceAttested(appraisal.Id, deviceId, serialNumber, verdict, by));
        return appraisal;
    }
}
