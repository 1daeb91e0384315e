using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using DeviceTrust.Application.Audit;
using DeviceTrust.Application.Common;
using DeviceTrust.Application.TrustAnchors;
using DeviceTrust.Domain.Accounts;
using DeviceTrust.Domain.Audit;
using DeviceTrust.Domain.Fleet;
using DeviceTrust.Domain.Trust;
using DeviceTrust.Enrollment.Pki;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DeviceTrust.Application.Provisioning.Manufacturers;

/// <summary>
/// A simulated manufacturer's DEV-ONLY credentials: its IDevID CA, its MASA's voucher-signing certificate (with key),
/// the CA that endorses its devices' attestation keys, and its attestation verifier: the certificate (with key) that
/// signs its results and the master secret of its devices' evidence secrets. Those made for a manufacturer created since
/// the last start are null until the next.
/// </summary>
public sealed record SimulatedManufacturer(Guid Id, string Name, CertificateAuthority IdevidCa, X509Certificate2 MasaSigner, CertificateAuthority? EndorsementCa)
{
    /// <summary>Signs the EARs of the manufacturer's verifier; trusted through an AttestationVerifier anchor.</summary>
    public X509Certificate2? VerifierSigner { get; init; }

    /// <summary>The master secret the factory derives device secrets from (<see cref="VendorAttestationSecrets"/>).</summary>
    public byte[]? VendorMasterSecret { get; init; }
}

/// <summary>
/// A DEV-ONLY IDevID and what a pledge needs beside it, and the device's attestation key with its endorsement
/// certificate (a key of its own, never the IDevID's), all PEM; and the per-device secret its factory embedded for the
/// evidence of VendorVerified classes.
/// </summary>
/// <param name="VendorAttestationSecret">Base64 of a symmetric COSE_Key (RFC 9052 §7: kty 4, kid = the secret's id,
/// alg HMAC 256/256, k = 32 bytes) that only the manufacturer's verifier can check evidence of; null when the
/// manufacturer has none yet (made before vendor verification, until its next start).</param>
public sealed record MintedIdevid(string SerialNumber, string PrivateKeyPem, string CertificatePem, string ChainPem, string MasaCertificatePem,
    string AttestationKeyPem, string AttestationCertificatePem, string EndorsementCaPem, string? VendorAttestationSecret = null);

