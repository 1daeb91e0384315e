using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using DeviceTrust.Application.Audit;
using DeviceTrust.Application.Common;
using DeviceTrust.Application.Updates.Catalog;
using DeviceTrust.Domain.Attestation;
using DeviceTrust.Domain.Trust;
using DeviceTrust.Domain.Updates;
using DeviceTrust.Suit;
using Microsoft.EntityFrameworkCore;

namespace DeviceTrust.Application.Tests.Updates;

/// <summary>
/// The firmware catalog over a real SQLite file: what a publication stores (release, image once by digest, reference
/// values, audit entries, all in one transaction), and that every refusal stores nothing.
/// </summary>
public sealed class FirmwareCatalogTests
{
    private const string Thermo = "Acme Thermo T1";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task PublishImage_ByOperator_SignsAManifestTheAnchorVerifies_StoresTheImageOnce_AndFeedsReferenceValues()
    {
        await using var database = await TestDatabase.CreateAsync();
        var publish = database.Get<PublishFirmwareHandler>();
        var deviceClass = await OutsideAuthor.ClassAsync(database, Thermo);
        var image = OutsideAuthor.Image(4096, 1);

        var first = await publish.PublishImageAsync(TestActors.Operator(), new PublishImageRequest(deviceClass.Id, "1.5.0", "firmware", image, Description: "Fixes the sensor drift"), Ct);
        var second = await publish.PublishImageAsync(TestActors.Operator(), new PublishImageRequest(deviceClass.Id, "1.5.1", "firmware", image), Ct);

        Assert.Equal((1L, 2L), (first.SequenceNumber, second.SequenceNumber));
        Assert.Equal((FirmwareReleaseOrigin.CatalogSigned, "CN=DeviceTrust firmware catalog, O=DeviceTrust"), (first.Origin, first.Signer));
        var digest = Convert.ToHexStringLower(SHA256.HashData(image));
        Assert.Equal([new ReleaseImageItem("firmware", digest, 4096, $"https://localhost:5443/firmware/images/{digest}")], first.Images);
        var catalog = database.Get<FirmwareCatalogQueries>();
        Assert.Equal((false, true), ((await catalog.GetAsync(first.Id, Ct)).IsLatest, (await catalog.GetAsync(second.Id, Ct)).IsLatest));

        // The envelope verifies with the catalog's FirmwareAuthor anchor and names the class's identifiers.
        var (encoded, _) = await database.Get<FirmwareCatalogQueries>().EnvelopeAsync(first.Id, Ct);
        var envelope = SuitEnvelope.Decode(encoded);
        await using var db = await database.CreateDbContextAsync();
        var anchor = await db.TrustAnchors.AsNoTracking().SingleAsync(a => a.Purpose == TrustAnchorPurpose.FirmwareAuthor, Ct);
        using var anchorCertificate = X509CertificateLoader.LoadCertificate(anchor.Material.Encoded);
        using var key = anchorCertificate.GetECDsaPublicKey()!;
        Assert.True(envelope.Verify(key).IsVerified);
        var facts = ManifestFacts.Of(envelope);
        Assert.Equal((deviceClass.VendorId, deviceClass.ClassId), (facts.VendorIds.Single(), facts.ClassIds.Single()));
        Assert.Equal((digest, 4096UL, "1.5.0"), (Convert.ToHexStringLower(facts.Components[0].ImageDigest!.Bytes.Span), facts.Components[0].ImageSize!.Value, facts.Components[0].Version));
        Assert.Equal("Fixes the sensor drift", envelope.Text!.Languages["en"].Texts[SuitTextKeys.ManifestDescription]);

        Assert.Equal(1, await db.FirmwareImages.CountAsync(Ct));
        var values = await db.ReferenceValues.AsNoTracking().Where(r => r.DeviceClassId == deviceClass.Id && r.Component == "firmware" && r.FirmwareVersion.StartsWith("1.5"))
            .ToListAsync(Ct);
        Assert.Equal(["1.5.0", "1.5.1"], values.Select(v => v.FirmwareVersion).Order());
        Assert.All(values, v => Assert.True(v.Matches(DigestAlgorithm.Sha256, SHA256.HashData(image))));
        var published = await db.AuditEntries.AsNoTracking().Where(e => e.Action == AuditActions.FirmwareReleasePublished).ToListAsync(Ct);
        Assert.Equal(2, published.Count);
        var details = JsonDocument.Parse(published.Single(e => e.TargetId == first.Id.ToString()).Details).RootElement;
        Assert.Equal(("1.5.0", 1, "user:operator"), (details.GetProperty("version").GetString(), details.GetProperty("sequenceNumber").GetInt32(), published[0].Actor));
    }

