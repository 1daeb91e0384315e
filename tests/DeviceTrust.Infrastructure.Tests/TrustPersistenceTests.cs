using System.Security.Cryptography;
using DeviceTrust.Domain.Trust;
using DeviceTrust.Testing;
using Microsoft.EntityFrameworkCore;

namespace DeviceTrust.Infrastructure.Tests;

/// <summary>Trust anchors and TPAs survive a round trip through SQLite with their scope, grants and status.</summary>
public sealed class TrustPersistenceTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task TrustAnchor_SavedAndReloaded_KeepsMaterialScopeOwnerAndGrants()
    {
        await using var database = await TestDatabase.CreateAsync(seed: false);
        var ct = TestContext.Current.CancellationToken;
        var thermo = Guid.NewGuid();
        var bytes = RandomNumberGenerator.GetBytes(80);
        var fingerprint = Convert.ToHexStringLower(SHA256.HashData(bytes));
        var tpa = ProvisioningAuthority.Create(Guid.NewGuid(), "Acme PKI", "Acme's manufacturing PKI", "user:test");
        tpa.Grant(new TpaGrant(TrustAnchorRights.Add | TrustAnchorRights.Remove, TrustAnchorPurpose.ManufacturerIdevidCa, [thermo]), "user:test");
        var anchor = TrustAnchor.Add("Acme IDevID CA", TrustAnchorPurpose.ManufacturerIdevidCa,
            new AnchorMaterial(KeyMaterialFormat.X509Certificate, bytes, fingerprint, "CN=Acme IDevID CA", Now.AddYears(-1), Now.AddYears(10)),
            [thermo], tpa, AnchorAuthority.Of(tpa), "user:test", Now);
        await using (var db = await database.CreateDbContextAsync())
        {
            db.ProvisioningAuthorities.Add(tpa);
            db.TrustAnchors.Add(anchor);
            await db.SaveSetupAsync(ct);
        }

        await using (var db = await database.CreateDbContextAsync())
        {
            var loadedTpa = await db.ProvisioningAuthorities.SingleAsync(p => p.Id == tpa.Id, ct);
            var loaded = await db.TrustAnchors.SingleAsync(a => a.Id == anchor.Id, ct);
            Assert.True(loadedTpa.Allows(TrustAnchorRights.Remove, TrustAnchorPurpose.ManufacturerIdevidCa, [thermo]));
            Assert.Equal(bytes, loaded.Material.Encoded);
            Assert.Equal(fingerprint, loaded.Material.Fingerprint);
            Assert.Equal([thermo], loaded.DeviceClassIds);
            Assert.Equal(tpa.Id, loaded.OwnerId);
            Assert.True(loaded.IsTrustedFor(TrustAnchorPurpose.ManufacturerIdevidCa, thermo, Now));

            loaded.Retire("rotated", AnchorAuthority.Of(loadedTpa), "user:test", Now.AddDays(1));
            await db.SaveSetupAsync(ct);
        }

        await using (var db = await database.CreateDbContextAsync())
        {
            var retired = await db.TrustAnchors.SingleAsync(a => a.Id == anchor.Id, ct);
            Assert.Equal(TrustAnchorStatus.Retired, retired.Status);
            Assert.False(retired.IsTrustedFor(TrustAnchorPurpose.ManufacturerIdevidCa, thermo, Now.AddDays(2)));
        }
    }
}
