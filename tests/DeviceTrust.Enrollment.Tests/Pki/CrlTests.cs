using DeviceTrust.Enrollment.Pki;

namespace DeviceTrust.Enrollment.Tests.Pki;

public class CrlTests
{
    private static readonly DateTimeOffset ThisUpdate = TestPki.Now;
    private static readonly DateTimeOffset NextUpdate = TestPki.Now.AddDays(7);

    private readonly CertificateAuthority _issuing = TestPki.DomainCa().Issuing;

    private byte[] Build(params RevokedCertificate[] revoked) => CrlBuilder.Build(_issuing, 42, ThisUpdate, NextUpdate, revoked);

    [Fact]
    public void IsRevoked_ListedSerial_TrueAndOtherSerialFalse()
    {
        var crl = CertificateRevocationList.Parse(Build(new RevokedCertificate("0A1B2C3D", TestPki.Now.AddHours(-1), RevocationReason.KeyCompromise)));

        Assert.True(crl.IsRevoked("0A1B2C3D"));
        Assert.True(crl.IsRevoked("0a1b2c3d"));
        Assert.False(crl.IsRevoked("0A1B2C3E"));
    }

    [Fact]
    public void Parse_BuiltCrl_HasIssuerTimesNumberAndEntries()
    {
        var crl = CertificateRevocationList.Parse(Build(
            new RevokedCertificate("01", TestPki.Now.AddDays(-2), RevocationReason.Superseded),
            new RevokedCertificate("7F00FF", TestPki.Now.AddDays(-1))));

        Assert.Equal(_issuing.Certificate.SubjectName.RawData, crl.Issuer.RawData);
        Assert.Equal(ThisUpdate, crl.ThisUpdate);
        Assert.Equal(NextUpdate, crl.NextUpdate);
        Assert.Equal(42, crl.CrlNumber);
        Assert.Equal(RevocationReason.Superseded, crl.Find("01")!.Reason);
        Assert.Equal(RevocationReason.Unspecified, crl.Find("7F00FF")!.Reason);
        Assert.Equal(TestPki.Now.AddDays(-1), crl.Find("7F00FF")!.RevocationDate);
        Assert.Equal(2, crl.Entries.Count);
    }

    [Fact]
    public void IsRevoked_SerialOfAnIssuedCertificate_MatchesX509Certificate2SerialNumber()
    {
        using var key = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        var device = TestPki.IssueDevice(_issuing, key);
        var other = TestPki.IssueDevice(_issuing, key);

        var crl = CertificateRevocationList.Parse(Build(new RevokedCertificate(device.SerialNumber, TestPki.Now)));

        Assert.True(crl.IsRevoked(device.SerialNumber));
        Assert.False(crl.IsRevoked(other.SerialNumber));
    }

    [Fact]
    public void GetStatus_WithinAndOutsideUpdateWindow_GoodThenUnknown()
    {
        var crl = CertificateRevocationList.Parse(Build(new RevokedCertificate("0BAD", TestPki.Now)));

        Assert.Equal(RevocationStatus.Good, crl.GetStatus("0600D", TestPki.Now.AddDays(3)));
        Assert.Equal(RevocationStatus.Unknown, crl.GetStatus("0600D", NextUpdate.AddSeconds(1)));
        Assert.Equal(RevocationStatus.Unknown, crl.GetStatus("0600D", ThisUpdate.AddSeconds(-1)));
        Assert.Equal(RevocationStatus.Revoked, crl.GetStatus("0BAD", NextUpdate.AddDays(1)));
    }

    [Fact]
    public void VerifySignature_IssuingCa_TrueAndRootFalse()
    {
        var (root, issuing) = TestPki.DomainCa();
        var crl = CertificateRevocationList.Parse(CrlBuilder.Build(issuing, 1, ThisUpdate, NextUpdate, []));

        Assert.True(crl.VerifySignature(issuing.Certificate));
        Assert.False(crl.VerifySignature(root.Certificate));
        Assert.False(crl.VerifySignature(_issuing.Certificate));
        Assert.Empty(crl.Entries);
    }

    [Fact]
    public void Build_NextUpdateNotAfterThisUpdate_ThrowsArgumentException()
    {
        Assert.Throws<ArgumentException>(() => CrlBuilder.Build(_issuing, 1, ThisUpdate, ThisUpdate, []));
    }

    [Fact]
    public void Build_DuplicateSerial_ThrowsArgumentException()
    {
        Assert.Throws<ArgumentException>(() => Build(new RevokedCertificate("01", TestPki.Now), new RevokedCertificate("0001", TestPki.Now)));
    }

    [Fact]
    public void Parse_TruncatedCrl_ThrowsEnrollmentFormatException()
    {
        var der = Build(new RevokedCertificate("01", TestPki.Now));

        var error = Assert.Throws<EnrollmentFormatException>(() => CertificateRevocationList.Parse(der[..^3]));

        Assert.Equal("X.509 CRL", error.Where);
    }

    [Fact]
    public void Parse_CertificateInsteadOfCrl_ThrowsNotACertificateList()
    {
        var error = Assert.Throws<EnrollmentFormatException>(() => CertificateRevocationList.Parse(_issuing.ExportCertificateDer()));

        Assert.Contains("not a CertificateList", error.What);
    }
}
