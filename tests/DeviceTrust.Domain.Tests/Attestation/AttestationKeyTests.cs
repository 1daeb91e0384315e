using System.Security.Cryptography;
using DeviceTrust.Domain.Attestation;

namespace DeviceTrust.Domain.Tests.Attestation;

public sealed class AttestationKeyTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);

    private static byte[] NewSpki()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return key.ExportSubjectPublicKeyInfo();
    }

    [Fact]
    public void Registered_KeyIdIsSha256OfTheSubjectPublicKeyInfo_AndTheAdditionIsAnEvent()
    {
        var spki = NewSpki();
        var device = Guid.NewGuid();

        var key = AttestationKey.Registered(device, "SN-1", spki, "user:officer", Now);

        Assert.Equal(SHA256.HashData(spki), key.KeyId);
        Assert.Equal(spki, key.SubjectPublicKeyInfo);
        Assert.True(key.IsActive);
        Assert.Equal(AttestationKeyOrigin.Registered, key.Origin);
        Assert.Null(key.EndorsementCertificate);
        var added = Assert.IsType<AttestationKeyAdded>(Assert.Single(key.DomainEvents));
        Assert.Equal((device, "SN-1", Convert.ToHexStringLower(key.KeyId), AttestationKeyOrigin.Registered, "user:officer"),
            (added.DeviceId, added.SerialNumber, added.KeyIdHex, added.Origin, added.By));
    }

    [Fact]
    public void Endorsed_KeepsACopyOfTheCertificate_AndNeedsOne()
    {
        var certificate = new byte[] { 0x30, 0x03, 0x02, 0x01, 0x01 };

        var key = AttestationKey.Endorsed(Guid.NewGuid(), "SN-1", NewSpki(), certificate, "system", Now);
        certificate[0] = 0;

        Assert.Equal(AttestationKeyOrigin.Endorsed, key.Origin);
        Assert.Equal(0x30, key.EndorsementCertificate![0]);
        Assert.Throws<DomainException>(() => AttestationKey.Endorsed(Guid.NewGuid(), "SN-1", NewSpki(), [], "system", Now));
    }

    [Fact]
    public void Create_WithoutDeviceKeyOrActor_Refused()
    {
        Assert.Throws<DomainException>(() => AttestationKey.Registered(Guid.Empty, "SN-1", NewSpki(), "user:officer", Now));
        Assert.Throws<DomainException>(() => AttestationKey.Registered(Guid.NewGuid(), "SN-1", [], "user:officer", Now));
        Assert.Throws<DomainException>(() => AttestationKey.Registered(Guid.NewGuid(), "SN-1", new byte[2000], "user:officer", Now));
        Assert.Throws<DomainException>(() => AttestationKey.Registered(Guid.NewGuid(), "SN-1", NewSpki(), " ", Now));
    }

    [Fact]
    public void Retire_Once_RecordsWhoWhenWhy_Twice_Refused()
    {
        var key = AttestationKey.Registered(Guid.NewGuid(), "SN-1", NewSpki(), "user:officer", Now);
        key.ClearDomainEvents();

        key.Retire("SN-1", " key leaked ", "user:officer2", Now.AddDays(1));

        Assert.False(key.IsActive);
        Assert.Equal((Now.AddDays(1), "user:officer2", "key leaked"), (key.RetiredAt!.Value, key.RetiredBy, key.RetirementReason));
        var retired = Assert.IsType<AttestationKeyRetired>(Assert.Single(key.DomainEvents));
        Assert.Equal("key leaked", retired.Reason);
        Assert.Throws<DomainException>(() => key.Retire("SN-1", "again", "user:officer2", Now.AddDays(2)));
        Assert.Single(key.DomainEvents);
    }

    [Fact]
    public void Retire_WithoutReason_Refused()
    {
        var key = AttestationKey.Registered(Guid.NewGuid(), "SN-1", NewSpki(), "user:officer", Now);

        Assert.Throws<DomainException>(() => key.Retire("SN-1", "", "user:officer", Now));
        Assert.True(key.IsActive);
    }
}
