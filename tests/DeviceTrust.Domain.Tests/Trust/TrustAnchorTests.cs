using System.Security.Cryptography;
using DeviceTrust.Domain;
using DeviceTrust.Domain.Trust;

namespace DeviceTrust.Domain.Tests.Trust;

public sealed class TrustAnchorTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);
    private static readonly Guid Thermo = Guid.NewGuid();
    private static readonly Guid Meter = Guid.NewGuid();

    private static AnchorMaterial Material(DateTimeOffset? notBefore = null, DateTimeOffset? notAfter = null)
    {
        var bytes = RandomNumberGenerator.GetBytes(64);
        return new AnchorMaterial(KeyMaterialFormat.X509Certificate, bytes, Convert.ToHexStringLower(SHA256.HashData(bytes)), "CN=Acme IDevID CA",
            notBefore ?? Now.AddYears(-1), notAfter ?? Now.AddYears(5));
    }

    private static ProvisioningAuthority Tpa(TrustAnchorRights rights, TrustAnchorPurpose purpose, params Guid[] classes)
    {
        var tpa = ProvisioningAuthority.Create(Guid.NewGuid(), "Acme PKI", null, "user:test");
        tpa.Grant(new TpaGrant(rights, purpose, classes), "user:test");
        return tpa;
    }

    [Fact]
    public void Add_ByTpaWithAddRightForTheClass_CreatesAnActiveAnchor()
    {
        var tpa = Tpa(TrustAnchorRights.Add, TrustAnchorPurpose.ManufacturerIdevidCa, Thermo);

        var anchor = TrustAnchor.Add("Acme IDevID CA", TrustAnchorPurpose.ManufacturerIdevidCa, Material(), [Thermo], tpa, AnchorAuthority.Of(tpa), "user:test", Now);

        Assert.Equal(TrustAnchorStatus.Active, anchor.Status);
        Assert.Equal(tpa.Id, anchor.OwnerId);
        Assert.True(anchor.IsTrustedFor(TrustAnchorPurpose.ManufacturerIdevidCa, Thermo, Now));
    }

    [Theory]
    [InlineData(TrustAnchorRights.Update, TrustAnchorPurpose.ManufacturerIdevidCa)]
    [InlineData(TrustAnchorRights.Add, TrustAnchorPurpose.FirmwareAuthor)]
    public void Add_ByTpaWithoutTheRightOrPurpose_IsRefused(TrustAnchorRights rights, TrustAnchorPurpose granted)
    {
        var tpa = Tpa(rights, granted, Thermo);
        var error = Assert.Throws<DomainException>(() =>
            TrustAnchor.Add("x", TrustAnchorPurpose.ManufacturerIdevidCa, Material(), [Thermo], tpa, AnchorAuthority.Of(tpa), "user:test", Now));
        Assert.Contains("no Add right", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Add_ForAClassOutsideTheGrant_IsRefused()
    {
        var tpa = Tpa(TrustAnchorRights.All, TrustAnchorPurpose.Masa, Thermo);
        Assert.Throws<DomainException>(() => TrustAnchor.Add("x", TrustAnchorPurpose.Masa, Material(), [Thermo, Meter], tpa, AnchorAuthority.Of(tpa), "user:test", Now));
        // An anchor for every class needs a grant for every class.
        Assert.Throws<DomainException>(() => TrustAnchor.Add("x", TrustAnchorPurpose.Masa, Material(), [], tpa, AnchorAuthority.Of(tpa), "user:test", Now));
    }

    [Fact]
    public void Add_BySecurityOfficer_NeedsNoGrant()
    {
        var owner = ProvisioningAuthority.Create(Guid.NewGuid(), "Owner PKI", null, "user:test");
        var anchor = TrustAnchor.Add("Domain CA", TrustAnchorPurpose.DomainCa, Material(), [], owner, AnchorAuthority.SecurityOfficer, "user:test", Now);
        Assert.True(anchor.IsTrustedFor(TrustAnchorPurpose.DomainCa, Meter, Now));
    }

    [Fact]
    public void Add_ExpiredMaterial_IsRefused() =>
        Assert.Throws<DomainException>(() => TrustAnchor.Add("old", TrustAnchorPurpose.DomainCa, Material(Now.AddYears(-3), Now.AddDays(-1)), [],
            ProvisioningAuthority.Create(Guid.NewGuid(), "o", null, "user:test"), AnchorAuthority.SecurityOfficer, "user:test", Now));

    [Fact]
    public void IsTrustedFor_OtherPurposeClassOrTime_IsFalse()
    {
        var tpa = Tpa(TrustAnchorRights.Add, TrustAnchorPurpose.FirmwareAuthor, Thermo);
        var anchor = TrustAnchor.Add("Acme firmware", TrustAnchorPurpose.FirmwareAuthor, Material(notAfter: Now.AddDays(30)), [Thermo], tpa, AnchorAuthority.Of(tpa), "user:test", Now);

        Assert.False(anchor.IsTrustedFor(TrustAnchorPurpose.AttestationEndorsement, Thermo, Now));
        Assert.False(anchor.IsTrustedFor(TrustAnchorPurpose.FirmwareAuthor, Meter, Now));
        Assert.False(anchor.IsTrustedFor(TrustAnchorPurpose.FirmwareAuthor, Thermo, Now.AddDays(30)));
    }

    [Fact]
    public void Retire_ByOwnerWithRemoveRight_StopsTrustEverywhere()
    {
        var tpa = Tpa(TrustAnchorRights.Add | TrustAnchorRights.Remove, TrustAnchorPurpose.Masa, Thermo);
        var anchor = TrustAnchor.Add("Acme MASA", TrustAnchorPurpose.Masa, Material(), [Thermo], tpa, AnchorAuthority.Of(tpa), "user:test", Now);

        anchor.Retire("key compromised", AnchorAuthority.Of(tpa), "user:test", Now.AddHours(1));

        Assert.Equal(TrustAnchorStatus.Retired, anchor.Status);
        Assert.Equal("key compromised", anchor.RetirementReason);
        Assert.False(anchor.IsTrustedFor(TrustAnchorPurpose.Masa, Thermo, Now.AddHours(2)));
        Assert.Throws<DomainException>(() => anchor.Retire("again", AnchorAuthority.SecurityOfficer, "user:test", Now.AddHours(3)));
    }

    [Fact]
    public void Retire_ByAnotherTpaOrWithoutRemoveRight_IsRefused()
    {
        var owner = Tpa(TrustAnchorRights.Add, TrustAnchorPurpose.Masa, Thermo);
        var other = Tpa(TrustAnchorRights.All, TrustAnchorPurpose.Masa, Thermo);
        var anchor = TrustAnchor.Add("Acme MASA", TrustAnchorPurpose.Masa, Material(), [Thermo], owner, AnchorAuthority.Of(owner), "user:test", Now);

        Assert.Contains("does not own", Assert.Throws<DomainException>(() => anchor.Retire("r", AnchorAuthority.Of(other), "user:test", Now)).Message, StringComparison.Ordinal);
        Assert.Contains("no Remove right", Assert.Throws<DomainException>(() => anchor.Retire("r", AnchorAuthority.Of(owner), "user:test", Now)).Message, StringComparison.Ordinal);
        Assert.Equal(TrustAnchorStatus.Active, anchor.Status);
    }

    [Fact]
    public void ChangeScope_NeedsUpdateRightOverTheNewScope()
    {
        var tpa = Tpa(TrustAnchorRights.Add | TrustAnchorRights.Update, TrustAnchorPurpose.AttestationEndorsement, Thermo);
        var anchor = TrustAnchor.Add("Endorser", TrustAnchorPurpose.AttestationEndorsement, Material(), [Thermo], tpa, AnchorAuthority.Of(tpa), "user:test", Now);

        Assert.Throws<DomainException>(() => anchor.ChangeScope([Thermo, Meter], AnchorAuthority.Of(tpa), "user:test"));
        anchor.ChangeScope([Meter, Thermo], AnchorAuthority.SecurityOfficer, "user:test");

        Assert.Equal(new[] { Meter, Thermo }.Order(), anchor.DeviceClassIds);
    }

    [Fact]
    public void Grant_SameScopeTwice_ReplacesTheFirst()
    {
        var tpa = Tpa(TrustAnchorRights.Add, TrustAnchorPurpose.Tam, Thermo);
        tpa.Grant(new TpaGrant(TrustAnchorRights.Remove, TrustAnchorPurpose.Tam, [Thermo]), "user:test");

        var grant = Assert.Single(tpa.Grants);
        Assert.Equal(TrustAnchorRights.Remove, grant.Rights);
        Assert.False(tpa.Allows(TrustAnchorRights.Add, TrustAnchorPurpose.Tam, [Thermo]));
    }

    [Fact]
    public void RevokeGrant_RemovesTheRight_AndUnknownGrantIsRefused()
    {
        var tpa = Tpa(TrustAnchorRights.All, TrustAnchorPurpose.FirmwareAuthor, Thermo);
        tpa.RevokeGrant(TrustAnchorPurpose.FirmwareAuthor, [Thermo], "user:test");
        Assert.False(tpa.Allows(TrustAnchorRights.Add, TrustAnchorPurpose.FirmwareAuthor, [Thermo]));
        Assert.Throws<DomainException>(() => tpa.RevokeGrant(TrustAnchorPurpose.FirmwareAuthor, [Thermo], "user:test"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("ABCDEF")]
    public void AnchorMaterial_BadFingerprint_IsRefused(string fingerprint) =>
        Assert.Throws<DomainException>(() => new AnchorMaterial(KeyMaterialFormat.CoseKey, [1, 2, 3], fingerprint, "key", null, null));

    [Fact]
    public void Lifecycle_EachChange_RaisesOneEventNamingWhoMadeIt()
    {
        var tpa = Tpa(TrustAnchorRights.All, TrustAnchorPurpose.ManufacturerIdevidCa, Thermo, Meter);
        var material = Material();
        var anchor = TrustAnchor.Add("Acme IDevID CA", TrustAnchorPurpose.ManufacturerIdevidCa, material, [Thermo], tpa, AnchorAuthority.Of(tpa), "user:alice", Now);
        anchor.ChangeScope([Meter, Thermo], AnchorAuthority.Of(tpa), "user:alice");
        anchor.Retire("  key compromised ", AnchorAuthority.Of(tpa), "user:bob", Now);
        tpa.RevokeGrant(TrustAnchorPurpose.ManufacturerIdevidCa, [Meter, Thermo], "user:carol");

        Assert.Collection(anchor.DomainEvents,
            e => Assert.Equal(new TrustAnchorAdded(anchor.Id, "Acme IDevID CA", TrustAnchorPurpose.ManufacturerIdevidCa, "Acme PKI", material.Fingerprint, "user:alice"), e),
            e =>
            {
                var scope = Assert.IsType<TrustAnchorScopeChanged>(e);
                Assert.Equal(new[] { Meter, Thermo }.Order(), scope.DeviceClassIds);
                Assert.Equal("user:alice", scope.By);
            },
            e => Assert.Equal(new TrustAnchorRetired(anchor.Id, "Acme IDevID CA", "key compromised", "user:bob"), e));
        Assert.Equal([typeof(TpaCreated), typeof(TpaGranted), typeof(TpaGrantRevoked)], tpa.DomainEvents.Select(e => e.GetType()));
        Assert.Equal("user:carol", tpa.DomainEvents[^1].By);
    }

    [Fact]
    public void Retire_Refused_RaisesNothing()
    {
        var owner = Tpa(TrustAnchorRights.Add, TrustAnchorPurpose.ManufacturerIdevidCa, Thermo);
        var anchor = TrustAnchor.Add("Acme IDevID CA", TrustAnchorPurpose.ManufacturerIdevidCa, Material(), [Thermo], owner, AnchorAuthority.Of(owner), "user:alice", Now);
        anchor.ClearDomainEvents();

        Assert.Throws<DomainException>(() => anchor.Retire("no right to", AnchorAuthority.Of(owner), "user:alice", Now));

        Assert.Empty(anchor.DomainEvents);
    }
}
