using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DeviceTrust.Application.Audit;
using DeviceTrust.Application.Common;
using DeviceTrust.Application.Provisioning;
using DeviceTrust.Application.TrustAnchors;
using DeviceTrust.Cose;
using DeviceTrust.Domain.Trust;
using DeviceTrust.Enrollment.Pki;
using DeviceTrust.Suit;
using Microsoft.EntityFrameworkCore;

namespace DeviceTrust.Application.Updates.Catalog;

/// <summary>
/// The catalog's firmware-author key (RFC 9019 §3, the "author" role), which signs the manifests the catalog builds
/// around uploaded images. Made at first start and kept like the domain PKI's keys (protected at rest, never logged).
/// Devices and the catalog trust it as every other author: through a FirmwareAuthor anchor (of the "DeviceTrust firmware
/// catalog" TPA, covering every class), so a security officer who retires that anchor stops the catalog's own releases.
/// </summary>
public sealed class FirmwareAuthorKey(IDeviceTrustDbContextFactory dbFactory, IPrivateKeyProtector protector, AuditTrail audit, TimeProvider time)
{
    public const string TpaName = "DeviceTrust firmware catalog";
    public const string AnchorName = "DeviceTrust firmware catalog";

    private Loaded? _loaded;

    private Loaded Current => _loaded ?? throw new InvalidOperationException("The firmware author key is not loaded; call EnsureCreatedAsync at start.");

    /// <summary>The signer's certificate, as its FirmwareAuthor anchor holds it.</summary>
    public X509Certificate2 Certificate => Current.Certificate;

    /// <summary>Signs a manifest into an envelope with ES256.</summary>
    public byte[] Sign(SuitManifest manifest, SuitSignOptions? options = null) => SuitSigner.Sign(manifest, Current.Key, CoseAlgorithms.ES256, options);

    public async Task EnsureCreatedAsync(CancellationToken cancellationToken = default)
    {
        if (_loaded is not null) return;
        await using var db = await dbFactory.CreateAsync(cancellationToken);
        var stored = await db.PkiCredentials.AsNoTracking().FirstOrDefaultAsync(c => c.Role == PkiCredentialRole.FirmwareAuthorSigning, cancellationToken);
        if (stored is null)
        {
            var now = time.GetUtcNow();
            using var certificate = SigningCertificates.CreateSelfSigned(new X500DistinguishedName("CN=DeviceTrust firmware catalog, O=DeviceTrust"),
                TimeSpan.FromDays(365.25 * 10), time);
            using var created = certificate.GetECDsaPrivateKey()!;
            stored = PkiCredential.Create(PkiCredentialRole.FirmwareAuthorSigning, certificate.RawData, protector.Protect(created.ExportPkcs8PrivateKey()), now);
            db.PkiCredentials.Add(stored);
            await TrustAsync(db, certificate, now, cancellationToken);
            await audit.SaveAsync(db, cancellationToken);
        }
        var key = ECDsa.Create();
        key.ImportPkcs8PrivateKey(protector.Unprotect(stored.ProtectedPrivateKey), out _);
        _loaded = new Loaded(key, X509CertificateLoader.LoadCertificate(stored.CertificateDer));
    }

    // Its own TPA, granted FirmwareAuthor for every class, owns the anchor: trust in the catalog's key is managed on the
    // trust-anchor page like any other author's.
    private static async Task TrustAsync(IDeviceTrustDbContext db, X509Certificate2 certificate, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var tpa = await db.ProvisioningAuthorities.FirstOrDefaultAsync(p => p.Name == TpaName, cancellationToken);
        if (tpa is null)
        {
            tpa = ProvisioningAuthority.Create(Guid.CreateVersion7(now), TpaName, "Signs the SUIT manifests the firmware catalog builds around uploaded images.",
                Actor.System.Name);
            tpa.Grant(new TpaGrant(TrustAnchorRights.All, TrustAnchorPurpose.FirmwareAuthor, []), Actor.System.Name);
            db.ProvisioningAuthorities.Add(tpa);
        }
        var material = new AnchorMaterial(KeyMaterialFormat.X509Certificate, certificate.RawData, AnchorMaterialReader.Fingerprint(certificate.RawData),
            certificate.Subject, certificate.NotBefore.ToUniversalTime(), certificate.NotAfter.ToUniversalTime());
        db.TrustAnchors.Add(TrustAnchor.Add(AnchorName, TrustAnchorPurpose.FirmwareAuthor, material, [], tpa, AnchorAuthority.Of(tpa), Actor.System.Name, now));
    }

    private sealed record Loaded(ECDsa Key, X509Certificate2 Certificate);
}
