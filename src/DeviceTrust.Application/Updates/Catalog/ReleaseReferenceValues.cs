using DeviceTrust.Application.Common;
using DeviceTrust.Domain.Attestation;
using DeviceTrust.Domain.Fleet;
using DeviceTrust.Domain.Updates;
using Microsoft.EntityFrameworkCore;

namespace DeviceTrust.Application.Updates.Catalog;

internal static class ReleaseReferenceValues
{
    /// <summary>
    /// The class's reference values for the release's version (RFC 9334 §3.3), so a device that installed it attests
    /// affirming: each image's digest, and for each component the release does not install, the digest it had under the
    /// version of the release this one follows (a release of the application leaves the bootloader as it was).
    /// </summary>
    public static async Task StageAsync(IDeviceTrustDbContext db, DeviceClass deviceClass, FirmwareRelease release, Actor actor, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var existing = await ActiveValuesAsync(db, deviceClass.Id, release.FirmwareVersion, cancellationToken);
        var wanted = release.Images.Select(i => (i.Component, i.Digest)).ToList();
        var previous = await db.FirmwareReleases.AsNoTracking().Where(r => r.DeviceClassId == deviceClass.Id && r.SequenceNumber < release.SequenceNumber)
            .OrderByDescending(r => r.SequenceNumber).Select(r => r.FirmwareVersion).FirstOrDefaultAsync(cancellationToken);
        if (previous is not null)
            wanted.AddRange((await ActiveValuesAsync(db, deviceClass.Id, previous, cancellationToken))
                .Where(v => v.DigestAlgorithm == DigestAlgorithm.Sha256 && wanted.All(w => w.Component != v.Component)).Select(v => (v.Component, v.Digest)));
        foreach (var (component, digest) in wanted)
        {
            if (existing.FirstOrDefault(r => r.Component == component) is { } value)
            {
                if (value.Matches(DigestAlgorithm.Sha256, digest)) continue;
                throw new ConflictException($"{deviceClass.Name} {release.FirmwareVersion} {component} already has the reference value {Convert.ToHexStringLower(value.Digest)}; "
                                            + "a security officer removes it first, or the release takes another version.");
            }
            db.ReferenceValues.Add(ReferenceValue.Add(deviceClass.Id, deviceClass.Name, release.FirmwareVersion, component, DigestAlgorithm.Sha256, digest, actor.Name, now));
        }
    }

    private static Task<List<ReferenceValue>> ActiveValuesAsync(IDeviceTrustDbContext db, Guid deviceClassId, string version, CancellationToken cancellationToken) =>
        db.ReferenceValues.AsNoTracking().Where(r => r.DeviceClassId == deviceClassId && r.FirmwareVersion == version && r.RemovedAt == null).ToListAsync(cancellationToken);
}
