using DeviceTrust.Domain.Updates;
using DeviceTrust.Suit.Outline;

namespace DeviceTrust.Application.Updates.Catalog;

/// <summary>An image to publish: the catalog builds the manifest and signs it with its firmware-author key.</summary>
/// <param name="SequenceNumber">Null: one above the class's highest.</param>
/// <param name="Component">The component the image goes to (its SUIT component identifier is this name's UTF-8 bytes).</param>
public sealed record PublishImageRequest(Guid DeviceClassId, string Version, string Component, byte[] Image, long? SequenceNumber = null,
    string? Description = null);

/// <summary>An envelope signed elsewhere, with the images its manifest installs (those the catalog does not hold yet).</summary>
/// <param name="Version">Null: the component-version text of the manifest's first component.</param>
public sealed record PublishEnvelopeRequest(byte[] Envelope, IReadOnlyList<byte[]> Images, string? Version = null, string? Description = null);

public sealed record ReleaseImageItem(string Component, string Digest, long Size, string? Uri);

/// <summary>A release as the catalog lists it.</summary>
public sealed record FirmwareReleaseItem(Guid Id, Guid DeviceClassId, string DeviceClass, string Version, long SequenceNumber, string ManifestDigest,
    FirmwareReleaseOrigin Origin, string Signer, long Size, FirmwareReleaseStatus Status, bool IsLatest, DateTimeOffset PublishedAt, string PublishedBy,
    string? Description, IReadOnlyList<ReleaseImageItem> Images, DateTimeOffset? WithdrawnAt, string? WithdrawnBy, string? WithdrawalReason)
{
    /// <summary>
    /// Whether an operator may roll back to it (<see cref="PublishFirmwareHandler.RollBackToAsync"/>): an available release
    /// that is not the latest. A withdrawn one is refused: publishing its images again would undo the withdrawal.
    /// </summary>
    public bool CanRollBack => Status == FirmwareReleaseStatus.Available && !IsLatest;
}

/// <summary>A release's manifest as people read it: an outline (also as indented lines) and CBOR diagnostic notation of the
/// whole envelope and of the manifest alone.</summary>
public sealed record ManifestView(FirmwareReleaseItem Release, SuitOutlineNode Outline, IReadOnlyList<string> Lines, string EnvelopeDiagnostic,
    string ManifestDiagnostic);

public sealed record ManifestComparison(FirmwareReleaseItem From, FirmwareReleaseItem To, IReadOnlyList<DiffLine> Lines);
