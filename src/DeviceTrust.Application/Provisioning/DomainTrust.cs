using System.Security.Cryptography.X509Certificates;
using DeviceTrust.Application.Common;
using DeviceTrust.Domain.Trust;
using DeviceTrust.Enrollment.Pki;
using Microsoft.EntityFrameworkCore;

namespace DeviceTrust.Application.Provisioning;

/// <summary>
/// The one place the registrar and EST ask which anchors the domain trusts, so retiring an anchor takes effect at both
/// alike: active anchors of a purpose that cover a device class now.
/// </summary>
internal static class DomainTrust
{
    /// <param name="certificatesOnly">Only anchors that are certificates (chain building needs them); false for purposes
    /// whose anchor is a bare key as well (SubjectPublicKeyInfo, COSE_Key).</param>
    public static async Task<List<TrustAnchor>> AnchorsAsync(IDeviceTrustDbContext db, TrustAnchorPurpose purpose, Guid deviceClassId, DateTimeOffset now,
        CancellationToken cancellationToken, bool certificatesOnly = true)
    {
        var candidates = await db.TrustAnchors.AsNoTracking()
            .Where(a => a.Purpose == purpose && a.Status == TrustAnchorStatus.Active && (!certificatesOnly || a.Material.Format == KeyMaterialFormat.X509Certificate))
            .ToListAsync(cancellationToken);
        return candidates.Where(a => a.IsTrustedFor(purpose, deviceClassId, now)).ToList();
    }

    /// <summary>
    /// The IDevID chains, valid now, to a manufacturer IDevID CA trusted for the class (RFC 8995 5.5: the registrar
    /// authenticates the pledge by its IDevID).
    /// </summary>
    /// <exception cref="ProvisioningRefusedException">No trusted anchor, or the chain fails against each (every reason named).</exception>
    public static async Task EnsureIdevidTrustedAsync(IDeviceTrustDbContext db, X509Certificate2 idevid, IReadOnlyList<X509Certificate2> intermediates,
        Guid deviceClassId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var reasons = new List<string>();
        foreach (var anchor in await AnchorsAsync(db, TrustAnchorPurpose.ManufacturerIdevidCa, deviceClassId, now, cancellationToken))
        {
            var anchorCertificate = DecodedCertificates.Get(anchor.Material.Encoded);
            var chain = ChainValidator.Validate(idevid, anchorCertificate, now, intermediates);
            if (chain.IsValid) return;
            reasons.Add($"{anchor.Name}: {chain.Reason}");
        }
        throw new ProvisioningRefusedException(reasons.Count == 0
            ? "No manufacturer IDevID CA is trusted for this device class."
            : $"The IDevID does not chain to a trusted manufacturer CA ({string.Join("; ", reasons)}).", idevid.NotAfter.ToUniversalTime() <= now.UtcDateTime ? Domain.Refusals.RefusalCategory.ExpiredCertificate : Domain.Refusals.RefusalCategory.UntrustedIdevid);
    }
}
