using System.Net;
using System.Numerics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DeviceTrust.Enrollment.Pki;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.X509.Extension;
using BcCertificate = Org.BouncyCastle.X509.X509Certificate;

namespace DeviceTrust.Enrollment.Tests.Pki;

public class DeviceCertificateProfileTests
{
    private const string ClientAuth = "1.3.6.1.5.5.7.3.2";

    [Fact]
    public void IssueDeviceCertificate_FromCsrKey_CarriesSerialNumberEkuCrlDpSkiAkiAndKeyUsage()
    {
        var (_, issuing) = TestPki.DomainCa();
        var csr = CsrValidator.Parse(TestPki.Csr(TestPki.EcKeyPair(Org.BouncyCastle.Asn1.Sec.SecObjectIdentifiers.SecP256r1)));

        var device = issuing.IssueDeviceCertificate(new DeviceCertificateRequest(csr.SubjectPublicKeyInfo, "SN-42", TestPki.CrlUrl, TimeSpan.FromDays(365)));

        Assert.Equal(["SN-42"], TestPki.SubjectValues(device, EnrollmentOids.SerialNumber));
        Assert.Equal(["SN-42"], TestPki.SubjectValues(device, EnrollmentOids.CommonName));
        Assert.Equal(csr.SubjectPublicKeyInfo, device.PublicKey.ExportSubjectPublicKeyInfo());
        Assert.Equal(issuing.Certificate.Subject, device.Issuer);
        var eku = TestPki.Extension<X509EnhancedKeyUsageExtension>(device);
        Assert.Equal([ClientAuth], eku.EnhancedKeyUsages.Cast<Oid>().Select(o => o.Value));
        Assert.Equal(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyAgreement, TestPki.Extension<X509KeyUsageExtension>(device).KeyUsages);
        Assert.False(TestPki.Extension<X509BasicConstraintsExtension>(device).CertificateAuthority);
        Assert.Equal(
            Convert.ToHexString(SHA1.HashData(SubjectPublicKeyInfo.GetInstance(csr.SubjectPublicKeyInfo).PublicKey.GetBytes())),
            TestPki.Extension<X509SubjectKeyIdentifierExtension>(device).SubjectKeyIdentifier);
        Assert.Equal(TestPki.Extension<X509SubjectKeyIdentifierExtension>(issuing.Certificate).SubjectKeyIdentifier,
            Convert.ToHexString(TestPki.Extension<X509AuthorityKeyIdentifierExtension>(device).KeyIdentifier!.Value.Span));
        Assert.Equal([TestPki.CrlUrl.AbsoluteUri], CrlDistributionPoints(device));
        Assert.Equal(TestPki.Now.AddDays(365).UtcDateTime, device.NotAfter.ToUniversalTime());
    }

    [Fact]
    public void IssueDeviceCertificate_RsaKey_HasDigitalSignatureOnly()
    {
        var (_, issuing) = TestPki.DomainCa();
        using var rsa = RSA.Create(2048);

        var device = issuing.IssueDeviceCertificate(new DeviceCertificateRequest(rsa.ExportSubjectPublicKeyInfo(), "SN-R", TestPki.CrlUrl, TimeSpan.FromDays(30)));

        Assert.Equal(X509KeyUsageFlags.DigitalSignature, TestPki.Extension<X509KeyUsageExtension>(device).KeyUsages);
    }

    [Fact]
    public void IssueDeviceCertificate_TwoCertificates_HaveDistinctPositiveSixteenByteSerials()
    {
        var (_, issuing) = TestPki.DomainCa();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        var first = TestPki.IssueDevice(issuing, key).SerialNumberBytes.ToArray();
        var second = TestPki.IssueDevice(issuing, key).SerialNumberBytes.ToArray();

        Assert.Equal(16, first.Length);
        Assert.Equal(16, second.Length);
        Assert.NotEqual(first, second);
        Assert.True(new BigInteger(first, isUnsigned: false, isBigEndian: true) > 0);
        Assert.True(new BigInteger(second, isUnsigned: false, isBigEndian: true) > 0);
    }

    [Fact]
    public void IssueDeviceCertificate_ValidityBeyondIssuer_IsClippedToIssuerNotAfter()
    {
        var (_, issuing) = TestPki.DomainCa();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        var device = TestPki.IssueDevice(issuing, key, days: 100_000);

        Assert.Equal(issuing.Certificate.NotAfter, device.NotAfter);
    }

    [Theory]
    [InlineData("")]
    [InlineData("SN_1")]
    [InlineData("sérial")]
    public void IssueDeviceCertificate_SerialNotPrintableString_ThrowsArgumentException(string serial)
    {
        var (_, issuing) = TestPki.DomainCa();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        Assert.Throws<ArgumentException>(() => TestPki.IssueDevice(issuing, key, serial));
    }

    [Fact]
    public void IssueDeviceCertificate_GarbagePublicKey_ThrowsEnrollmentFormatException()
    {
        var (_, issuing) = TestPki.DomainCa();

        var error = Assert.Throws<EnrollmentFormatException>(() =>
            issuing.IssueDeviceCertificate(new DeviceCertificateRequest([0x30, 0x00], "SN-1", TestPki.CrlUrl, TimeSpan.FromDays(1))));

        Assert.Equal("SubjectPublicKeyInfo", error.Where);
    }

    private static IEnumerable<string> CrlDistributionPoints(X509Certificate2 certificate)
    {
        var bc = new BcCertificate(certificate.RawData);
        var value = X509ExtensionUtilities.FromExtensionValue(bc.GetExtensionValue(X509Extensions.CrlDistributionPoints));
        return CrlDistPoint.GetInstance(value).GetDistributionPoints()
            .SelectMany(p => GeneralNames.GetInstance(p.DistributionPointName.Name).GetNames())
            .Where(n => n.TagNo == GeneralName.UniformResourceIdentifier)
            .Select(n => n.Name.ToString()!);
    }
}