    [Fact]
    public async Task PublishImage_Refusals_NameTheReason_AndStoreNothing()
    {
        await using var database = await TestDatabase.CreateAsync(configure: b => b.Configuration["Firmware:MaxImageBytes"] = "1000");
        var publish = database.Get<PublishFirmwareHandler>();
        var deviceClass = await OutsideAuthor.ClassAsync(database, Thermo);
        var image = OutsideAuthor.Image(500, 2);
        await publish.PublishImageAsync(TestActors.Operator(), new PublishImageRequest(deviceClass.Id, "2.0.0", "firmware", image, SequenceNumber: 10), Ct);
        var before = await CountsAsync(database);

        await Assert.ThrowsAsync<ForbiddenException>(() =>
            publish.PublishImageAsync(TestActors.Auditor(), new PublishImageRequest(deviceClass.Id, "2.0.1", "firmware", image), Ct));
        var oversize = await Assert.ThrowsAsync<RequestValidationException>(() =>
            publish.PublishImageAsync(TestActors.Operator(), new PublishImageRequest(deviceClass.Id, "2.0.1", "firmware", new byte[1001]), Ct));
        Assert.Contains("at most 1000", oversize.Message + string.Concat(oversize.Errors.SelectMany(e => e.Value)), StringComparison.Ordinal);
        var rollback = await Assert.ThrowsAsync<RequestValidationException>(() =>
            publish.PublishImageAsync(TestActors.Operator(), new PublishImageRequest(deviceClass.Id, "1.9.9", "firmware", image, SequenceNumber: 10), Ct));
        Assert.Contains("not above 10", Errors(rollback), StringComparison.Ordinal);
        var sameVersion = await Assert.ThrowsAsync<ConflictException>(() =>
            publish.PublishImageAsync(TestActors.Operator(), new PublishImageRequest(deviceClass.Id, "2.0.0", "firmware", OutsideAuthor.Image(500, 3)), Ct));
        Assert.Contains("already has a release 2.0.0", sameVersion.Message, StringComparison.Ordinal);
        var unknown = await Assert.ThrowsAsync<RequestValidationException>(() =>
            publish.PublishImageAsync(TestActors.Operator(), new PublishImageRequest(Guid.NewGuid(), "2.0.1", "firmware", image), Ct));
        Assert.Contains("No device class", Errors(unknown), StringComparison.Ordinal);
        var negative = await Assert.ThrowsAsync<RequestValidationException>(() =>
            publish.PublishImageAsync(TestActors.Operator(), new PublishImageRequest(deviceClass.Id, "2.0.1", "firmware", image, SequenceNumber: -1), Ct));
        Assert.True(negative.Errors.ContainsKey("sequenceNumber"));
        Assert.Equal(before, await CountsAsync(database));

        // The catalog's own anchor retired: what it signs verifies with no active anchor of the class, so it publishes nothing.
        await using (var db = await database.CreateDbContextAsync())
        {
            var own = await db.TrustAnchors.AsNoTracking().SingleAsync(a => a.Name == FirmwareAuthorKey.AnchorName && a.Status == TrustAnchorStatus.Active, Ct);
            await database.Get<DeviceTrust.Application.TrustAnchors.RetireTrustAnchor.RetireTrustAnchorHandler>().HandleAsync(TestActors.SecurityOfficer(), own.Id, "key rotation", Ct);
        }
        var retired = await CountsAsync(database);
        var unsigned = await Assert.ThrowsAsync<ConflictException>(() =>
            publish.PublishImageAsync(TestActors.Operator(), new PublishImageRequest(deviceClass.Id, "2.0.1", "firmware", image), Ct));
        Assert.Contains("No active FirmwareAuthor anchor", unsigned.Message, StringComparison.Ordinal);
        Assert.Equal(retired, await CountsAsync(database));
    }

