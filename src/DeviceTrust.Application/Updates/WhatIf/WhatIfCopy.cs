using DeviceTrust.Application.Common;
using DeviceTrust.Application.TrustAnchors;
using DeviceTrust.Domain.Devices;
using DeviceTrust.Domain.Fleet;
using DeviceTrust.Domain.Trust;
using DeviceTrust.Domain.Updates;
using DeviceTrust.Suit;
using Microsoft.EntityFrameworkCore;

namespace DeviceTrust.Application.Updates.WhatIf;

/// <summary>
/// What a sandbox takes from the real database, read once and without tracking: the release with its images, its class and
/// the class's manufacturer, and the group. Not copied: trust anchors (the envelope is verified here, once, against the
/// FirmwareAuthor anchors the class's devices would fetch; nothing in the sandbox reads anchors) and reference values (the
/// virtual devices' appraisals are recorded without running the verifier).
/// </summary>
public sealed class WhatIfCopy
{
    /// <summary>The virtual devices' serial numbers: WHATIF-00001…</summary>
    public const string SerialPrefix = "WHATIF-";

    private WhatIfCopy(Manufacturer manufacturer, DeviceClass deviceClass, DeviceGroup? group, FirmwareRelease release, List<FirmwareImage> images,
        WhatIfRelease view, int realDevices)
    {
        RealDevices = realDevices;
        Manufacturer = manufacturer;
        DeviceClass = deviceClass;
        Group = group;
        FirmwareRelease = release;
        Images = images;
        Release = view;
    }

    public Manufacturer Manufacturer { get; }
    public DeviceClass DeviceClass { get; }
    public DeviceGroup? Group { get; }
    public FirmwareRelease FirmwareRelease { get; }
    public List<FirmwareImage> Images { get; }
    public WhatIfRelease Release { get; }
    /// <summary>How many devices the class (or the group) has in the real database: the default fleet size.</summary>
    public int RealDevices { get; }

    /// <exception cref="RequestValidationException">No such release or group.</exception>
    public static async Task<WhatIfCopy> ReadAsync(IDeviceTrustDbContextFactory real, WhatIfRequest request, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var db = await real.CreateAsync(cancellationToken);
        var release = await db.FirmwareReleases.AsNoTracking().FirstOrDefaultAsync(r => r.Id == request.ReleaseId, cancellationToken)
                      ?? throw RequestValidationException.For("releaseId", $"No release has id {request.ReleaseId}.");
        if (release.Status != FirmwareReleaseStatus.Available)
            throw RequestValidationException.For("releaseId", $"Release {release.FirmwareVersion} is withdrawn: it cannot be rolled out.");
        var deviceClass = await db.DeviceClasses.AsNoTracking().FirstAsync(c => c.Id == release.DeviceClassId, cancellationToken);
        var manufacturer = await db.Manufacturers.AsNoTracking().FirstAsync(m => m.Id == deviceClass.ManufacturerId, cancellationToken);
        DeviceGroup? group = null;
        if (request.GroupId is { } groupId)
            group = await db.DeviceGroups.AsNoTracking().FirstOrDefaultAsync(g => g.Id == groupId, cancellationToken)
                    ?? throw RequestValidationException.For("groupId", $"No group has id {groupId}.");
        var digests = release.Images.Select(i => i.DigestHex).ToList();
        var images = await db.FirmwareImages.AsNoTracking().Where(i => digests.Contains(i.DigestHex)).ToListAsync(cancellationToken);
        var anchors = (await db.TrustAnchors.AsNoTracking().Where(a => a.Purpose == TrustAnchorPurpose.FirmwareAuthor).ToListAsync(cancellationToken))
            .Where(a => a.IsTrustedFor(TrustAnchorPurpose.FirmwareAuthor, deviceClass.Id, now)).ToList();
        var view = new WhatIfRelease(release.Id, deviceClass.Id, deviceClass.Name, release.FirmwareVersion, release.SequenceNumber, release.ManifestDigest,
            release.Envelope, Verifies(release.Envelope, anchors));
        var devices = db.Devices.AsNoTracking().Where(d => d.DeviceClassId == deviceClass.Id);
        if (group is not null) devices = devices.Where(d => d.GroupId == group.Id);
        return new WhatIfCopy(manufacturer, deviceClass, group, release, images, view, await devices.CountAsync(cancellationToken));
    }

    /// <summary>What every device of the class would conclude: the envelope decodes and one of its FirmwareAuthor anchors verifies it.</summary>
    private static bool Verifies(byte[] encoded, IReadOnlyList<TrustAnchor> anchors)
    {
        SuitEnvelope envelope;
        try
        {
            envelope = SuitEnvelope.Decode(encoded);
        }
        catch (SuitFormatException)
        {
            return false;
        }
        foreach (var anchor in anchors)
        {
            using var key = AnchorKeys.EcdsaPublicKeyOf(anchor.Material);
            if (key is not null && envelope.Verify(key).IsVerified) return true;
        }
        return false;
    }

    /// <summary>Writes the copy into the sandbox as it was (same ids), without audit: set-up, not history.</summary>
    public async Task WriteAsync(IDeviceTrustDbContextFactory sandbox, CancellationToken cancellationToken)
    {
        await using var db = await sandbox.CreateAsync(cancellationToken);
        db.Manufacturers.Add(Manufacturer);
        db.DeviceClasses.Add(DeviceClass);
        if (Group is not null) db.DeviceGroups.Add(Group);
        db.FirmwareImages.AddRange(Images);
        db.FirmwareReleases.Add(FirmwareRelease);
        await db.SaveChangesAsync(SaveDurability.Deferred, cancellationToken);
    }

    /// <summary>Operational devices of the class (in the group, if the plan has one), registered in one save without audit: set-up, not history.</summary>
    public async Task AddDevicesAsync(IDeviceTrustDbContextFactory sandbox, WhatIfFleet fleet, DateTimeOffset now, int count, CancellationToken cancellationToken)
    {
        await using var db = await sandbox.CreateAsync(cancellationToken);
        for (var i = 1; i <= count; i++)
        {
            var device = Device.Register($"{SerialPrefix}{i:D5}", DeviceClass, Group, "system:what-if", now);
            foreach (var step in (DeviceState[])[DeviceState.Bootstrapping, DeviceState.Enrolled, DeviceState.Operational])
                device.TransitionTo(step, "what-if set-up", "system:what-if", now);
            device.ClearDomainEvents();
            db.Devices.Add(device);
            fleet.Add(device.Id, device.SerialNumber);
        }
        await db.SaveChangesAsync(SaveDurability.Deferred, cancellationToken);
    }
}
