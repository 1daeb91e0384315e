using System.Security.Cryptography;
using DeviceTrust.Application.Audit;
using DeviceTrust.Application.Common;
using DeviceTrust.Domain;
using DeviceTrust.Domain.Accounts;
using DeviceTrust.Domain.Attestation;
using DeviceTrust.Domain.Fleet;
using DeviceTrust.Domain.Updates;
using DeviceTrust.Suit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DeviceTrust.Application.Updates.Catalog;

/// <summary>
/// Puts firmware into the catalog, two ways: an image the catalog wraps in a manifest it signs, or an envelope signed by
/// its author elsewhere, verified against the FirmwareAuthor anchors of the class it names. Either way the release, its
/// images (stored once by digest) and the class's reference values for it (component → digest, RFC 9334 §3.3) are saved
/// in one transaction with their audit entries, or, on any refusal, nothing is.
/// </summary>
public sealed class PublishFirmwareHandler(IDeviceTrustDbContextFactory dbFactory, AuditTrail audit, FirmwareAuthorKey author,
    IOptions<FirmwareCatalogOptions> options, TimeProvider time)
{
    private const string EnglishText = "en";

    public async Task<FirmwareReleaseItem> PublishImageAsync(Actor actor, PublishImageRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(request);
        actor.EnsureInRole(Roles.Operator);
        CheckImageSize("image", request.Image);
        if (string.IsNullOrWhiteSpace(request.Component) || request.Component.Trim().Length > ReleaseImage.MaxComponentLength)
            throw RequestValidationException.For("component", $"The component is named in 1-{ReleaseImage.MaxComponentLength} characters.");
        if (string.IsNullOrWhiteSpace(request.Version) || request.Version.Trim().Length > FirmwareRelease.MaxVersionLength)
            throw RequestValidationException.For("version", $"A release needs a version of 1-{FirmwareRelease.MaxVersionLength} characters.");
        if (request.SequenceNumber is < 0)
            throw RequestValidationException.For("sequenceNumber", "A SUIT sequence number is an unsigned integer: 0 or more.");
        await using var db = await dbFactory.CreateAsync(cancellationToken);
        var deviceClass = await db.DeviceClasses.AsNoTracking().FirstOrDefaultAsync(c => c.Id == request.DeviceClassId, cancellationToken)
                          ?? throw RequestValidationException.For("deviceClassId", $"No device class has id {request.DeviceClassId}.");
        var component = request.Component.Trim();
        return await PublishSignedAsync(db, deviceClass, request.Version.Trim(), [([System.Text.Encoding.UTF8.GetBytes(component)], request.Image)],
            request.SequenceNumber, request.Description, actor, cancellationToken);
    }

    /// <summary>
    /// A rollback: the images of an earlier release of the class, as a new release the catalog signs, with a sequence number
    /// above every release of the class (RFC 9124 REQ.SEC.SEQUENCE: devices never accept a lower one, so an older release
    /// is never offered again as it was). Its version is <paramref name="version"/>, or the earlier one's with "-rollback".
    /// </summary>
    public async Task<FirmwareReleaseItem> RollBackToAsync(Actor actor, Guid releaseId, string? version = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        actor.EnsureInRole(Roles.Operator);
        await using var db = await dbFactory.CreateAsync(cancellationToken);
        var earlier = await db.FirmwareReleases.AsNoTracking().FirstOrDefaultAsync(r => r.Id == releaseId, cancellationToken) ?? throw new NotFoundException($"Release {releaseId}");
        if (earlier.Status == FirmwareReleaseStatus.Withdrawn)
            throw new ConflictException($"Release {earlier.FirmwareVersion} is withdrawn ({earlier.WithdrawalReason}): rolling back to it would publish its images again.");
        var deviceClass = await db.DeviceClasses.AsNoTracking().FirstAsync(c => c.Id == earlier.DeviceClassId, cancellationToken);
        var images = new List<(IReadOnlyList<byte[]> ComponentId, byte[] Content)>();
        foreach (var image in earlier.Images)
        {
            var content = await db.FirmwareImages.AsNoTracking().Where(i => i.DigestHex == image.DigestHex).Select(i => i.Content).FirstOrDefaultAsync(cancellationToken)
                          ?? throw new ConflictException($"The catalog no longer holds the {image.Component} image {image.DigestHex} of release {earlier.FirmwareVersion}.");
            images.Add((ComponentIdOf(image), content));
        }
        var newVersion = string.IsNullOrWhiteSpace(version) ? $"{earlier.FirmwareVersion}-rollback" : version.Trim();
        if (newVersion.Length > FirmwareRelease.MaxVersionLength)
            throw RequestValidationException.For("version", $"A release needs a version of 1-{FirmwareRelease.MaxVersionLength} characters.");
        return await PublishSignedAsync(db, deviceClass, newVersion, images, null,
            $"Rollback to {earlier.FirmwareVersion} (sequence number {earlier.SequenceNumber}): its images under a new sequence number", actor, cancellationToken);
    }

    // The catalog builds the manifest around the images (vendor and class ids, each image's digest, size and URI, the
    // version as component-version text) and signs it with its firmware-author key.
    private async Task<FirmwareReleaseItem> PublishSignedAsync(IDeviceTrustDbContext db, DeviceClass deviceClass, string version,
        IReadOnlyList<(IReadOnlyList<byte[]> ComponentId, byte[] Content)> images, long? sequenceNumber, string? description, Actor actor, CancellationToken cancellationToken)
    {
        var manufacturer = await db.Manufacturers.AsNoTracking().Where(m => m.Id == deviceClass.ManufacturerId).Select(m => m.Name).FirstOrDefaultAsync(cancellationToken);
        var current = await CurrentSequenceAsync(db, deviceClass.Id, cancellationToken);
        var sequence = sequenceNumber ?? (current ?? 0) + 1;
        var builder = new SuitManifestBuilder(checked((ulong)sequence), deviceClass.VendorId.ToByteArray(bigEndian: true),
            deviceClass.ClassId.ToByteArray(bigEndian: true));
        var uploaded = new Dictionary<string, byte[]>();
        for (var i = 0; i < images.Count; i++)
        {
            var (componentId, content) = images[i];
            var digest = SHA256.HashData(content);
            var digestHex = Convert.ToHexStringLower(digest);
            uploaded.TryAdd(digestHex, content);
            builder.AddImage(new SuitImage(componentId, digest, (ulong)content.Length) { Uri = options.Value.ImageUri(digestHex) })
                .ComponentText(EnglishText, i, SuitTextKeys.ComponentVersion, version)
                .ComponentText(EnglishText, i, SuitTextKeys.ModelName, deviceClass.HardwareModel);
            if (manufacturer is not null) builder.ComponentText(EnglishText, i, SuitTextKeys.VendorName, manufacturer);
        }
        if (!string.IsNullOrWhiteSpace(description)) builder.Text(EnglishText, SuitTextKeys.ManifestDescription, description.Trim());
        var envelopeBytes = author.Sign(builder.Build());
        var envelope = SuitEnvelope.Decode(envelopeBytes);
        // Checked as an envelope signed elsewhere is: an active FirmwareAuthor anchor of the class must verify it.
        Guid anchorId;
        try
        {
            (_, anchorId) = await ReleaseSigners.VerifyAsync(db, envelope, deviceClass, time.GetUtcNow(), cancellationToken);
        }
        catch (RequestValidationException e)
        {
            throw new ConflictException($"No active FirmwareAuthor anchor of {deviceClass.Name} verifies what the catalog signs (its own anchor \"{FirmwareAuthorKey.AnchorName}\" "
                                        + "retired, or scoped to other classes): devices would refuse it. Upload envelopes signed by another author instead.", e);
        }
        var release = await StageAsync(db, deviceClass, envelope, envelopeBytes, uploaded, version, description, FirmwareReleaseOrigin.CatalogSigned,
            author.Certificate.Subject, anchorId, current, actor, cancellationToken);
        await SaveAsync(db, deviceClass, release, cancellationToken);
        return await new FirmwareCatalogQueries(dbFactory).GetAsync(release.Id, cancellationToken);
    }

    // ReleaseImage keeps the SUIT_Component_Identifier as encoded CBOR ([* bstr]).
    private static IReadOnlyList<byte[]> ComponentIdOf(ReleaseImage image)
    {
        var reader = new System.Formats.Cbor.CborReader(Convert.FromHexString(image.ComponentIdHex));
        var parts = new List<byte[]>();
        reader.ReadStartArray();
        while (reader.PeekState() != System.Formats.Cbor.CborReaderState.EndArray) parts.Add(reader.ReadByteString());
        reader.ReadEndArray();
        return parts;
    }

    public async Task<FirmwareReleaseItem> PublishEnvelopeAsync(Actor actor, PublishEnvelopeRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(request);
        actor.EnsureInRole(Roles.Operator);
        if (request.Envelope is not { Length: > 0 } || request.Envelope.Length > options.Value.MaxEnvelopeBytes)
            throw RequestValidationException.For("envelope", $"The envelope is 1-{options.Value.MaxEnvelopeBytes} bytes, not {request.Envelope?.Length ?? 0}.");
        var uploads = request.Images ?? [];
        foreach (var (image, i) in uploads.Select((image, i) => (image, i))) CheckImageSize($"images[{i}]", image);
        SuitEnvelope envelope;
        try
        {
            envelope = SuitEnvelope.Decode(request.Envelope);
        }
        catch (SuitFormatException e)
        {
            throw RequestValidationException.For("envelope", $"Not a well-formed SUIT envelope: {e.Message}");
        }
        await using var db = await dbFactory.CreateAsync(cancellationToken);
        var facts = ManifestFacts.Of(envelope);
        var deviceClass = await ClassOfAsync(db, facts, cancellationToken);
        var (signer, anchorId) = await ReleaseSigners.VerifyAsync(db, envelope, deviceClass, time.GetUtcNow(), cancellationToken);
        var current = await CurrentSequenceAsync(db, deviceClass.Id, cancellationToken);
        var images = new Dictionary<string, byte[]>();
        foreach (var image in uploads) images.TryAdd(Convert.ToHexStringLower(SHA256.HashData(image)), image);
        var version = request.Version?.Trim() is { Length: > 0 } given ? given
            : facts.Components.Select(c => c.Version).FirstOrDefault(v => v is not null)
              ?? throw RequestValidationException.For("version", "The manifest gives no component-version text: name the release's version.");
        var release = await StageAsync(db, deviceClass, envelope, request.Envelope, images, version, request.Description, FirmwareReleaseOrigin.AuthorSigned,
            signer, anchorId, current, actor, cancellationToken);
        await SaveAsync(db, deviceClass, release, cancellationToken);
        return await new FirmwareCatalogQueries(dbFactory).GetAsync(release.Id, cancellationToken);
    }

    public async Task WithdrawAsync(Actor actor, Guid releaseId, string reason, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        actor.EnsureInRole(Roles.Operator);
        await using var db = await dbFactory.CreateAsync(cancellationToken);
        var release = await db.FirmwareReleases.FirstOrDefaultAsync(r => r.Id == releaseId, cancellationToken) ?? throw new NotFoundException($"Release {releaseId}");
        var className = await db.DeviceClasses.Where(c => c.Id == release.DeviceClassId).Select(c => c.Name).FirstAsync(cancellationToken);
        try
        {
            release.Withdraw(className, reason, actor.Name, time.GetUtcNow());
        }
        catch (DomainException e) when (release.Status == FirmwareReleaseStatus.Withdrawn)
        {
            throw new ConflictException(e.Message);
        }
        catch (DomainException e)
        {
            throw RequestValidationException.For("reason", e.Message);
        }
        await audit.SaveAsync(db, cancellationToken);
    }

    private void CheckImageSize(string field, byte[]? image)
    {
        if (image is not { Length: > 0 }) throw RequestValidationException.For(field, "The image is empty.");
        if (image.Length > options.Value.MaxImageBytes)
            throw RequestValidationException.For(field, $"The image is {image.Length} bytes; the catalog accepts at most {options.Value.MaxImageBytes}.");
    }

    private static async Task<long?> CurrentSequenceAsync(IDeviceTrustDbContext db, Guid deviceClassId, CancellationToken cancellationToken) =>
        await db.FirmwareReleases.Where(r => r.DeviceClassId == deviceClassId).MaxAsync(r => (long?)r.SequenceNumber, cancellationToken);

    // The signed vendor and class identifiers name exactly one known class, and the manifest checks them.
    private static async Task<DeviceClass> ClassOfAsync(IDeviceTrustDbContext db, ManifestFacts facts, CancellationToken cancellationToken)
    {
        if (facts.ClassIds.Count == 0 || facts.VendorIds.Count == 0)
            throw RequestValidationException.For("envelope", "The manifest sets no vendor-id and class-id UUIDs: the catalog cannot tell which devices it is for.");
        if (!facts.ChecksVendor || !facts.ChecksClass)
            throw RequestValidationException.For("envelope",
                "The manifest does not check condition-vendor-identifier and condition-class-identifier: it could install on any device (RFC 9124 THREAT.IMG.INCOMPATIBLE).");
        if (facts.UnknownCommands.Count > 0)
            throw RequestValidationException.For("envelope", $"The manifest uses command(s) {string.Join(", ", facts.UnknownCommands)} that devices do not run "
                                                             + "(draft-ietf-suit-manifest §8.4.10, §8.4.11): they would report command-unsupported.");
        if (facts.ClassIds.Count > 1 || facts.VendorIds.Count > 1)
            throw RequestValidationException.For("envelope", $"The manifest names {facts.VendorIds.Count} vendor(s) and {facts.ClassIds.Count} class(es); a release is for one class.");
        var (vendorId, classId) = (facts.VendorIds.Single(), facts.ClassIds.Single());
        return await db.DeviceClasses.AsNoTracking().FirstOrDefaultAsync(c => c.VendorId == vendorId && c.ClassId == classId, cancellationToken)
               ?? throw RequestValidationException.For("envelope", $"No device class has vendor-id {vendorId} and class-id {classId}.");
    }

    private async Task<FirmwareRelease> StageAsync(IDeviceTrustDbContext db, DeviceClass deviceClass, SuitEnvelope envelope, byte[] envelopeBytes,
        Dictionary<string, byte[]> uploaded, string version, string? description, FirmwareReleaseOrigin origin, string signer, Guid anchorId, long? current,
        Actor actor, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var manifest = envelope.Manifest;
        if (manifest.SequenceNumber > long.MaxValue)
            throw RequestValidationException.For("sequenceNumber", $"Sequence number {manifest.SequenceNumber} is above {long.MaxValue}, the catalog's limit.");
        if (await db.FirmwareReleases.AnyAsync(r => r.DeviceClassId == deviceClass.Id && r.FirmwareVersion == version, cancellationToken))
            throw new ConflictException($"{deviceClass.Name} already has a release {version}.");
        var images = await ReleaseImages.StageAsync(db, envelope, uploaded, actor, now, cancellationToken);
        FirmwareRelease release;
        try
        {
            release = FirmwareRelease.Publish(deviceClass.Id, deviceClass.Name, version, (long)manifest.SequenceNumber, current,
                envelope.Authentication.Digest.Bytes.ToArray(), envelopeBytes, origin, signer, anchorId, description, images, actor.Name, now);
        }
        catch (DomainException e)
        {
            throw RequestValidationException.For(e.Message.StartsWith("Sequence number", StringComparison.Ordinal) ? "sequenceNumber" : "release", e.Message);
        }
        if (await db.FirmwareReleases.AnyAsync(r => r.ManifestDigest == release.ManifestDigest, cancellationToken))
            throw new ConflictException("The catalog already holds this manifest.");
        db.FirmwareReleases.Add(release);
        await ReleaseReferenceValues.StageAsync(db, deviceClass, release, actor, now, cancellationToken);
        return release;
    }

    private async Task SaveAsync(IDeviceTrustDbContext db, DeviceClass deviceClass, FirmwareRelease release, CancellationToken cancellationToken)
    {
        try
        {
            await audit.SaveAsync(db, cancellationToken);
        }
        catch (DbUpdateException e) when (e is not DbUpdateConcurrencyException)
        {
            // The unique indexes: another publication took this sequence number, version or manifest meanwhile.
            throw new ConflictException($"Another release of {deviceClass.Name} with sequence number {release.SequenceNumber} or version {release.FirmwareVersion} was published meanwhile.", e);
        }
    }


}