    [Fact]
    public async Task PublishEnvelope_SignedByATrustedAuthor_IsStoredWithItsSigner_AndUnknownOnesAreRefused()
    {
        await using var database = await TestDatabase.CreateAsync();
        var publish = database.Get<PublishFirmwareHandler>();
        var deviceClass = await OutsideAuthor.ClassAsync(database, Thermo);
        using var author = new OutsideAuthor();
        var image = OutsideAuthor.Image(2048, 4);
        var envelope = author.Envelope(deviceClass, image, 7, "3.0.0");

        var untrusted = await Assert.ThrowsAsync<RequestValidationException>(() =>
            publish.PublishEnvelopeAsync(TestActors.Operator(), new PublishEnvelopeRequest(envelope, [image]), Ct));
        Assert.Contains("does not verify with any FirmwareAuthor anchor of Acme Thermo T1", Errors(untrusted), StringComparison.Ordinal);
        Assert.Equal(0, (await CountsAsync(database)).Releases);

        await author.TrustAsync(database, deviceClass);
        var release = await publish.PublishEnvelopeAsync(TestActors.Operator(), new PublishEnvelopeRequest(envelope, [image]), Ct);

        Assert.Equal((7L, "3.0.0", FirmwareReleaseOrigin.AuthorSigned, "CN=Acme firmware signing, O=Acme Sensors"),
            (release.SequenceNumber, release.Version, release.Origin, release.Signer));
        Assert.Equal("https://firmware.acme.example/t1/3.0.0", release.Images.Single().Uri);
        Assert.Equal(envelope, (await database.Get<FirmwareCatalogQueries>().EnvelopeAsync(release.Id, Ct)).Envelope);
        Assert.Equal(image, await database.Get<FirmwareCatalogQueries>().ImageAsync(release.Images.Single().Digest, Ct));
    }

    [Fact]
    public async Task PublishEnvelope_BadInput_IsRefusedWithItsReason_AndStoresNothing()
    {
        await using var database = await TestDatabase.CreateAsync();
        var publish = database.Get<PublishFirmwareHandler>();
        var deviceClass = await OutsideAuthor.ClassAsync(database, Thermo);
        using var author = new OutsideAuthor();
        await author.TrustAsync(database, deviceClass);
        var image = OutsideAuthor.Image(1024, 5);
        var good = author.Envelope(deviceClass, image, 3, "4.0.0");
        var flipped = good.ToArray();
        flipped[^5] ^= 0x01;   // inside the manifest's last text: the digest no longer matches
        var before = await CountsAsync(database);

        async Task<string> Refused(PublishEnvelopeRequest request) =>
            Errors(await Assert.ThrowsAsync<RequestValidationException>(() => publish.PublishEnvelopeAsync(TestActors.Operator(), request, Ct)));

        Assert.Contains("Not a well-formed SUIT envelope", await Refused(new PublishEnvelopeRequest([0xa1, 0x02], [image])), StringComparison.Ordinal);
        Assert.Contains("does not verify", await Refused(new PublishEnvelopeRequest(flipped, [image])), StringComparison.Ordinal);
        Assert.Contains("No uploaded image has the digest", await Refused(new PublishEnvelopeRequest(good, [])), StringComparison.Ordinal);
        Assert.Contains("not one the manifest installs", await Refused(new PublishEnvelopeRequest(good, [image, OutsideAuthor.Image(10, 6)])), StringComparison.Ordinal);
        Assert.Contains("the manifest says 9999",
            await Refused(new PublishEnvelopeRequest(author.Envelope(deviceClass, image, 3, "4.0.0", declaredSize: 9999), [image])), StringComparison.Ordinal);
        Assert.Contains("No device class has vendor-id",
            await Refused(new PublishEnvelopeRequest(author.Envelope(deviceClass, image, 3, "4.0.0", classId: Guid.NewGuid()), [image])), StringComparison.Ordinal);

        Assert.Equal(before, await CountsAsync(database));
    }