/// <summary>
/// Stands in for the factories of manufacturers that run no MASA of their own (in Development): at first start each
/// gets an IDevID CA and a MASA signing certificate, generated here, never committed, keys protected at rest like the
/// domain PKI's. Both are registered as trust anchors of a TPA named after the manufacturer, so the registrar trusts
/// them exactly as it would trust a real manufacturer's anchors a security officer uploaded.
/// </summary>
public sealed class SimulatedManufacturers(
    IDeviceTrustDbContextFactory dbFactory, IPrivateKeyProtector protector, AuditTrail audit, TimeProvider time, IOptions<BrskiOptions> options)
{
    public const string DevOnlyMarker = "DEV-ONLY";
    private readonly ConcurrentDictionary<Guid, SimulatedManufacturer> _loaded = new();

    public bool Enabled => options.Value.SimulateManufacturers;

    /// <summary>Creates the missing credentials of every manufacturer without a MASA URL. Does nothing unless enabled.</summary>
    public async Task EnsureCreatedAsync(CancellationToken cancellationToken = default)
    {
        if (!Enabled) return;
        await using var db = await dbFactory.CreateAsync(cancellationToken);
        var manufacturers = await db.Manufacturers.Where(m => m.MasaUrl == null).OrderBy(m => m.Name).ToListAsync(cancellationToken);
        var roles = (await db.PkiCredentials.Where(c => c.ManufacturerId != null).Select(c => new { Id = c.ManufacturerId!.Value, c.Role }).ToListAsync(cancellationToken))
            .ToLookup(c => c.Id, c => c.Role);
        foreach (var manufacturer in manufacturers)
        {
            if (!roles[manufacturer.Id].Any())
            {
                await CreateAsync(db, manufacturer, cancellationToken);
                continue;
            }
            // A database from before attestation: the manufacturer gets its endorsement CA and its verifier now.
            if (!roles[manufacturer.Id].Contains(PkiCredentialRole.AttestationEndorsementCa)) await AddEndorsementCaAsync(db, manufacturer, cancellationToken);
            if (!roles[manufacturer.Id].Contains(PkiCredentialRole.AttestationVerifierSigning)) await AddVerifierAsync(db, manufacturer, cancellationToken);
        }
    }

    /// <summary>The simulated manufacturer, or null when it has a real MASA or no DEV-ONLY credentials.</summary>
    public async Task<SimulatedManufacturer?> FindAsync(Guid manufacturerId, CancellationToken cancellationToken = default)
    {
        if (!Enabled) return null;
        if (_loaded.TryGetValue(manufacturerId, out var cached)) return cached;
        await using var db = await dbFactory.CreateAsync(cancellationToken);
        var manufacturer = await db.Manufacturers.AsNoTracking().FirstOrDefaultAsync(m => m.Id == manufacturerId, cancellationToken);
        if (manufacturer is null || manufacturer.MasaUrl is not null) return null;
        var credentials = await db.PkiCredentials.AsNoTracking().Where(c => c.ManufacturerId == manufacturerId).ToDictionaryAsync(c => c.Role, cancellationToken);
        if (!credentials.TryGetValue(PkiCredentialRole.ManufacturerIdevidCa, out var ca) || !credentials.TryGetValue(PkiCredentialRole.MasaSigning, out var masa))
            return null;
        var idevidCa = CertificateAuthority.Import(ca.CertificateDer, protector.Unprotect(ca.ProtectedPrivateKey), time);
        var endorsementCa = credentials.TryGetValue(PkiCredentialRole.AttestationEndorsementCa, out var endorsement)
            ? CertificateAuthority.Import(endorsement.CertificateDer, protector.Unprotect(endorsement.ProtectedPrivateKey), time)
            : null;
        var loaded = new SimulatedManufacturer(manufacturer.Id, manufacturer.Name, idevidCa, WithKey(masa), endorsementCa)
        {
            VerifierSigner = credentials.TryGetValue(PkiCredentialRole.AttestationVerifierSigning, out var verifier) ? WithKey(verifier) : null,
            VendorMasterSecret = credentials.TryGetValue(PkiCredentialRole.VendorAttestationSecret, out var master) ? protector.Unprotect(master.ProtectedPrivateKey) : null,
        };
        return _loaded.GetOrAdd(manufacturerId, loaded);
    }

    private X509Certificate2 WithKey(PkiCredential credential)
    {
        using var key = ECDsa.Create();
        key.ImportPkcs8PrivateKey(protector.Unprotect(credential.ProtectedPrivateKey), out _);
        using var certificate = X509CertificateLoader.LoadCertificate(credential.CertificateDer);
        return certificate.CopyWithPrivateKey(key);
    }

    /// <summary>
    /// Mints a DEV-ONLY IDevID (serial in the subject, RFC 8995 2.3.1) for QA and interoperability tests. Development only;
    /// a security officer's act, audited. The private key is returned once and not kept.
    /// </summary>
    /// <param name="validity">
    /// Null for Brski:DevelopmentIdevidValidityDays. A short one makes an IDevID that expires soon, for testing that the
    /// registrar refuses expired ones.
    /// </param>
    public async Task<MintedIdevid> MintIdevidAsync(string manufacturerName, string serialNumber, Actor actor, CancellationToken cancellationToken = default,
        TimeSpan? validity = null)
    {
        ArgumentNullException.ThrowIfNull(actor);
        actor.EnsureInRole(Roles.SecurityOfficer);
        if (validity <= TimeSpan.Zero)
            throw RequestValidationException.For("validitySeconds", "An IDevID's validity must be positive.");
        if (!Enabled) throw new NotFoundException("Simulated manufacturers");
        string serial;
        try
        {
            serial = Domain.Devices.SerialNumber.Validate(serialNumber);
        }
        catch (Domain.DomainException e)
        {
            throw RequestValidationException.For("serialNumber", e.Message);
        }

        Guid manufacturerId;
        await using (var db = await dbFactory.CreateAsync(cancellationToken))
        {
            manufacturerId = await db.Manufacturers.Where(m => m.Name == manufacturerName).Select(m => m.Id).FirstOrDefaultAsync(cancellationToken);
        }
        var manufacturer = manufacturerId == Guid.Empty ? null : await FindAsync(manufacturerId, cancellationToken);
        if (manufacturer is null) throw new NotFoundException($"Simulated manufacturer '{manufacturerName}'");
        var endorsementCa = manufacturer.EndorsementCa
                            ?? throw new ConflictException($"Simulated manufacturer '{manufacturerName}' gets its attestation endorsement CA at the next start.");

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var certificate = manufacturer.IdevidCa.IssueIdevid(new IdevidRequest(key.ExportSubjectPublicKeyInfo(), serial)
        {
            CommonName = $"{manufacturer.Name} {serial}", Organization = manufacturer.Name,
            Validity = validity ?? TimeSpan.FromDays(options.Value.DevelopmentIdevidValidityDays),
        });

        // The attestation key is a key of its own (RFC 9334 §3.2), endorsed by the manufacturer's endorsement CA.
        using var attestationKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var endorsement = endorsementCa.IssueAttestationKeyCertificate(new AttestationKeyCertificateRequest(attestationKey.ExportSubjectPublicKeyInfo(), serial)
        {
            CommonName = $"{manufacturer.Name} {serial} attestation key", Organization = manufacturer.Name,
        });

        await using (var db = await dbFactory.CreateAsync(cancellationToken))
        {
            var details = JsonSerializer.Serialize(new
            {
                manufacturer = manufacturer.Name, certificateSerial = certificate.SerialNumber, fingerprint = DeviceCertificateFields.Fingerprint(certificate),
                attestationKid = Convert.ToHexStringLower(SHA256.HashData(attestationKey.ExportSubjectPublicKeyInfo())),
            });
            await audit.SaveAsync(db, new AuditRecord(actor.Name, AuditActions.DevelopmentIdevidMinted, AuditTargets.Device, serial, details), cancellationToken);
        }
        // The evidence secret of VendorVerified classes, embedded beside the key (a device of another class never uses it).
        var vendorSecret = manufacturer.VendorMasterSecret is { } master
            ? Convert.ToBase64String(VendorAttestationSecrets.ForDevice(master, serial).Encode())
            : null;
        return new MintedIdevid(serial, key.ExportPkcs8PrivateKeyPem(), certificate.ExportCertificatePem(), manufacturer.IdevidCa.ExportCertificatePem(),
            manufacturer.MasaSigner.ExportCertificatePem(), attestationKey.ExportPkcs8PrivateKeyPem(), endorsement.ExportCertificatePem(),
            endorsementCa.ExportCertificatePem(), vendorSecret);
    }

    private async Task CreateAsync(IDeviceTrustDbContext db, Manufacturer manufacturer, CancellationToken cancellationToken)
    {
        var classIds = await db.DeviceClasses.Where(c => c.ManufacturerId == manufacturer.Id).Select(c => c.Id).ToListAsync(cancellationToken);
        // Anchors scoped to no class are trusted for every class (TpaGrant.CoversAllClasses); wait until the manufacturer has one.
        if (classIds.Count == 0) return;
        var now = time.GetUtcNow();
        var ca = CertificateAuthority.CreateRoot(Name($"{manufacturer.Name} IDevID CA ({DevOnlyMarker})", manufacturer.Name), TimeSpan.FromDays(365.25 * 25), time, pathLength: 0);
        using var masa = SigningCertificates.CreateSelfSigned(Name($"{manufacturer.Name} MASA ({DevOnlyMarker})", manufacturer.Name), TimeSpan.FromDays(365.25 * 10), time);
        using var masaKey = masa.GetECDsaPrivateKey()!;
        db.PkiCredentials.Add(PkiCredential.Create(PkiCredentialRole.ManufacturerIdevidCa, ca.ExportCertificateDer(), protector.Protect(ca.ExportPrivateKeyPkcs8()), now, manufacturer.Id));
        db.PkiCredentials.Add(PkiCredential.Create(PkiCredentialRole.MasaSigning, masa.RawData, protector.Protect(masaKey.ExportPkcs8PrivateKey()), now, manufacturer.Id));
        var endorsementCa = NewEndorsementCa(db, manufacturer, now);
        using var verifier = NewVerifier(db, manufacturer, now);

        var tpaName = $"{manufacturer.Name} (manufacturer)";
        var tpa = await db.ProvisioningAuthorities.FirstOrDefaultAsync(p => p.Name == tpaName, cancellationToken);
        if (tpa is null)
        {
            tpa = ProvisioningAuthority.Create(Guid.NewGuid(), tpaName, $"{manufacturer.Name}'s identity and voucher keys. Simulated: {DevOnlyMarker} keys generated at first start.",
                Actor.System.Name);
            tpa.Grant(new TpaGrant(TrustAnchorRights.All, TrustAnchorPurpose.ManufacturerIdevidCa, classIds), Actor.System.Name);
            tpa.Grant(new TpaGrant(TrustAnchorRights.All, TrustAnchorPurpose.Masa, classIds), Actor.System.Name);
            tpa.Grant(new TpaGrant(TrustAnchorRights.All, TrustAnchorPurpose.AttestationEndorsement, classIds), Actor.System.Name);
            tpa.Grant(new TpaGrant(TrustAnchorRights.All, TrustAnchorPurpose.AttestationVerifier, classIds), Actor.System.Name);
            db.ProvisioningAuthorities.Add(tpa);
        }
        else
        {
            GrantIfMissing(tpa, TrustAnchorPurpose.AttestationEndorsement, classIds);
            GrantIfMissing(tpa, TrustAnchorPurpose.AttestationVerifier, classIds);
        }

        AddAnchor(db, $"{manufacturer.Name} IDevID CA ({DevOnlyMarker})", TrustAnchorPurpose.ManufacturerIdevidCa, ca.Certificate, classIds, tpa, now);
        AddAnchor(db, $"{manufacturer.Name} MASA ({DevOnlyMarker})", TrustAnchorPurpose.Masa, masa, classIds, tpa, now);
        AddAnchor(db, EndorsementAnchorName(manufacturer), TrustAnchorPurpose.AttestationEndorsement, endorsementCa.Certificate, classIds, tpa, now);
        AddAnchor(db, VerifierAnchorName(manufacturer), TrustAnchorPurpose.AttestationVerifier, verifier, classIds, tpa, now);
        await audit.SaveAsync(db, new AuditRecord(Actor.System.Name, AuditActions.SimulatedManufacturerCreated, "manufacturer", manufacturer.Name,
            JsonSerializer.Serialize(new
            {
                idevidCa = ca.Certificate.Subject, masa = masa.Subject, attestationEndorsementCa = endorsementCa.Certificate.Subject, attestationVerifier = verifier.Subject,
            })),
            cancellationToken);
    }

    /// <summary>The endorsement CA of a manufacturer simulated since before attestation, trusted through its TPA as the others are.</summary>
    private async Task AddEndorsementCaAsync(IDeviceTrustDbContext db, Manufacturer manufacturer, CancellationToken cancellationToken)
    {
        if (await ScopeAsync(db, manufacturer, cancellationToken) is not var (classIds, tpa)) return;
        var now = time.GetUtcNow();
        var endorsementCa = NewEndorsementCa(db, manufacturer, now);
        GrantIfMissing(tpa, TrustAnchorPurpose.AttestationEndorsement, classIds);
        AddAnchor(db, EndorsementAnchorName(manufacturer), TrustAnchorPurpose.AttestationEndorsement, endorsementCa.Certificate, classIds, tpa, now);
        await audit.SaveAsync(db, new AuditRecord(Actor.System.Name, AuditActions.SimulatedManufacturerCreated, "manufacturer", manufacturer.Name,
            JsonSerializer.Serialize(new { attestationEndorsementCa = endorsementCa.Certificate.Subject })), cancellationToken);
    }

    /// <summary>The attestation verifier of a manufacturer simulated since before vendor verification, trusted through its TPA.</summary>
    private async Task AddVerifierAsync(IDeviceTrustDbContext db, Manufacturer manufacturer, CancellationToken cancellationToken)
    {
        if (await ScopeAsync(db, manufacturer, cancellationToken) is not var (classIds, tpa)) return;
        var now = time.GetUtcNow();
        using var verifier = NewVerifier(db, manufacturer, now);
        GrantIfMissing(tpa, TrustAnchorPurpose.AttestationVerifier, classIds);
        AddAnchor(db, VerifierAnchorName(manufacturer), TrustAnchorPurpose.AttestationVerifier, verifier, classIds, tpa, now);
        await audit.SaveAsync(db, new AuditRecord(Actor.System.Name, AuditActions.SimulatedManufacturerCreated, "manufacturer", manufacturer.Name,
            JsonSerializer.Serialize(new { attestationVerifier = verifier.Subject })), cancellationToken);
    }

    /// <summary>
    /// The manufacturer's verifier: a signing certificate for its results and the master secret of its devices' evidence
    /// secrets, both protected at rest like every other key here.
    /// </summary>
    private X509Certificate2 NewVerifier(IDeviceTrustDbContext db, Manufacturer manufacturer, DateTimeOffset now)
    {
        var certificate = SigningCertificates.CreateSelfSigned(Name($"{manufacturer.Name} Attestation Verifier ({DevOnlyMarker})", manufacturer.Name),
            TimeSpan.FromDays(365.25 * 10), time);
        using var key = certificate.GetECDsaPrivateKey()!;
        db.PkiCredentials.Add(PkiCredential.Create(PkiCredentialRole.AttestationVerifierSigning, certificate.RawData, protector.Protect(key.ExportPkcs8PrivateKey()),
            now, manufacturer.Id));
        var master = VendorAttestationSecrets.NewMasterSecret();
        db.PkiCredentials.Add(PkiCredential.Create(PkiCredentialRole.VendorAttestationSecret, [], protector.Protect(master), now, manufacturer.Id));
        CryptographicOperations.ZeroMemory(master);
        return certificate;
    }

    /// <summary>The classes and the TPA of a manufacturer simulated before: null until it has both.</summary>
    private static async Task<(List<Guid> ClassIds, ProvisioningAuthority Tpa)?> ScopeAsync(IDeviceTrustDbContext db, Manufacturer manufacturer,
        CancellationToken cancellationToken)
    {
        var classIds = await db.DeviceClasses.Where(c => c.ManufacturerId == manufacturer.Id).Select(c => c.Id).ToListAsync(cancellationToken);
        var tpaName = $"{manufacturer.Name} (manufacturer)";
        var tpa = await db.ProvisioningAuthorities.FirstOrDefaultAsync(p => p.Name == tpaName, cancellationToken);
        return classIds.Count == 0 || tpa is null ? null : (classIds, tpa);
    }

    private static void GrantIfMissing(ProvisioningAuthority tpa, TrustAnchorPurpose purpose, IReadOnlyList<Guid> classIds)
    {
        if (!tpa.Allows(TrustAnchorRights.Add, purpose, classIds))
            tpa.Grant(new TpaGrant(TrustAnchorRights.All, purpose, classIds), Actor.System.Name);
    }

    private static string VerifierAnchorName(Manufacturer manufacturer) => $"{manufacturer.Name} Attestation Verifier ({DevOnlyMarker})";

    private CertificateAuthority NewEndorsementCa(IDeviceTrustDbContext db, Manufacturer manufacturer, DateTimeOffset now)
    {
        var ca = CertificateAuthority.CreateRoot(Name($"{manufacturer.Name} Attestation Endorsement CA ({DevOnlyMarker})", manufacturer.Name),
            TimeSpan.FromDays(365.25 * 25), time, pathLength: 0);
        db.PkiCredentials.Add(PkiCredential.Create(PkiCredentialRole.AttestationEndorsementCa, ca.ExportCertificateDer(), protector.Protect(ca.ExportPrivateKeyPkcs8()),
            now, manufacturer.Id));
        return ca;
    }

    private static string EndorsementAnchorName(Manufacturer manufacturer) => $"{manufacturer.Name} Attestation Endorsement CA ({DevOnlyMarker})";

    private static void AddAnchor(IDeviceTrustDbContext db, string name, TrustAnchorPurpose purpose, X509Certificate2 certificate, IReadOnlyCollection<Guid> classIds,
        ProvisioningAuthority tpa, DateTimeOffset now)
    {
        var material = new AnchorMaterial(KeyMaterialFormat.X509Certificate, certificate.RawData, AnchorMaterialReader.Fingerprint(certificate.RawData),
            certificate.Subject, certificate.NotBefore.ToUniversalTime(), certificate.NotAfter.ToUniversalTime());
        db.TrustAnchors.Add(TrustAnchor.Add(name, purpose, material, classIds, tpa, AnchorAuthority.Of(tpa), Actor.System.Name, now));
    }

    private static X500DistinguishedName Name(string commonName, string organization)
    {
        var builder = new X500DistinguishedNameBuilder();
        builder.AddOrganizationName(organization);
        builder.AddCommonName(commonName);
        return builder.Build();
    }
}
