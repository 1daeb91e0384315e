using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using DeviceTrust.Application.Audit;
using DeviceTrust.Application.Common;
using DeviceTrust.Domain.Audit;
using DeviceTrust.Domain.Trust;
using DeviceTrust.Enrollment.Pki;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DeviceTrust.Application.Provisioning;

/// <summary>
/// The owner's domain PKI: a root CA, an issuing CA and the registrar's TLS certificate, created at first start
/// (ECDSA P-256) and loaded afterwards. Private keys are stored only through <see cref="IPrivateKeyProtector"/>.
/// The root becomes the DomainCa trust anchor of a built-in TPA, so it shows and can be audited like any other.
/// </summary>
public sealed class DomainPki(
    IDeviceTrustDbContextFactory dbFactory, IPrivateKeyProtector protector, AuditTrail audit, IOptions<PkiOptions> options, TimeProvider time)
{
    public const string BuiltInTpaName = "DeviceTrust domain PKI";
    private readonly SemaphoreSlim _gate = new(1, 1);
    private Loaded? _loaded;

    public CertificateAuthority Root => Current.Root;
    public CertificateAuthority Issuing => Current.Issuing;

    /// <summary>The registrar's TLS certificate with its private key, for Kestrel's device-facing listener.</summary>
    public X509Certificate2 RegistrarTlsCertificate => Current.RegistrarTls;

    public bool IsReady => _loaded is not null;

    private Loaded Current => _loaded ?? throw new InvalidOperationException("The domain PKI is not loaded; call EnsureCreatedAsync at start.");

    public async Task EnsureCreatedAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_loaded is not null) return;
            await using var db = await dbFactory.CreateAsync(cancellationToken);
            var stored = await db.PkiCredentials.AsNoTracking().Where(c => c.ManufacturerId == null).ToDictionaryAsync(c => c.Role, cancellationToken);
            // By role, not by count: other domain credentials (the attestation result key) live beside the PKI's three.
            _loaded = PkiRoles.All(stored.ContainsKey) ? Load(stored) : await CreateAsync(db, cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The issuing CA's current CRL (RFC 5280 5), valid for a day.</summary>
    public byte[] BuildCrl(IEnumerable<RevokedCertificate> revoked)
    {
        var now = time.GetUtcNow();
        // The CRL number must increase (RFC 5280 5.2.3); seconds since the epoch do, without stored state.
        return CrlBuilder.Build(Issuing, now.ToUnixTimeSeconds(), now, now.AddDays(1), revoked);
    }

    private static readonly PkiCredentialRole[] PkiRoles = [PkiCredentialRole.RootCa, PkiCredentialRole.IssuingCa, PkiCredentialRole.RegistrarTls];

    private Loaded Load(Dictionary<PkiCredentialRole, PkiCredential> stored)
    {
        var root = CertificateAuthority.Import(stored[PkiCredentialRole.RootCa].CertificateDer, protector.Unprotect(stored[PkiCredentialRole.RootCa].ProtectedPrivateKey), time);
        var issuing = CertificateAuthority.Import(stored[PkiCredentialRole.IssuingCa].CertificateDer, protector.Unprotect(stored[PkiCredentialRole.IssuingCa].ProtectedPrivateKey), time);
        var tls = stored[PkiCredentialRole.RegistrarTls];
        using var key = ECDsa.Create();
        key.ImportPkcs8PrivateKey(protector.Unprotect(tls.ProtectedPrivateKey), out _);
        using var cert = X509CertificateLoader.LoadCertificate(tls.CertificateDer);
        return new Loaded(root, issuing, cert.CopyWithPrivateKey(key));
    }

    private async Task<Loaded> CreateAsync(IDeviceTrustDbContext db, CancellationToken cancellationToken)
    {
        var o = options.Value;
        var now = time.GetUtcNow();
        var root = CertificateAuthority.CreateRoot(new X500DistinguishedName(o.RootSubject), TimeSpan.FromDays(365.25 * o.RootValidityYears), time);
        var issuing = root.CreateIssuingCa(new X500DistinguishedName(o.IssuingSubject), TimeSpan.FromDays(365.25 * o.IssuingValidityYears));
        using var tlsKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var tlsCert = issuing.IssueServerCertificate(new ServerCertificateRequest(
            tlsKey.ExportSubjectPublicKeyInfo(), new X500DistinguishedName(o.RegistrarSubject), TimeSpan.FromDays(o.RegistrarValidityDays))
        {
            DnsNames = o.RegistrarDnsNames, IpAddresses = [IPAddress.Loopback, IPAddress.IPv6Loopback], CrlDistributionPoint = o.CrlUrl, IsRegistrar = true,
        });

        db.PkiCredentials.Add(PkiCredential.Create(PkiCredentialRole.RootCa, root.ExportCertificateDer(), protector.Protect(root.ExportPrivateKeyPkcs8()), now));
        db.PkiCredentials.Add(PkiCredential.Create(PkiCredentialRole.IssuingCa, issuing.ExportCertificateDer(), protector.Protect(issuing.ExportPrivateKeyPkcs8()), now));
        db.PkiCredentials.Add(PkiCredential.Create(PkiCredentialRole.RegistrarTls, tlsCert.RawData, protector.Protect(tlsKey.ExportPkcs8PrivateKey()), now));

        var tpa = await db.ProvisioningAuthorities.FirstOrDefaultAsync(p => p.Name == BuiltInTpaName, cancellationToken);
        if (tpa is null)
        {
            tpa = ProvisioningAuthority.Create(Guid.NewGuid(), BuiltInTpaName, "The owner's own PKI, created by DeviceTrust at first start.", Actor.System.Name);
            tpa.Grant(new TpaGrant(TrustAnchorRights.All, TrustAnchorPurpose.DomainCa, []), Actor.System.Name);
            db.ProvisioningAuthorities.Add(tpa);
        }

        var rootDer = root.ExportCertificateDer();
        var material = new AnchorMaterial(KeyMaterialFormat.X509Certificate, rootDer, TrustAnchors.AnchorMaterialReader.Fingerprint(rootDer), root.Certificate.Subject,
            root.Certificate.NotBefore.ToUniversalTime(), root.Certificate.NotAfter.ToUniversalTime());
        db.TrustAnchors.Add(TrustAnchor.Add("Domain root CA", TrustAnchorPurpose.DomainCa, material, [], tpa, AnchorAuthority.Of(tpa), Actor.System.Name, now));

        var details = JsonSerializer.Serialize(new { root = root.Certificate.Subject, issuing = issuing.Certificate.Subject, rootFingerprint = material.Fingerprint });
        await audit.SaveAsync(db, new AuditRecord(Actor.System.Name, AuditActions.DomainPkiCreated, "pki", "domain", details), cancellationToken);
        return new Loaded(root, issuing, tlsCert.CopyWithPrivateKey(tlsKey));
    }

    private sealed record Loaded(CertificateAuthority Root, CertificateAuthority Issuing, X509Certificate2 RegistrarTls);
}
