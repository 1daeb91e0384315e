using DeviceTrust.Domain.Attestation;
using DeviceTrust.Domain.Common;

namespace DeviceTrust.Domain.Updates;

/// <summary>Who signed a release's manifest.</summary>
public enum FirmwareReleaseOrigin
{
    /// <summary>The catalog built the manifest around an uploaded image and signed it with its firmware-author key.</summary>
    CatalogSigned = 0,
    /// <summary>The author signed the envelope with its own tooling; it verified against a FirmwareAuthor trust anchor.</summary>
    AuthorSigned = 1,
}

public enum FirmwareReleaseStatus
{
    Available = 0,
    /// <summary>No longer offered to rollouts; kept, with its images, so history and devices running it still resolve.</summary>
    Withdrawn = 1,
}

/// <summary>
/// A signed SUIT envelope for one device class, with the images its manifest installs (RFC 9019 §3: the firmware
/// "author" signs, the catalog distributes). Its sequence number is above every earlier release of the class
/// (RFC 9124 REQ.SEC.SEQUENCE): a rollback is a new release of the old image with a higher number, never a lower one.
/// </summary>
public sealed class FirmwareRelease : AggregateRoot
{
    public const int MaxVersionLength = 32;
    public const int MaxDescriptionLength = 500;

    private readonly List<ReleaseImage> _images = [];

    // For EF Core.
    private FirmwareRelease()
    {
        FirmwareVersion = "";
        Signer = "";
        ManifestDigest = [];
        Envelope = [];
        PublishedBy = "";
    }

    public Guid Id { get; private set; }
    public Guid DeviceClassId { get; private set; }
    public string FirmwareVersion { get; private set; }
    public long SequenceNumber { get; private set; }
    /// <summary>SHA-256 of the bstr-wrapped manifest: the SUIT_Digest its signature covers, which names the release.</summary>
    public byte[] ManifestDigest { get; private set; }
    /// <summary>The signed envelope as published (severable members included).</summary>
    public byte[] Envelope { get; private set; }
    public FirmwareReleaseOrigin Origin { get; private set; }
    /// <summary>The signer's certificate subject (or anchor name).</summary>
    public string Signer { get; private set; }
    /// <summary>The FirmwareAuthor trust anchor the signature verified with.</summary>
    public Guid SignerAnchorId { get; private set; }
    public string? Description { get; private set; }
    public IReadOnlyList<ReleaseImage> Images => _images;
    public FirmwareReleaseStatus Status { get; private set; }
    public DateTimeOffset PublishedAt { get; private set; }
    public string PublishedBy { get; private set; }
    public DateTimeOffset? WithdrawnAt { get; private set; }
    public string? WithdrawnBy { get; private set; }
    public string? WithdrawalReason { get; private set; }

    public long TotalSize => _images.Sum(i => i.Size);

    /// <summary>
    /// A release of a class. <paramref name="currentSequenceNumber"/> is the highest sequence number of the class's
    /// releases so far, withdrawn ones included (null for its first release).
    /// </summary>
    /// <exception cref="DomainException">A sequence number not above the current one, or an invalid value.</exception>
    public static FirmwareRelease Publish(Guid deviceClassId, string deviceClassName, string version, long sequenceNumber, long? currentSequenceNumber,
        byte[] manifestDigest, byte[] envelope, FirmwareReleaseOrigin origin, string signer, Guid signerAnchorId, string? description,
        IReadOnlyList<ReleaseImage> images, string by, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(manifestDigest);
        ArgumentNullException.ThrowIfNull(envelope);
        ArgumentNullException.ThrowIfNull(images);
        if (deviceClassId == Guid.Empty) throw new DomainException("A release belongs to a device class.");
        if (string.IsNullOrWhiteSpace(version) || version.Trim().Length > MaxVersionLength)
            throw new DomainException($"A release needs a version of 1-{MaxVersionLength} characters.");
        if (sequenceNumber < 0) throw new DomainException("A sequence number is not negative.");
        if (currentSequenceNumber is { } current && sequenceNumber <= current)
            throw new DomainException($"Sequence number {sequenceNumber} is not above {current}, the highest of {deviceClassName}'s releases: "
                                      + "devices refuse a manifest that does not raise it (anti-rollback); a rollback is a new release with a higher number.");
        if (manifestDigest.Length != DigestAlgorithm.Sha256.Length()) throw new DomainException("The manifest digest is a SHA-256 digest.");
        if (envelope.Length == 0) throw new DomainException("A release needs its envelope.");
        if (!Enum.IsDefined(origin)) throw new DomainException("Unknown release origin.");
        if (string.IsNullOrWhiteSpace(signer)) throw new DomainException("A release names its signer.");
        if (images.Count == 0) throw new DomainException("A release installs at least one image.");
        if (images.Select(i => i.Component).Distinct(StringComparer.Ordinal).Count() != images.Count)
            throw new DomainException("A release installs one image per component.");
        if (description?.Trim().Length > MaxDescriptionLength) throw new DomainException($"A description is at most {MaxDescriptionLength} characters.");
        if (string.IsNullOrWhiteSpace(by)) throw new DomainException("Publishing a release names who published it.");
        var release = new FirmwareRelease
        {
            Id = Guid.CreateVersion7(now), DeviceClassId = deviceClassId, FirmwareVersion = version.Trim(), SequenceNumber = sequenceNumber,
            ManifestDigest = manifestDigest.ToArray(), Envelope = envelope.ToArray(), Origin = origin, Signer = signer.Trim(), SignerAnchorId = signerAnchorId,
            Description = string.IsNullOrWhiteSpace(description) ? null : description.Trim(), PublishedAt = now, PublishedBy = by,
        };
        release._images.AddRange(images);
        release.AddDomainEvent(new FirmwareReleasePublished(release.Id, deviceClassName, release.FirmwareVersion, sequenceNumber,
            Convert.ToHexStringLower(release.ManifestDigest), origin, release.Signer, [.. images.Select(i => $"{i.Component} {i.DigestHex} ({i.Size} bytes)")], by));
        return release;
    }

    public void Withdraw(string deviceClassName, string reason, string by, DateTimeOffset now)
    {
        if (Status == FirmwareReleaseStatus.Withdrawn) throw new DomainException($"Release {FirmwareVersion} is already withdrawn.");
        if (string.IsNullOrWhiteSpace(reason) || reason.Trim().Length > MaxDescriptionLength)
            throw new DomainException($"Withdrawing a release needs a reason of 1-{MaxDescriptionLength} characters.");
        if (string.IsNullOrWhiteSpace(by)) throw new DomainException("Withdrawing a release names who withdrew it.");
        Status = FirmwareReleaseStatus.Withdrawn;
        WithdrawnAt = now;
        WithdrawnBy = by;
        WithdrawalReason = reason.Trim();
        AddDomainEvent(new FirmwareReleaseWithdrawn(Id, deviceClassName, FirmwareVersion, SequenceNumber, WithdrawalReason, by));
    }
}