    [Fact]
    public async Task Withdraw_KeepsTheRelease_NotLatestAnyMore_Audited_AndOnlyOnce()
    {
        await using var database = await TestDatabase.CreateAsync();
        var publish = database.Get<PublishFirmwareHandler>();
        var deviceClass = await OutsideAuthor.ClassAsync(database, Thermo);
        var release = await publish.PublishImageAsync(TestActors.Operator(), new PublishImageRequest(deviceClass.Id, "5.0.0", "firmware", OutsideAuthor.Image(64, 7)), Ct);

        await Assert.ThrowsAsync<ForbiddenException>(() => publish.WithdrawAsync(TestActors.Auditor(), release.Id, "bricks the sensor", Ct));
        await publish.WithdrawAsync(TestActors.Operator(), release.Id, "bricks the sensor", Ct);
        await Assert.ThrowsAsync<ConflictException>(() => publish.WithdrawAsync(TestActors.Operator(), release.Id, "again", Ct));

        var withdrawn = await database.Get<FirmwareCatalogQueries>().GetAsync(release.Id, Ct);
        Assert.Equal((FirmwareReleaseStatus.Withdrawn, false, "bricks the sensor", "user:operator"),
            (withdrawn.Status, withdrawn.IsLatest, withdrawn.WithdrawalReason, withdrawn.WithdrawnBy));
        await using var db = await database.CreateDbContextAsync();
        Assert.Equal(1, await db.AuditEntries.CountAsync(e => e.Action == AuditActions.FirmwareReleaseWithdrawn, Ct));
        // A later release still has to go above the withdrawn one's sequence number.
        var next = await publish.PublishImageAsync(TestActors.Operator(), new PublishImageRequest(deviceClass.Id, "5.0.1", "firmware", OutsideAuthor.Image(64, 8)), Ct);
        Assert.Equal(2, next.SequenceNumber);
        // Rolling back to it would publish the withdrawn images again: refused, nothing published.
        Assert.False(withdrawn.CanRollBack);
        var rollback = await Assert.ThrowsAsync<ConflictException>(() => publish.RollBackToAsync(TestActors.Operator(), release.Id, "5.0.2", Ct));
        Assert.Contains("withdrawn", rollback.Message, StringComparison.Ordinal);
        Assert.Equal(2, await db.FirmwareReleases.CountAsync(r => r.DeviceClassId == deviceClass.Id, Ct));
    }

