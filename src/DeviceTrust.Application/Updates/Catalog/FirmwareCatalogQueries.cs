using DeviceTrust.Application.Common;
using DeviceTrust.Domain.Updates;
using DeviceTrust.Cose.Cbor;
using DeviceTrust.Suit;
using DeviceTrust.Suit.Outline;
using Microsoft.EntityFrameworkCore;

namespace DeviceTrust.Application.Updates.Catalog;

/// <summary>The catalog's read side, for every signed-in role and for devices (envelopes and images).</summary>
public sealed class FirmwareCatalogQueries(IDeviceTrustDbContextFactory dbFactory)
{
    public async Task<IReadOnlyList<FirmwareReleaseItem>> ListAsync(Guid? deviceClassId = null, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateAsync(cancellationToken);
        var query = db.FirmwareReleases.AsNoTracking();
        if (deviceClassId is { } classId) query = query.Where(r => r.DeviceClassId == classId);
        var rows = await (from r in query join c in db.DeviceClasses on r.DeviceClassId equals c.Id select new { Release = r, Class = c.Name }).ToListAsync(cancellationToken);
        var latest = rows.Where(r => r.Release.Status == FirmwareReleaseStatus.Available).GroupBy(r => r.Release.DeviceClassId)
            .Select(g => g.MaxBy(r => r.Release.SequenceNumber)!.Release.Id).ToHashSet();
        return rows.OrderBy(r => r.Class, StringComparer.Ordinal).ThenByDescending(r => r.Release.SequenceNumber)
            .Select(r => Item(r.Release, r.Class, latest.Contains(r.Release.Id))).ToList();
    }

    public async Task<FirmwareReleaseItem> GetAsync(Guid releaseId, CancellationToken cancellationToken = default) =>
        (await ListAsync(null, cancellationToken)).FirstOrDefault(r => r.Id == releaseId) ?? throw new NotFoundException($"Release {releaseId}");

    /// <summary>The release's signed envelope as published, and the class it is for.</summary>
    public async Task<(byte[] Envelope, FirmwareRelease Release)> EnvelopeAsync(Guid releaseId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateAsync(cancellationToken);
        var release = await db.FirmwareReleases.AsNoTracking().FirstOrDefaultAsync(r => r.Id == releaseId, cancellationToken)
                      ?? throw new NotFoundException($"Release {releaseId}");
        return (release.Envelope, release);
    }

    /// <summary>An image's bytes by SHA-256 (lowercase hex), or null when the catalog holds none.</summary>
    public async Task<byte[]?> ImageAsync(string digestHex, CancellationToken cancellationToken = default)
    {
        var key = digestHex.Trim().ToLowerInvariant();
        await using var db = await dbFactory.CreateAsync(cancellationToken);
        return await db.FirmwareImages.AsNoTracking().Where(i => i.DigestHex == key).Select(i => i.Content).FirstOrDefaultAsync(cancellationToken);
    }

    public async Task<Guid?> DeviceClassOfAsync(Guid deviceId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateAsync(cancellationToken);
        return await db.Devices.AsNoTracking().Where(d => d.Id == deviceId).Select(d => (Guid?)d.DeviceClassId).FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>Whether a release of the class installs the image with this SHA-256 (hex).</summary>
    public async Task<bool> IsPublishedForClassAsync(string digestHex, Guid deviceClassId, CancellationToken cancellationToken = default)
    {
        var key = digestHex.Trim().ToLowerInvariant();
        await using var db = await dbFactory.CreateAsync(cancellationToken);
        var releases = await db.FirmwareReleases.AsNoTracking().Where(r => r.DeviceClassId == deviceClassId).ToListAsync(cancellationToken);
        return releases.Any(r => r.Images.Any(i => i.DigestHex == key));
    }

    /// <summary>The release's manifest as an outline and in CBOR diagnostic notation (RFC 8949 §8).</summary>
    public async Task<ManifestView> ManifestAsync(Guid releaseId, CancellationToken cancellationToken = default)
    {
        var release = await GetAsync(releaseId, cancellationToken);
        var (envelope, _) = await EnvelopeAsync(releaseId, cancellationToken);
        var decoded = SuitEnvelope.Decode(envelope);
        var outline = SuitOutline.Of(decoded);
        return new ManifestView(release, outline, SuitOutline.Lines(outline), CborDiagnostic.Write(envelope), CborDiagnostic.Write(decoded.EncodedManifest[HeadLength(decoded.EncodedManifest)..]));
    }

    /// <summary>What changed from one release's manifest to another's, line by line of their outlines.</summary>
    public async Task<ManifestComparison> CompareAsync(Guid fromId, Guid toId, CancellationToken cancellationToken = default)
    {
        var from = await ManifestAsync(fromId, cancellationToken);
        var to = await ManifestAsync(toId, cancellationToken);
        return new ManifestComparison(from.Release, to.Release, ManifestDiff.Of(from.Lines, to.Lines));
    }

    // The manifest member is a byte string; its diagnostic notation is of the map inside, after the head.
    private static int HeadLength(ReadOnlyMemory<byte> byteString)
    {
        var reader = new System.Formats.Cbor.CborReader(byteString);
        var content = reader.ReadByteString();
        return byteString.Length - content.Length;
    }

    internal static FirmwareReleaseItem Item(FirmwareRelease r, string className, bool isLatest)
    {
        var facts = ManifestFacts.Of(SuitEnvelope.Decode(r.Envelope));
        return new FirmwareReleaseItem(r.Id, r.DeviceClassId, className, r.FirmwareVersion, r.SequenceNumber, Convert.ToHexStringLower(r.ManifestDigest), r.Origin, r.Signer,
            r.TotalSize, r.Status, isLatest, r.PublishedAt, r.PublishedBy, r.Description,
            r.Images.Select(i => new ReleaseImageItem(i.Component, i.DigestHex, i.Size, facts.Components.FirstOrDefault(c => c.Name == i.Component)?.Uri)).ToList(),
            r.WithdrawnAt, r.WithdrawnBy, r.WithdrawalReason);
    }
}
