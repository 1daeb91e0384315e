using DeviceTrust.Application.Common;
using DeviceTrust.Application.Provisioning;
using DeviceTrust.Domain.Trust;
using Microsoft.EntityFrameworkCore;

namespace DeviceTrust.Application.Updates.Catalog;

/// <summary>One FirmwareAuthor anchor as a device gets it: "certificate" (DER X.509) or "spki" (DER SubjectPublicKeyInfo).</summary>
public sealed record DeviceAnchor(string Name, string Format, string Der);

/// <summary>
/// The FirmwareAuthor anchors a device verifies its manifests with (docs/update-protocol.md §2): the active ones that cover
/// its class, certificates and bare keys (a COSE_Key anchor is given as its SubjectPublicKeyInfo).
/// </summary>
public sealed class DeviceTrustAnchors(IDeviceTrustDbContextFactory dbFactory, TimeProvider time)
{
    public async Task<IReadOnlyList<DeviceAnchor>> FirmwareAuthorsAsync(Guid deviceId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateAsync(cancellationToken);
        var classId = await db.Devices.AsNoTracking().Where(d => d.Id == deviceId).Select(d => (Guid?)d.DeviceClassId).FirstOrDefaultAsync(cancellationToken)
                      ?? throw new NotFoundException($"Device {deviceId}");
        var anchors = await DomainTrust.AnchorsAsync(db, TrustAnchorPurpose.FirmwareAuthor, classId, time.GetUtcNow(), cancellationToken, certificatesOnly: false);
        var result = new List<DeviceAnchor>();
        foreach (var anchor in anchors)
        {
            switch (anchor.Material.Format)
            {
                case KeyMaterialFormat.X509Certificate:
                    result.Add(new DeviceAnchor(anchor.Name, "certificate", Convert.ToBase64String(anchor.Material.Encoded)));
                    break;
                default:
                    using (var key = TrustAnchors.AnchorKeys.EcdsaPublicKeyOf(anchor.Material))
                        if (key is not null) result.Add(new DeviceAnchor(anchor.Name, "spki", Convert.ToBase64String(key.ExportSubjectPublicKeyInfo())));
                    break;
            }
        }
        return result;
    }
}
