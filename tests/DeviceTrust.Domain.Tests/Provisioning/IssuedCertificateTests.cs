using DeviceTrust.Domain.Provisioning;

namespace DeviceTrust.Domain.Tests.Provisioning;

public sealed class IssuedCertificateTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 9, 0, 0, TimeSpan.Zero);
    private static readonly string Fingerprint = new string('0', 63) + "1";

    private static IssuedCertificateDetails Details(string serial = "0a1b2c", DateTimeOffset? notBefore = null, DateTimeOffset? notAfter = null,
        byte[]? der = null) =>
        new(serial, "CN=SN-0001, SERIALNUMBER=SN-0001", "CN=DeviceTrust Issuing CA", Fingerprint, notBefore ?? Now, notAfter ?? Now.AddDays(365), der ?? [0x30, 0x82, 0x01, 0x0A]);

    private static IssuedCertificate Record(IssuedCertificateDetails? details = null) =>
        IssuedCertificate.Record(IssuedCertificateKind.Ldevid, Guid.NewGuid(), "SN-0001", details ?? Details(), "simpleenroll", null, "test", Now);

    [Fact]
    public void Record_ValidDetails_KeepsThemWithUppercaseSerial()
    {
        var deviceId = Guid.NewGuid();
        var details = Details();

        var certificate = IssuedCertificate.Record(IssuedCertificateKind.Ldevid, deviceId, "SN-0001", details, "serverkeygen", null, "test", Now.AddMinutes(1));

        Assert.NotEqual(Guid.Empty, certificate.Id);
        Assert.Equal(IssuedCertificateKind.Ldevid, certificate.Kind);
        Assert.Equal(deviceId, certificate.DeviceId);
        Assert.Equal("SN-0001", certificate.DeviceSerialNumber);
        Assert.Equal("0A1B2C", certificate.SerialNumber);
        Assert.Equal(details.Subject, certificate.Subject);
        Assert.Equal(details.Issuer, certificate.Issuer);
        Assert.Equal(Fingerprint, certificate.Fingerprint);
        Assert.Equal(Now, certificate.NotBefore);
        Assert.Equal(Now.AddDays(365), certificate.NotAfter);
        Assert.Equal(details.CertificateDer, certificate.CertificateDer);
        Assert.Equal(Now.AddMinutes(1), certificate.IssuedAt);
        Assert.Equal("serverkeygen", certificate.IssuedVia);
        Assert.False(certificate.IsRevoked);
        Assert.Null(certificate.RevokedAt);
        Assert.Null(certificate.RevocationReason);
        Assert.Null(certificate.RevokedBy);
    }

    [Fact]
    public void Record_DevelopmentIdevidWithoutDevice_Accepted()
    {
        var certificate = IssuedCertificate.Record(IssuedCertificateKind.DevelopmentIdevid, null, "SN-0002", Details(), "dev-mint", null, "test", Now);

        Assert.Null(certificate.DeviceId);
        Assert.Equal(IssuedCertificateKind.DevelopmentIdevid, certificate.Kind);
    }

    [Fact]
    public void Record_NoDetails_ThrowsArgumentNull() =>
        Assert.Throws<ArgumentNullException>(() => IssuedCertificate.Record(IssuedCertificateKind.Ldevid, null, "SN-0001", null!, "simpleenroll", null, "test", Now));

    [Fact]
    public void Record_EmptyCertificate_Throws()
    {
        Assert.Throws<DomainException>(() => Record(Details(der: [])));
        Assert.Throws<DomainException>(() => Record(Details() with { CertificateDer = null! }));
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("0A:1B")]
    [InlineData("0x0A")]
    [InlineData("12G4")]
    public void Record_SerialNotHex_Throws(string serial)
    {
        var e = Assert.Throws<DomainException>(() => Record(Details(serial)));
        Assert.Contains("hexadecimal", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Record_ValidityEndingAtOrBeforeItsStart_Throws()
    {
        Assert.Throws<DomainException>(() => Record(Details(notBefore: Now, notAfter: Now)));
        Assert.Throws<DomainException>(() => Record(Details(notBefore: Now, notAfter: Now.AddSeconds(-1))));
        Assert.Equal(Now.AddSeconds(1), Record(Details(notBefore: Now, notAfter: Now.AddSeconds(1))).NotAfter);
    }

    [Theory]
    [InlineData("")]
    [InlineData("SN 0001")]
    public void Record_InvalidDeviceSerial_Throws(string deviceSerial) =>
        Assert.Throws<DomainException>(() => IssuedCertificate.Record(IssuedCertificateKind.Ldevid, null, deviceSerial, Details(), "simpleenroll", null, "test", Now));

    [Fact]
    public void IsCurrent_InsideValidity_TrueAndAtNotAfterFalse()
    {
        var certificate = Record(Details(notBefore: Now, notAfter: Now.AddDays(1)));

        Assert.False(certificate.IsCurrent(Now.AddTicks(-1)));
        Assert.True(certificate.IsCurrent(Now));
        Assert.True(certificate.IsCurrent(Now.AddDays(1).AddTicks(-1)));
        Assert.False(certificate.IsCurrent(Now.AddDays(1)));
    }

    [Fact]
    public void IsCurrent_Revoked_FalseEvenInsideValidity()
    {
        var certificate = Record();

        certificate.Revoke(CertificateRevocationReason.KeyCompromise, "user:operator", Now.AddHours(1));

        Assert.False(certificate.IsCurrent(Now.AddHours(2)));
    }

    [Fact]
    public void Revoke_Live_RecordsWhenWhyAndWho()
    {
        var certificate = Record();

        certificate.Revoke(CertificateRevocationReason.Superseded, "user:operator", Now.AddHours(1));

        Assert.True(certificate.IsRevoked);
        Assert.Equal(Now.AddHours(1), certificate.RevokedAt);
        Assert.Equal(CertificateRevocationReason.Superseded, certificate.RevocationReason);
        Assert.Equal("user:operator", certificate.RevokedBy);
    }

    [Fact]
    public void Revoke_Twice_RefusedAndFirstRevocationKept()
    {
        var certificate = Record();
        certificate.Revoke(CertificateRevocationReason.KeyCompromise, "user:first", Now.AddHours(1));

        var e = Assert.Throws<DomainException>(() => certificate.Revoke(CertificateRevocationReason.Superseded, "user:second", Now.AddHours(2)));

        Assert.Contains("0A1B2C is already revoked", e.Message, StringComparison.Ordinal);
        Assert.Equal(CertificateRevocationReason.KeyCompromise, certificate.RevocationReason);
        Assert.Equal("user:first", certificate.RevokedBy);
        Assert.Equal(Now.AddHours(1), certificate.RevokedAt);
    }

    [Theory]
    [InlineData(CertificateRevocationReason.Unspecified)]
    [InlineData(CertificateRevocationReason.KeyCompromise)]
    [InlineData(CertificateRevocationReason.AffiliationChanged)]
    [InlineData(CertificateRevocationReason.Superseded)]
    [InlineData(CertificateRevocationReason.CessationOfOperation)]
    [InlineData(CertificateRevocationReason.PrivilegeWithdrawn)]
    public void Revoke_EachDefinedReason_Kept(CertificateRevocationReason reason)
    {
        var certificate = Record();

        certificate.Revoke(reason, "user:operator", Now);

        Assert.Equal(reason, certificate.RevocationReason);
    }

    [Theory]
    [InlineData(2)] // cACompromise: a CA's reason, not one an operator gives a device certificate.
    [InlineData(6)] // certificateHold: not final, and this system never un-revokes.
    [InlineData(42)]
    public void Revoke_ReasonNotOffered_RefusedAndStaysLive(int reason)
    {
        var certificate = Record();

        Assert.Throws<DomainException>(() => certificate.Revoke((CertificateRevocationReason)reason, "user:operator", Now));

        Assert.False(certificate.IsRevoked);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void Revoke_WithoutWho_RefusedAndStaysLive(string by)
    {
        var certificate = Record();

        Assert.Throws<DomainException>(() => certificate.Revoke(CertificateRevocationReason.KeyCompromise, by, Now));

        Assert.False(certificate.IsRevoked);
        Assert.True(certificate.IsCurrent(Now));
    }

    [Fact]
    public void CertificateRevocationReason_ValuesAreRfc5280CrlReasonCodes()
    {
        Assert.Equal(0, (int)CertificateRevocationReason.Unspecified);
        Assert.Equal(1, (int)CertificateRevocationReason.KeyCompromise);
        Assert.Equal(3, (int)CertificateRevocationReason.AffiliationChanged);
        Assert.Equal(4, (int)CertificateRevocationReason.Superseded);
        Assert.Equal(5, (int)CertificateRevocationReason.CessationOfOperation);
        Assert.Equal(9, (int)CertificateRevocationReason.PrivilegeWithdrawn);
    }
}