    [Fact]
    public async Task PublishImage_OfOneComponent_KeepsTheOtherComponentsDigestsOfTheReleaseItFollows()
    {
        await using var database = await TestDatabase.CreateAsync();
        var publish = database.Get<PublishFirmwareHandler>();
        var deviceClass = await OutsideAuthor.ClassAsync(database, Thermo);
        var bootloader = SHA256.HashData("bootloader 2.1.0"u8);
        await database.Get<DeviceTrust.Application.Attestation.ReferenceValues.ReferenceValueHandlers>().AddAsync(TestActors.SecurityOfficer(),
            new DeviceTrust.Application.Attestation.ReferenceValues.ReferenceValueEntry(Thermo, "6.0.0", "bootloader", "sha-256", Convert.ToHexStringLower(bootloader)), Ct);
        await publish.PublishImageAsync(TestActors.Operator(), new PublishImageRequest(deviceClass.Id, "6.0.0", "firmware", OutsideAuthor.Image(100, 9)), Ct);

        var image = OutsideAuthor.Image(100, 10);
        await publish.PublishImageAsync(TestActors.Operator(), new PublishImageRequest(deviceClass.Id, "6.1.0", "firmware", image), Ct);

        await using var db = await database.CreateDbContextAsync();
        var values = await db.ReferenceValues.AsNoTracking().Where(r => r.DeviceClassId == deviceClass.Id && r.FirmwareVersion == "6.1.0").ToListAsync(Ct);
        Assert.Equal(["bootloader", "firmware"], values.Select(v => v.Component).Order());
        Assert.True(values.Single(v => v.Component == "bootloader").Matches(DigestAlgorithm.Sha256, bootloader));
        Assert.True(values.Single(v => v.Component == "firmware").Matches(DigestAlgorithm.Sha256, SHA256.HashData(image)));
    }

    [Fact]
    public async Task RollBackTo_AnEarlierRelease_PublishesItsImagesAgain_AboveEverySequenceNumber_WithReferenceValues()
    {
        await using var database = await TestDatabase.CreateAsync();
        var publish = database.Get<PublishFirmwareHandler>();
        var deviceClass = await OutsideAuthor.ClassAsync(database, Thermo);
        var good = OutsideAuthor.Image(700, 11);
        var earlier = await publish.PublishImageAsync(TestActors.Operator(), new PublishImageRequest(deviceClass.Id, "7.0.0", "firmware", good), Ct);
        await publish.PublishImageAsync(TestActors.Operator(), new PublishImageRequest(deviceClass.Id, "7.1.0", "firmware", OutsideAuthor.Image(700, 12)), Ct);

        await Assert.ThrowsAsync<ForbiddenException>(() => publish.RollBackToAsync(TestActors.Auditor(), earlier.Id, cancellationToken: Ct));
        var rollback = await publish.RollBackToAsync(TestActors.Operator(), earlier.Id, cancellationToken: Ct);

        Assert.Equal(("7.0.0-rollback", 3L, true), (rollback.Version, rollback.SequenceNumber, rollback.IsLatest));
        Assert.Equal(earlier.Images.Single().Digest, rollback.Images.Single().Digest);
        Assert.Contains("Rollback to 7.0.0 (sequence number 1)", rollback.Description, StringComparison.Ordinal);
        var envelope = SuitEnvelope.Decode((await database.Get<FirmwareCatalogQueries>().EnvelopeAsync(rollback.Id, Ct)).Envelope);
        Assert.Equal(3UL, envelope.Manifest.SequenceNumber);
        await using var db = await database.CreateDbContextAsync();
        var value = await db.ReferenceValues.AsNoTracking().SingleAsync(r => r.DeviceClassId == deviceClass.Id && r.FirmwareVersion == "7.0.0-rollback", Ct);
        Assert.True(value.Matches(DigestAlgorithm.Sha256, SHA256.HashData(good)));
        Assert.Equal(1, await db.FirmwareImages.CountAsync(i => i.DigestHex == earlier.Images.Single().Digest, Ct));
        // A second rollback to the same release needs a version of its own.
        await Assert.ThrowsAsync<ConflictException>(() => publish.RollBackToAsync(TestActors.Operator(), earlier.Id, cancellationToken: Ct));
    }

    private static string Errors(RequestValidationException e) => string.Join(" | ", e.Errors.SelectMany(x => x.Value));

    private static async Task<(int Releases, int Images, int ReferenceValues, int AuditEntries)> CountsAsync(TestDatabase database)
    {
        await using var db = await database.CreateDbContextAsync();
        return (await db.FirmwareReleases.CountAsync(Ct), await db.FirmwareImages.CountAsync(Ct), await db.ReferenceValues.CountAsync(Ct), await db.AuditEntries.CountAsync(Ct));
    }
}
