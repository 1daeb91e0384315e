using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using DeviceTrust.Application.Audit;
using DeviceTrust.Application.Common;
using DeviceTrust.Application.Provisioning;
using DeviceTrust.Application.Provisioning.Manufacturers;
using DeviceTrust.Domain.Fleet;
using DeviceTrust.Domain.Trust;
using DeviceTrust.Enrollment.Pki;
using DeviceTrust.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace DeviceTrust.Application.Tests.Provisioning;

/// <summary>DEV-ONLY manufacturers: created at start with Brski:SimulateManufacturers on (the seed has Acme Sensors and Kumo Devices).</summary>
public sealed class SimulatedManufacturersTests : IAsyncLifetime
{
    private static readonly string[] Manufacturers = ["Acme Sensors", "Kumo Devices"];

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 27, 9, 0, 0, TimeSpan.Zero));
    private TestDatabase _database = null!;

    public async ValueTask InitializeAsync() => _database = await TestDatabase.CreateAsync(configure: b =>
    {
        b.Configuration["Brski:SimulateManufacturers"] = "true";
        b.Services.AddSingleton<TimeProvider>(_clock);
    });

    public async ValueTask DisposeAsync() => await _database.DisposeAsync();

    private SimulatedManufacturers Simulated => _database.Get<SimulatedManufacturers>();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task EnsureCreated_AtStart_GivesEachManufacturerAnIdevidCaAMasaKeyAnAttestationEndorsementCaAndAVerifier()
    {
        await using var db = await _database.CreateDbContextAsync();
        var manufacturers = await db.Manufacturers.AsNoTracking().ToDictionaryAsync(m => m.Id, m => m.Name, Ct);
        var credentials = await db.PkiCredentials.AsNoTracking().Where(c => c.ManufacturerId != null).ToListAsync(Ct);

        Assert.Equal(Manufacturers, manufacturers.Values.Order());
        Assert.Equal(10, credentials.Count);
        foreach (var (id, name) in manufacturers)
        {
            var own = credentials.Where(c => c.ManufacturerId == id).ToDictionary(c => c.Role);
            Assert.Equal([PkiCredentialRole.ManufacturerIdevidCa, PkiCredentialRole.MasaSigning, PkiCredentialRole.AttestationEndorsementCa,
                PkiCredentialRole.AttestationVerifierSigning, PkiCredentialRole.VendorAttestationSecret], own.Keys.Order());

            using var verifier = X509CertificateLoader.LoadCertificate(own[PkiCredentialRole.AttestationVerifierSigning].CertificateDer);
            Assert.Equal(Rdns($"{name} Attestation Verifier (DEV-ONLY)", name), Rdns(verifier));
            Assert.Empty(own[PkiCredentialRole.VendorAttestationSecret].CertificateDer);

            using var endorsement = X509CertificateLoader.LoadCertificate(own[PkiCredentialRole.AttestationEndorsementCa].CertificateDer);
            Assert.Equal(Rdns($"{name} Attestation Endorsement CA (DEV-ONLY)", name), Rdns(endorsement));
            Assert.True(endorsement.Extensions.OfType<X509BasicConstraintsExtension>().Single().CertificateAuthority);

            using var ca = X509CertificateLoader.LoadCertificate(own[PkiCredentialRole.ManufacturerIdevidCa].CertificateDer);
            Assert.Equal(Rdns($"{name} IDevID CA (DEV-ONLY)", name), Rdns(ca));
            Assert.True(ca.Extensions.OfType<X509BasicConstraintsExtension>().Single().CertificateAuthority);

            using var masa = X509CertificateLoader.LoadCertificate(own[PkiCredentialRole.MasaSigning].CertificateDer);
            Assert.Equal(Rdns($"{name} MASA (DEV-ONLY)", name), Rdns(masa));
            Assert.Equal(masa.Subject, masa.Issuer);
            Assert.False(masa.Extensions.OfType<X509BasicConstraintsExtension>().Single().CertificateAuthority);
            Assert.Equal(_clock.GetUtcNow().UtcDateTime, masa.NotBefore.ToUniversalTime());
        }
    }

    [Fact]
    public async Task EnsureCreated_AtStart_RegistersEachAsAnAnchorOfTheManufacturersTpaForItsClassesOnly()
    {
        await using var db = await _database.CreateDbContextAsync();
        var classes = await db.DeviceClasses.AsNoTracking().ToListAsync(Ct);
        var credentials = await db.PkiCredentials.AsNoTracking().Where(c => c.ManufacturerId != null).ToListAsync(Ct);
        var anchors = await db.TrustAnchors.AsNoTracking().ToListAsync(Ct);
        var now = _clock.GetUtcNow();

        foreach (var manufacturer in await db.Manufacturers.AsNoTracking().ToListAsync(Ct))
        {
            var tpa = await db.ProvisioningAuthorities.AsNoTracking().SingleAsync(p => p.Name == $"{manufacturer.Name} (manufacturer)", Ct);
            var ownClasses = classes.Where(c => c.ManufacturerId == manufacturer.Id).Select(c => c.Id).Order().ToList();
            var otherClass = classes.First(c => c.ManufacturerId != manufacturer.Id).Id;
            Assert.NotEmpty(ownClasses);
            Assert.Equal([TrustAnchorPurpose.ManufacturerIdevidCa, TrustAnchorPurpose.Masa, TrustAnchorPurpose.AttestationEndorsement, TrustAnchorPurpose.AttestationVerifier],
                tpa.Grants.Select(g => g.Purpose));
            Assert.All(tpa.Grants, g => Assert.Equal(ownClasses, g.DeviceClassIds.Order()));

            foreach (var (role, purpose) in new[]
                     {
                         (PkiCredentialRole.ManufacturerIdevidCa, TrustAnchorPurpose.ManufacturerIdevidCa), (PkiCredentialRole.MasaSigning, TrustAnchorPurpose.Masa),
                         (PkiCredentialRole.AttestationEndorsementCa, TrustAnchorPurpose.AttestationEndorsement),
                         (PkiCredentialRole.AttestationVerifierSigning, TrustAnchorPurpose.AttestationVerifier),
                     })
            {
                var credential = credentials.Single(c => c.ManufacturerId == manufacturer.Id && c.Role == role);
                var anchor = Assert.Single(anchors, a => a.Material.Encoded.AsSpan().SequenceEqual(credential.CertificateDer));
                Assert.Equal(purpose, anchor.Purpose);
                Assert.Equal(tpa.Id, anchor.OwnerId);
                Assert.Contains("DEV-ONLY", anchor.Name, StringComparison.Ordinal);
                Assert.Equal(ownClasses, anchor.DeviceClassIds.Order());
                Assert.All(ownClasses, c => Assert.True(anchor.IsTrustedFor(purpose, c, now)));
                Assert.False(anchor.IsTrustedFor(purpose, otherClass, now), $"{anchor.Name} is trusted for another manufacturer's class");
            }
        }
    }

    [Fact]
    public async Task EnsureCreated_AtStart_AuditsEachManufacturerAndEachAnchorAsTheSystem()
    {
        await using var db = await _database.CreateDbContextAsync();
        var entries = await db.AuditEntries.AsNoTracking()
            .Where(e => e.Action == AuditActions.SimulatedManufacturerCreated || (e.Action == AuditActions.TrustAnchorAdded && e.Details.Contains("DEV-ONLY")))
            .ToListAsync(Ct);

        Assert.Equal(Manufacturers, entries.Where(e => e.Action == AuditActions.SimulatedManufacturerCreated).Select(e => e.TargetId).Order());
        Assert.Equal(8, entries.Count(e => e.Action == AuditActions.TrustAnchorAdded));
        Assert.All(entries, e => Assert.Equal(Actor.System.Name, e.Actor));
        var kumo = await db.Manufacturers.AsNoTracking().SingleAsync(m => m.Name == "Kumo Devices", Ct);
        var stored = await db.PkiCredentials.AsNoTracking().Where(c => c.ManufacturerId == kumo.Id).ToDictionaryAsync(c => c.Role, c => c.CertificateDer, Ct);
        using var ca = X509CertificateLoader.LoadCertificate(stored[PkiCredentialRole.ManufacturerIdevidCa]);
        using var masa = X509CertificateLoader.LoadCertificate(stored[PkiCredentialRole.MasaSigning]);
        var created = entries.Single(e => e.Action == AuditActions.SimulatedManufacturerCreated && e.TargetId == "Kumo Devices");
        using var details = JsonDocument.Parse(created.Details);
        Assert.Equal(ca.Subject, details.RootElement.GetProperty("idevidCa").GetString());
        Assert.Equal(masa.Subject, details.RootElement.GetProperty("masa").GetString());
        using var endorsement = X509CertificateLoader.LoadCertificate(stored[PkiCredentialRole.AttestationEndorsementCa]);
        Assert.Equal(endorsement.Subject, details.RootElement.GetProperty("attestationEndorsementCa").GetString());
        using var verifier = X509CertificateLoader.LoadCertificate(stored[PkiCredentialRole.AttestationVerifierSigning]);
        Assert.Equal(verifier.Subject, details.RootElement.GetProperty("attestationVerifier").GetString());
    }

    [Fact]
    public async Task EnsureCreated_PrivateKeys_StoredOnlyProtectedAndMatchTheirCertificates()
    {
        var protector = _database.Get<IPrivateKeyProtector>();
        await using var db = await _database.CreateDbContextAsync();
        var credentials = await db.PkiCredentials.AsNoTracking().Where(c => c.ManufacturerId != null).ToListAsync(Ct);

        Assert.Equal(10, credentials.Count);
        foreach (var secret in credentials.Where(c => c.Role == PkiCredentialRole.VendorAttestationSecret))
        {
            // The master of the devices' evidence secrets: 32 bytes, stored only protected.
            var master = protector.Unprotect(secret.ProtectedPrivateKey);
            Assert.Equal(VendorAttestationSecrets.MasterSecretLength, master.Length);
            Assert.False(secret.ProtectedPrivateKey.AsSpan().IndexOf(master) >= 0, "the master secret is stored in the clear");
        }
        foreach (var credential in credentials.Where(c => c.Role != PkiCredentialRole.VendorAttestationSecret))
        {
            var pkcs8 = protector.Unprotect(credential.ProtectedPrivateKey);
            Assert.False(credential.ProtectedPrivateKey.AsSpan().IndexOf(pkcs8.AsSpan(pkcs8.Length - 32)) >= 0, $"{credential.Role} key is stored in the clear");
            using (var probe = ECDsa.Create())
            {
                Assert.ThrowsAny<CryptographicException>(() => probe.ImportPkcs8PrivateKey(credential.ProtectedPrivateKey, out _));
            }

            using var key = ECDsa.Create();
            key.ImportPkcs8PrivateKey(pkcs8, out _);
            using var certificate = X509CertificateLoader.LoadCertificate(credential.CertificateDer);
            Assert.Equal(certificate.PublicKey.ExportSubjectPublicKeyInfo(), key.ExportSubjectPublicKeyInfo());
        }
    }

    [Fact]
    public async Task EnsureCreated_Again_CreatesNothingMore()
    {
        var before = await SnapshotAsync();

        await Simulated.EnsureCreatedAsync(Ct);
        await Simulated.EnsureCreatedAsync(Ct);

        var after = await SnapshotAsync();
        Assert.Equal(before.Credentials, after.Credentials);
        Assert.Equal(before.Anchors, after.Anchors);
        Assert.Equal(before.Tpas, after.Tpas);
        Assert.Equal(before.AuditCount, after.AuditCount);
    }

    [Fact]
    public async Task EnsureCreated_ManufacturerWithItsOwnMasa_GetsNoSimulatedCredentials()
    {
        var real = await AddManufacturerAsync("Real Masa Corp", new Uri("https://masa.realmasa.example/"), withClass: true);

        await Simulated.EnsureCreatedAsync(Ct);

        await using var db = await _database.CreateDbContextAsync();
        Assert.False(await db.PkiCredentials.AnyAsync(c => c.ManufacturerId == real, Ct));
        Assert.False(await db.ProvisioningAuthorities.AnyAsync(p => p.Name == "Real Masa Corp (manufacturer)", Ct));
        Assert.Null(await Simulated.FindAsync(real, Ct));
    }

    [Fact]
    public async Task EnsureCreated_NewManufacturerWithoutMasa_GetsItsCredentialsOnTheNextCall()
    {
        var added = await AddManufacturerAsync("Nimbus Labs", masaUrl: null, withClass: true);

        await Simulated.EnsureCreatedAsync(Ct);

        await using var db = await _database.CreateDbContextAsync();
        Assert.Equal(5, await db.PkiCredentials.CountAsync(c => c.ManufacturerId == added, Ct));
        var simulated = await Simulated.FindAsync(added, Ct);
        Assert.NotNull(simulated);
        Assert.Equal("Nimbus Labs", simulated.Name);
    }

    [Fact]
    public async Task EnsureCreated_ManufacturerWithoutDeviceClasses_WaitsUntilItHasOne()
    {
        // An anchor scoped to no classes is trusted for every class (TpaGrant.CoversAllClasses): a classless manufacturer's
        // DEV-ONLY CA would otherwise vouch for every other manufacturer's devices.
        var added = await AddManufacturerAsync("Classless Inc", masaUrl: null, withClass: false);
        await using (var db = await _database.CreateDbContextAsync())
        {
            var anchorsBefore = await db.TrustAnchors.CountAsync(Ct);

            await Simulated.EnsureCreatedAsync(Ct);

            Assert.False(await db.PkiCredentials.AnyAsync(c => c.ManufacturerId == added, Ct));
            Assert.Equal(anchorsBefore, await db.TrustAnchors.CountAsync(Ct));
            Assert.Null(await Simulated.FindAsync(added, Ct));
        }

        var classId = await AddClassAsync(added, "Classless C1");
        await Simulated.EnsureCreatedAsync(Ct);

        await using (var db = await _database.CreateDbContextAsync())
        {
            var tpa = await db.ProvisioningAuthorities.AsNoTracking().SingleAsync(p => p.Name == "Classless Inc (manufacturer)", Ct);
            var anchors = await db.TrustAnchors.AsNoTracking().Where(a => a.OwnerId == tpa.Id).ToListAsync(Ct);
            Assert.Equal(4, anchors.Count);
            Assert.All(anchors, a => Assert.Equal([classId], a.DeviceClassIds));
        }
    }

    [Fact]
    public async Task FindAsync_SimulatedManufacturer_LoadsTheStoredCaAndTheMasaSignerWithItsKey()
    {
        await using var db = await _database.CreateDbContextAsync();
        var kumo = await db.Manufacturers.AsNoTracking().SingleAsync(m => m.Name == "Kumo Devices", Ct);
        var stored = await db.PkiCredentials.AsNoTracking().Where(c => c.ManufacturerId == kumo.Id).ToDictionaryAsync(c => c.Role, Ct);

        var simulated = await Simulated.FindAsync(kumo.Id, Ct);

        Assert.NotNull(simulated);
        Assert.Equal(kumo.Id, simulated.Id);
        Assert.Equal(stored[PkiCredentialRole.ManufacturerIdevidCa].CertificateDer, simulated.IdevidCa.ExportCertificateDer());
        Assert.Equal(stored[PkiCredentialRole.MasaSigning].CertificateDer, simulated.MasaSigner.RawData);
        Assert.True(simulated.MasaSigner.HasPrivateKey);
        Assert.Same(simulated, await Simulated.FindAsync(kumo.Id, Ct));
        Assert.Null(await Simulated.FindAsync(Guid.NewGuid(), Ct));
    }

    [Fact]
    public async Task MintIdevid_SecurityOfficer_IssuesAnIdevidUnderTheManufacturerCaAndAuditsIt()
    {
        var minted = await Simulated.MintIdevidAsync("Acme Sensors", "ACME-QA-0001", TestActors.SecurityOfficer(), Ct);

        using var idevid = X509Certificate2.CreateFromPem(minted.CertificatePem);
        using var ca = X509Certificate2.CreateFromPem(minted.ChainPem);
        using var masa = X509Certificate2.CreateFromPem(minted.MasaCertificatePem);
        using var key = ECDsa.Create();
        key.ImportFromPem(minted.PrivateKeyPem);
        var simulated = await Simulated.FindAsync(await ManufacturerIdAsync("Acme Sensors"), Ct);
        var now = _clock.GetUtcNow();

        Assert.Equal("ACME-QA-0001", minted.SerialNumber);
        Assert.Equal("ACME-QA-0001", DeviceCertificateFields.SubjectSerialNumber(idevid));
        Assert.Contains("CN=Acme Sensors ACME-QA-0001", idevid.Subject, StringComparison.Ordinal);
        Assert.Contains("O=Acme Sensors", idevid.Subject, StringComparison.Ordinal);
        Assert.Equal(simulated!.IdevidCa.Certificate.RawData, ca.RawData);
        Assert.Equal(simulated.MasaSigner.RawData, masa.RawData);
        Assert.True(ChainValidator.Validate(idevid, ca, now).IsValid);
        Assert.True(DeviceCertificateFields.SameKey(idevid, key.ExportSubjectPublicKeyInfo()));
        var validityDays = _database.Get<Microsoft.Extensions.Options.IOptions<BrskiOptions>>().Value.DevelopmentIdevidValidityDays;
        Assert.Equal(now.AddDays(validityDays).UtcDateTime, idevid.NotAfter.ToUniversalTime());

        await using var db = await _database.CreateDbContextAsync();
        var audit = await db.AuditEntries.AsNoTracking().OrderByDescending(e => e.Sequence).FirstAsync(Ct);
        Assert.Equal(AuditActions.DevelopmentIdevidMinted, audit.Action);
        Assert.Equal("user:officer", audit.Actor);
        Assert.Equal(AuditTargets.Device, audit.TargetType);
        Assert.Equal("ACME-QA-0001", audit.TargetId);
        using var details = JsonDocument.Parse(audit.Details);
        Assert.Equal("Acme Sensors", details.RootElement.GetProperty("manufacturer").GetString());
        Assert.Equal(idevid.SerialNumber, details.RootElement.GetProperty("certificateSerial").GetString());
        Assert.Equal(DeviceCertificateFields.Fingerprint(idevid), details.RootElement.GetProperty("fingerprint").GetString());
        Assert.DoesNotContain("PRIVATE KEY", audit.Details, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MintIdevid_AlsoGivesAnAttestationKeyOfItsOwn_EndorsedForTheSerialByTheEndorsementAnchor()
    {
        var minted = await Simulated.MintIdevidAsync("Acme Sensors", "ACME-QA-0005", TestActors.SecurityOfficer(), Ct);

        using var idevidKey = ECDsa.Create();
        idevidKey.ImportFromPem(minted.PrivateKeyPem);
        using var attestationKey = ECDsa.Create();
        attestationKey.ImportFromPem(minted.AttestationKeyPem);
        using var endorsement = X509Certificate2.CreateFromPem(minted.AttestationCertificatePem);
        using var endorsementCa = X509Certificate2.CreateFromPem(minted.EndorsementCaPem);
        Assert.NotEqual(idevidKey.ExportSubjectPublicKeyInfo(), attestationKey.ExportSubjectPublicKeyInfo());
        Assert.True(DeviceCertificateFields.SameKey(endorsement, attestationKey.ExportSubjectPublicKeyInfo()));
        Assert.Equal("ACME-QA-0005", DeviceCertificateFields.SubjectSerialNumber(endorsement));
        Assert.Equal(X509KeyUsageFlags.DigitalSignature, endorsement.Extensions.OfType<X509KeyUsageExtension>().Single().KeyUsages);
        Assert.True(ChainValidator.Validate(endorsement, endorsementCa, _clock.GetUtcNow()).IsValid);

        await using var db = await _database.CreateDbContextAsync();
        var acme = await ManufacturerIdAsync("Acme Sensors");
        var classId = await db.DeviceClasses.Where(c => c.ManufacturerId == acme).Select(c => c.Id).FirstAsync(Ct);
        var anchor = await db.TrustAnchors.AsNoTracking().SingleAsync(a => a.Purpose == TrustAnchorPurpose.AttestationEndorsement && a.Name.StartsWith("Acme Sensors"), Ct);
        Assert.Equal(endorsementCa.RawData, anchor.Material.Encoded);
        Assert.True(anchor.IsTrustedFor(TrustAnchorPurpose.AttestationEndorsement, classId, _clock.GetUtcNow()));
        var audit = await db.AuditEntries.AsNoTracking().OrderByDescending(e => e.Sequence).FirstAsync(Ct);
        using var details = JsonDocument.Parse(audit.Details);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(attestationKey.ExportSubjectPublicKeyInfo())), details.RootElement.GetProperty("attestationKid").GetString());
    }

    [Fact]
    public async Task EnsureCreated_ADatabaseFromBeforeAttestation_GivesEachManufacturerItsEndorsementCaOnce()
    {
        // As a database simulated before attestation: the endorsement CAs, their anchors and the TPAs' grants removed.
        await using (var db = await _database.CreateDbContextAsync())
        {
            db.PkiCredentials.RemoveRange(db.PkiCredentials.Where(c => c.Role == PkiCredentialRole.AttestationEndorsementCa));
            await db.SaveChangesAsync(Ct);
            await db.Database.ExecuteSqlRawAsync("DELETE FROM TrustAnchors WHERE Purpose = 'AttestationEndorsement'", Ct);
        }
        var restarted = new SimulatedManufacturers(_database.Get<IDeviceTrustDbContextFactory>(), _database.Get<IPrivateKeyProtector>(), _database.Get<AuditTrail>(),
            _clock, _database.Get<Microsoft.Extensions.Options.IOptions<BrskiOptions>>());

        // Until then its MASA works, and minting says when the endorsement CA comes.
        Assert.Null((await restarted.FindAsync(await ManufacturerIdAsync("Kumo Devices"), Ct))!.EndorsementCa);
        await Assert.ThrowsAsync<ConflictException>(() => restarted.MintIdevidAsync("Kumo Devices", "KUMO-QA-0009", TestActors.SecurityOfficer(), Ct));

        await restarted.EnsureCreatedAsync(Ct);
        await restarted.EnsureCreatedAsync(Ct);

        await using var read = await _database.CreateDbContextAsync();
        Assert.Equal(2, await read.PkiCredentials.CountAsync(c => c.Role == PkiCredentialRole.AttestationEndorsementCa, Ct));
        Assert.Equal(2, await read.TrustAnchors.CountAsync(a => a.Purpose == TrustAnchorPurpose.AttestationEndorsement, Ct));
        var again = new SimulatedManufacturers(_database.Get<IDeviceTrustDbContextFactory>(), _database.Get<IPrivateKeyProtector>(), _database.Get<AuditTrail>(),
            _clock, _database.Get<Microsoft.Extensions.Options.IOptions<BrskiOptions>>());
        Assert.NotNull((await again.FindAsync(await ManufacturerIdAsync("Kumo Devices"), Ct))!.EndorsementCa);
    }

    [Fact]
    public async Task MintIdevid_ShortValidity_IssuesAnIdevidThatExpiresThen()
    {
        var minted = await Simulated.MintIdevidAsync("Acme Sensors", "ACME-QA-0003", TestActors.SecurityOfficer(), Ct, TimeSpan.FromSeconds(1));

        using var idevid = X509Certificate2.CreateFromPem(minted.CertificatePem);
        Assert.Equal(_clock.GetUtcNow().AddSeconds(1).UtcDateTime, idevid.NotAfter.ToUniversalTime());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public async Task MintIdevid_ValidityNotPositive_ValidationNamingValiditySecondsAndNothingAudited(int seconds)
    {
        var auditBefore = await AuditCountAsync();

        var e = await Assert.ThrowsAsync<RequestValidationException>(() =>
            Simulated.MintIdevidAsync("Acme Sensors", "ACME-QA-0004", TestActors.SecurityOfficer(), Ct, TimeSpan.FromSeconds(seconds)));

        Assert.Equal(["validitySeconds"], e.Errors.Keys);
        Assert.Equal(auditBefore, await AuditCountAsync());
    }

    [Fact]
    public async Task MintIdevid_NotASecurityOfficer_ForbiddenAndNothingAudited()
    {
        var auditBefore = await AuditCountAsync();

        await Assert.ThrowsAsync<ForbiddenException>(() => Simulated.MintIdevidAsync("Acme Sensors", "ACME-QA-0002", TestActors.Operator(), Ct));
        await Assert.ThrowsAsync<ForbiddenException>(() => Simulated.MintIdevidAsync("Acme Sensors", "ACME-QA-0002", TestActors.Auditor(), Ct));
        await Assert.ThrowsAsync<ForbiddenException>(() => Simulated.MintIdevidAsync("Acme Sensors", "ACME-QA-0002", Actor.System, Ct));

        Assert.Equal(auditBefore, await AuditCountAsync());
    }

    [Theory]
    [InlineData("")]
    [InlineData("SN 1")]
    [InlineData("SN/1")]
    [InlineData("SNé1")]
    [InlineData("SN_1")] // not a device serial: a certificate subject serialNumber is a PrintableString, which has no underscore
    public async Task MintIdevid_SerialThatCannotBeAnIdevidSubject_ValidationNamingSerialNumber(string serial)
    {
        var auditBefore = await AuditCountAsync();

        var e = await Assert.ThrowsAsync<RequestValidationException>(() => Simulated.MintIdevidAsync("Acme Sensors", serial, TestActors.SecurityOfficer(), Ct));

        Assert.Equal(["serialNumber"], e.Errors.Keys);
        Assert.Equal(auditBefore, await AuditCountAsync());
    }

    [Fact]
    public async Task MintIdevid_SerialTooLong_ValidationNamingSerialNumber()
    {
        var e = await Assert.ThrowsAsync<RequestValidationException>(() =>
            Simulated.MintIdevidAsync("Acme Sensors", new string('A', Domain.Devices.SerialNumber.MaxLength + 1), TestActors.SecurityOfficer(), Ct));

        Assert.Equal(["serialNumber"], e.Errors.Keys);
    }

    [Fact]
    public async Task MintIdevid_UnknownOrRealMasaManufacturer_NotFound()
    {
        await AddManufacturerAsync("Real Masa Corp", new Uri("https://masa.realmasa.example/"), withClass: true);
        var auditBefore = await AuditCountAsync();

        await Assert.ThrowsAsync<NotFoundException>(() => Simulated.MintIdevidAsync("No Such Maker", "SN-1", TestActors.SecurityOfficer(), Ct));
        await Assert.ThrowsAsync<NotFoundException>(() => Simulated.MintIdevidAsync("Real Masa Corp", "SN-1", TestActors.SecurityOfficer(), Ct));

        Assert.Equal(auditBefore, await AuditCountAsync());
    }

    private static List<(string Oid, string? Value)> Rdns(string commonName, string organization) =>
        [.. new (string, string?)[] { (EnrollmentOids.CommonName, commonName), (EnrollmentOids.Organization, organization) }.Order()];

    private static List<(string Oid, string? Value)> Rdns(X509Certificate2 certificate) => [.. DeviceCertificateFields.Attributes(certificate.SubjectName).Order()];

    private sealed record Snapshot(List<(Guid?, PkiCredentialRole, string)> Credentials, List<string> Anchors, List<string> Tpas, int AuditCount);

    private async Task<Snapshot> SnapshotAsync()
    {
        await using var db = await _database.CreateDbContextAsync();
        var credentials = (await db.PkiCredentials.AsNoTracking().ToListAsync(Ct))
            .Select(c => (c.ManufacturerId, c.Role, Convert.ToHexString(SHA256.HashData(c.CertificateDer)))).Order().ToList();
        var anchors = (await db.TrustAnchors.AsNoTracking().ToListAsync(Ct)).Select(a => a.Material.Fingerprint).Order().ToList();
        var tpas = await db.ProvisioningAuthorities.AsNoTracking().Select(p => p.Name).OrderBy(n => n).ToListAsync(Ct);
        return new Snapshot(credentials, anchors, tpas, await db.AuditEntries.CountAsync(Ct));
    }

    private async Task<Guid> AddManufacturerAsync(string name, Uri? masaUrl, bool withClass)
    {
        var manufacturer = Manufacturer.Create(Guid.NewGuid(), name);
        manufacturer.PointAtMasa(masaUrl);
        await using (var db = await _database.CreateDbContextAsync())
        {
            db.Manufacturers.Add(manufacturer);
            await db.SaveSetupAsync(Ct);
        }
        if (withClass) await AddClassAsync(manufacturer.Id, $"{name} C1");
        return manufacturer.Id;
    }

    private async Task<Guid> AddClassAsync(Guid manufacturerId, string name)
    {
        var deviceClass = DeviceClass.Create(Guid.NewGuid(), manufacturerId, name, Guid.NewGuid(), Guid.NewGuid(), "rev1");
        await using var db = await _database.CreateDbContextAsync();
        db.DeviceClasses.Add(deviceClass);
        await db.SaveSetupAsync(Ct);
        return deviceClass.Id;
    }

    private async Task<Guid> ManufacturerIdAsync(string name)
    {
        await using var db = await _database.CreateDbContextAsync();
        return await db.Manufacturers.Where(m => m.Name == name).Select(m => m.Id).SingleAsync(Ct);
    }

    private async Task<int> AuditCountAsync()
    {
        await using var db = await _database.CreateDbContextAsync();
        return await db.AuditEntries.CountAsync(Ct);
    }

    [Fact]
    public async Task MintIdevid_AlsoGivesTheDeviceItsEvidenceSecret_DerivedFromTheMasterForItsSerial()
    {
        var minted = await Simulated.MintIdevidAsync("Kumo Devices", "KUMO-QA-0011", TestActors.SecurityOfficer(), Ct);
        var other = await Simulated.MintIdevidAsync("Kumo Devices", "KUMO-QA-0012", TestActors.SecurityOfficer(), Ct);

        var secret = DeviceTrust.Cose.CoseSymmetricKey.Decode(Convert.FromBase64String(minted.VendorAttestationSecret!));
        var kumo = await Simulated.FindAsync(await ManufacturerIdAsync("Kumo Devices"), Ct);
        var expected = VendorAttestationSecrets.ForDevice(kumo!.VendorMasterSecret, "KUMO-QA-0011");
        Assert.Equal(expected.ExportKeyValue(), secret.ExportKeyValue());
        Assert.Equal(expected.KeyId!.Value.ToArray(), secret.KeyId!.Value.ToArray());
        Assert.NotEqual(minted.VendorAttestationSecret, other.VendorAttestationSecret);
        // Minted again for the same serial (a re-flashed device): the same secret, so the verifier still knows it.
        var again = await Simulated.MintIdevidAsync("Kumo Devices", "KUMO-QA-0011", TestActors.SecurityOfficer(), Ct);
        Assert.Equal(minted.VendorAttestationSecret, again.VendorAttestationSecret);
        await using var db = await _database.CreateDbContextAsync();
        var audit = await db.AuditEntries.AsNoTracking().Where(e => e.Action == AuditActions.DevelopmentIdevidMinted).ToListAsync(Ct);
        Assert.All(audit, e => Assert.DoesNotContain(minted.VendorAttestationSecret!, e.Details, StringComparison.Ordinal));
    }

    [Fact]
    public async Task EnsureCreated_ADatabaseFromBeforeVendorVerification_GivesEachManufacturerItsVerifierOnce()
    {
        await using (var db = await _database.CreateDbContextAsync())
        {
            db.PkiCredentials.RemoveRange(db.PkiCredentials.Where(c => c.Role == PkiCredentialRole.AttestationVerifierSigning || c.Role == PkiCredentialRole.VendorAttestationSecret));
            await db.SaveChangesAsync(Ct);
            await db.Database.ExecuteSqlRawAsync("DELETE FROM TrustAnchors WHERE Purpose = 'AttestationVerifier'", Ct);
        }
        var restarted = new SimulatedManufacturers(_database.Get<IDeviceTrustDbContextFactory>(), _database.Get<IPrivateKeyProtector>(), _database.Get<AuditTrail>(),
            _clock, _database.Get<Microsoft.Extensions.Options.IOptions<BrskiOptions>>());
        // Until then, minting gives no evidence secret.
        Assert.Null((await restarted.MintIdevidAsync("Kumo Devices", "KUMO-QA-0013", TestActors.SecurityOfficer(), Ct)).VendorAttestationSecret);

        await restarted.EnsureCreatedAsync(Ct);
        await restarted.EnsureCreatedAsync(Ct);

        await using var read = await _database.CreateDbContextAsync();
        Assert.Equal(2, await read.PkiCredentials.CountAsync(c => c.Role == PkiCredentialRole.AttestationVerifierSigning, Ct));
        Assert.Equal(2, await read.PkiCredentials.CountAsync(c => c.Role == PkiCredentialRole.VendorAttestationSecret, Ct));
        Assert.Equal(2, await read.TrustAnchors.CountAsync(a => a.Purpose == TrustAnchorPurpose.AttestationVerifier, Ct));
        var again = new SimulatedManufacturers(_database.Get<IDeviceTrustDbContextFactory>(), _database.Get<IPrivateKeyProtector>(), _database.Get<AuditTrail>(),
            _clock, _database.Get<Microsoft.Extensions.Options.IOptions<BrskiOptions>>());
        Assert.NotNull((await again.MintIdevidAsync("Kumo Devices", "KUMO-QA-0014", TestActors.SecurityOfficer(), Ct)).VendorAttestationSecret);
    }
}
