using DeviceTrust.Application.Common;
using DeviceTrust.Application.Provisioning;
using DeviceTrust.Application.TrustAnchors;
using DeviceTrust.Domain.Fleet;
using DeviceTrust.Domain.Trust;
using DeviceTrust.Suit;

namespace DeviceTrust.Application.Updates.Catalog;

/// <summary>Who may sign a class's firmware: the active FirmwareAuthor anchors that cover it (RFC 9019 §3, the author).</summary>
internal static class ReleaseSigners
{
    /// <summary>The anchor whose key verifies the envelope, named as the release records it: a certificate's subject, else the anchor's name.</summary>
    /// <exception cref="RequestValidationException">No anchor covers the class, or none verifies the envelope (each reason named).</exception>
    public static async Task<(string Signer, Guid AnchorId)> VerifyAsync(IDeviceTrustDbContext db, SuitEnvelope envelope, DeviceClass deviceClass, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var anchors = await DomainTrust.AnchorsAsync(db, TrustAnchorPurpose.FirmwareAuthor, deviceClass.Id, now, cancellationToken, certificatesOnly: false);
        if (anchors.Count == 0)
            throw RequestValidationException.For("envelope", $"No active FirmwareAuthor trust anchor covers {deviceClass.Name}: nobody may sign its firmware.");
        var reasons = new List<string>();
        foreach (var anchor in anchors)
        {
            using var key = AnchorKeys.EcdsaPublicKeyOf(anchor.Material);
            if (key is null)
            {
                reasons.Add($"{anchor.Name}: not an EC key");
                continue;
            }
            var verification = envelope.Verify(key);
            // A certificate names its subject; a bare key has none worth showing, so its anchor's name stands for it.
            if (verification.IsVerified)
                return (anchor.Material.Format == KeyMaterialFormat.X509Certificate && anchor.Material.Subject.Length > 0 ? anchor.Material.Subject : anchor.Name, anchor.Id);
            reasons.Add($"{anchor.Name}: {verification.Reason}");
        }
        throw RequestValidationException.For("envelope",
            $"The envelope does not verify with any FirmwareAuthor anchor of {deviceClass.Name} ({string.Join("; ", reasons)}).");
    }
}
