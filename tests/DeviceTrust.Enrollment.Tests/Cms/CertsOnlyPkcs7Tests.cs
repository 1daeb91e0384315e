using System.Security.Cryptography;
using DeviceTrust.Enrollment.Cms;
using DeviceTrust.Enrollment.Tests.Pki;

namespace DeviceTrust.Enrollment.Tests.Cms;

public class CertsOnlyPkcs7Tests
{
    [Fact]
    public void Parse_BuiltFromRootAndIssuing_ReturnsBothCertificates()
    {
        var (root, issuing) = TestPki.DomainCa();

        var parsed = CertsOnlyPkcs7.Parse(CertsOnlyPkcs7.Build([root.Certificate, issuing.Certificate]));

        Assert.Equal(
            new[] { root.Certificate.Thumbprint, issuing.Certificate.Thumbprint }.Order(),
            parsed.Select(c => c.Thumbprint).Order());
    }

    [Fact]
    public void Build_SameCertificatesInAnyOrder_IsTheSameDer()
    {
        var (root, issuing) = TestPki.DomainCa();

        Assert.Equal(CertsOnlyPkcs7.Build([root.Certificate, issuing.Certificate]), CertsOnlyPkcs7.Build([issuing.Certificate, root.Certificate]));
    }

    [Fact]
    public void ParseBase64_EstBodyWithCrLfLines_ReturnsTheIssuedCertificate()
    {
        var (_, issuing) = TestPki.DomainCa();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var device = TestPki.IssueDevice(issuing, key);

        var body = CertsOnlyPkcs7.BuildBase64([device]);

        Assert.Contains("\r\n", body);
        Assert.All(body.Split("\r\n", StringSplitOptions.RemoveEmptyEntries), line => Assert.True(line.Length <= 64));
        Assert.Equal(device.RawData, Assert.Single(CertsOnlyPkcs7.ParseBase64(body)).RawData);
    }

    [Fact]
    public void Parse_SignedDataWithASigner_ThrowsNotCertsOnly()
    {
        var (root, _) = TestPki.DomainCa();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var signer = root.IssueIdevid(new Enrollment.Pki.IdevidRequest(key.ExportSubjectPublicKeyInfo(), "SN-1"));
        var signed = CmsSignedMessage.Sign("{}"u8.ToArray(), signer, key);

        var error = Assert.Throws<EnrollmentFormatException>(() => CertsOnlyPkcs7.Parse(signed));

        Assert.Contains("certs-only has none", error.What);
    }

    [Fact]
    public void Parse_Garbage_ThrowsEnrollmentFormatException()
    {
        var error = Assert.Throws<EnrollmentFormatException>(() => CertsOnlyPkcs7.Parse([0x30, 0x05, 0x06, 0x03, 0x2A, 0x03, 0x04]));

        Assert.StartsWith("certs-only CMS SignedData", error.Where);
    }

    [Fact]
    public void Parse_Truncated_ThrowsEnrollmentFormatException()
    {
        var (root, _) = TestPki.DomainCa();
        var der = CertsOnlyPkcs7.Build([root.Certificate]);

        Assert.Throws<EnrollmentFormatException>(() => CertsOnlyPkcs7.Parse(der[..^1]));
    }

    [Fact]
    public void ParseBase64_InvalidCharacter_ThrowsEnrollmentFormatException()
    {
        Assert.Throws<EnrollmentFormatException>(() => CertsOnlyPkcs7.ParseBase64("MIIC!"));
    }

    [Fact]
    public void Build_NoCertificates_ThrowsArgumentException()
    {
        Assert.Throws<ArgumentException>(() => CertsOnlyPkcs7.Build([]));
    }

    [Fact]
    public void ParseShared_TheSameCertificatesTwice_TheSameInstances_WithTheBytesParseGives()
    {
        var (root, issuing) = TestPki.DomainCa();
        var der = CertsOnlyPkcs7.Build([root.Certificate, issuing.Certificate]);

        var first = CertsOnlyPkcs7.ParseShared(der);
        var again = CertsOnlyPkcs7.ParseShared(der.ToArray());

        Assert.Equal(2, first.Count);
        Assert.All(first.Zip(again), pair => Assert.Same(pair.First, pair.Second));
        Assert.Equal(CertsOnlyPkcs7.Parse(der).Select(c => c.Thumbprint).Order(), first.Select(c => c.Thumbprint).Order());
    }

    [Fact]
    public void ParseShared_NotCertsOnly_RefusedAsParseRefusesIt()
    {
        var (root, _) = TestPki.DomainCa();
        var der = CertsOnlyPkcs7.Build([root.Certificate]);
        der[^1] ^= 0xFF;

        var shared = Assert.Throws<EnrollmentFormatException>(() => CertsOnlyPkcs7.ParseShared(der));
        var owned = Assert.Throws<EnrollmentFormatException>(() => CertsOnlyPkcs7.Parse(der));
        Assert.Equal(owned.Message, shared.Message);
    }
}
