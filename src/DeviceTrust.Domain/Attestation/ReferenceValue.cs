using DeviceTrust.Domain.Common;

namespace DeviceTrust.Domain.Attestation;

/// <summary>
/// What a component's image digest must be on a device of a class running a firmware version (RFC 9334 §3.3, reference
/// values): the verifier compares each evidence submodule's digest with it. Security officers manage them; the firmware
/// catalog adds them for each release. Removing one keeps it, retired, so past appraisals still name what they used.
/// </summary>
public sealed class ReferenceValue : AggregateRoot
{
    private ReferenceValue(Guid id, Guid deviceClassId, string firmwareVersion, string component, DigestAlgorithm digestAlgorithm, byte[] digest,
        DateTimeOffset addedAt, string addedBy)
    {
        Id = id;
        DeviceClassId = deviceClassId;
        FirmwareVersion = firmwareVersion;
        Component = component;
        DigestAlgorithm = digestAlgorithm;
        Digest = digest;
        AddedAt = addedAt;
        AddedBy = addedBy;
    }

    public Guid Id { get; private set; }
    public Guid DeviceClassId { get; private set; }
    public string FirmwareVersion { get; private set; }
    public string Component { get; private set; }
    public DigestAlgorithm DigestAlgorithm { get; private set; }
    public byte[] Digest { get; private set; }
    public DateTimeOffset AddedAt { get; private set; }
    public string AddedBy { get; private set; }
    public DateTimeOffset? RemovedAt { get; private set; }
    public string? RemovedBy { get; private set; }

    public bool IsActive => RemovedAt is null;

    /// <summary>A reference value; the caller makes sure no active one exists for the same class, version and component.</summary>
    public static ReferenceValue Add(Guid deviceClassId, string deviceClassName, string firmwareVersion, string component, DigestAlgorithm digestAlgorithm,
        byte[] digest, string by, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(digest);
        if (deviceClassId == Guid.Empty) throw new DomainException("A reference value belongs to a device class.");
        var version = Required(firmwareVersion, "firmware version", 32);
        var name = Required(component, "component", 64);
        if (!Enum.IsDefined(digestAlgorithm)) throw new DomainException($"Unknown digest algorithm {(int)digestAlgorithm}.");
        if (digest.Length != digestAlgorithm.Length())
            throw new DomainException($"A {digestAlgorithm} digest is {digestAlgorithm.Length()} bytes, not {digest.Length}.");
        if (string.IsNullOrWhiteSpace(by)) throw new DomainException("Adding a reference value names who added it.");
        var value = new ReferenceValue(Guid.CreateVersion7(now), deviceClassId, version, name, digestAlgorithm, digest.ToArray(), now, by);
        value.AddDomainEvent(new ReferenceValueAdded(value.Id, deviceClassName, version, name, digestAlgorithm, Convert.ToHexStringLower(value.Digest), by));
        return value;
    }

    public bool Matches(DigestAlgorithm algorithm, ReadOnlySpan<byte> digest) =>
        IsActive && algorithm == DigestAlgorithm && digest.SequenceEqual(Digest);

    public void Remove(string deviceClassName, string by, DateTimeOffset now)
    {
        if (!IsActive) throw new DomainException("The reference value is already removed.");
        if (string.IsNullOrWhiteSpace(by)) throw new DomainException("Removing a reference value names who removed it.");
        RemovedAt = now;
        RemovedBy = by;
        AddDomainEvent(new ReferenceValueRemoved(Id, deviceClassName, FirmwareVersion, Component, by));
    }

    private static string Required(string? value, string what, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Trim().Length > maxLength)
            throw new DomainException($"A reference value needs a {what} of 1-{maxLength} characters.");
        return value.Trim();
    }
}

/// <summary>The digest algorithms of reference values, numbered as COSE numbers them (RFC 9054 §2), as SUIT_Digest and EAT carry them.</summary>
public enum DigestAlgorithm
{
    Sha256 = -16,
    Sha384 = -43,
    Sha512 = -44,
}

public static class DigestAlgorithms
{
    public static int Length(this DigestAlgorithm algorithm) => algorithm switch
    {
        DigestAlgorithm.Sha256 => 32,
        DigestAlgorithm.Sha384 => 48,
        DigestAlgorithm.Sha512 => 64,
        _ => throw new DomainException($"Unknown digest algorithm {(int)algorithm}."),
    };
}
