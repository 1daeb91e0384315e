using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DeviceTrust.Enrollment.Cms;
using DeviceTrust.Enrollment.Pki;
using DeviceTrust.Enrollment.Tests.Pki;

namespace DeviceTrust.Enrollment.Tests.Cms;

/// <summary>Our CMS messages through the real openssl CLI, and openssl's through our parsers.</summary>
public sealed class CmsOpenSslInteropTests : IDisposable
{
    private static readonly byte[] Voucher = """{"ietf-voucher:voucher":{"assertion":"logged","serial-number":"ACME-0042"}}"""u8.ToArray();

    private readonly OpenSsl _openssl = new();
    private readonly (CertificateAuthority Root, CertificateAuthority Issuing) _ca = TestPki.DomainCa();
    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly X509Certificate2 _signer;

    public CmsOpenSslInteropTests()
    {
        _signer = TestPki.IssueDevice(_ca.Issuing, _key);
        _openssl.Write("root.pem", _ca.Root.ExportCertificatePem());
    }

    public void Dispose()
    {
        _key.Dispose();
        _openssl.Dispose();
    }

    [Fact]
    public void OpenSslPkcs7PrintCerts_CertsOnly_ListsEveryCertificate()
    {
        _openssl.Write("certs.p7", CertsOnlyPkcs7.Build([_ca.Root.Certificate, _ca.Issuing.Certificate, _signer]));

        var printed = _openssl.Succeeds("pkcs7", "-inform", "DER", "-in", "certs.p7", "-print_certs", "-noout");

        Assert.Contains("subject=O = DeviceTrust, CN = DeviceTrust Test Root CA", printed.StdOut);
        Assert.Contains("subject=O = DeviceTrust, CN = DeviceTrust Test Issuing CA", printed.StdOut);
        Assert.Contains("subject=CN = SN-0001, serialNumber = SN-0001", printed.StdOut);
    }

    [Fact]
    public void Parse_OpenSslCrl2Pkcs7CertsOnly_ReturnsTheCertificates()
    {
        _openssl.Write("chain.pem", _ca.Issuing.ExportCertificatePem() + "\n" + _ca.Root.ExportCertificatePem() + "\n");
        _openssl.Succeeds("crl2pkcs7", "-nocrl", "-certfile", "chain.pem", "-outform", "DER", "-out", "certs.p7");

        var certificates = CertsOnlyPkcs7.Parse(_openssl.Read("certs.p7"));

        Assert.Equal(
            new[] { _ca.Root.Certificate.Thumbprint, _ca.Issuing.Certificate.Thumbprint }.Order(),
            certificates.Select(c => c.Thumbprint).Order());
    }

    [Fact]
    public void OpenSslCmsVerify_OurSignedVoucher_VerifiesToTheRootAndYieldsTheContent()
    {
        _openssl.Write("voucher.cms", CmsSignedMessage.Sign(Voucher, _signer, _key, EnrollmentOids.AnimaJsonVoucher,
            [_ca.Issuing.Certificate], signingTime: TestPki.Now));

        var result = _openssl.Run("cms", "-verify", "-inform", "DER", "-in", "voucher.cms", "-CAfile", "root.pem",
            "-purpose", "any", "-attime", OpenSsl.AtTime(TestPki.Now.AddDays(1)), "-binary", "-out", "content.json");
        var tampered = CmsSignedMessage.Sign(Voucher, _signer, _key, extraCertificates: [_ca.Issuing.Certificate]);
        tampered[tampered.AsSpan().IndexOf("logged"u8)] = (byte)'L';
        _openssl.Write("tampered.cms", tampered);
        var rejected = _openssl.Run("cms", "-verify", "-inform", "DER", "-in", "tampered.cms", "-CAfile", "root.pem",
            "-purpose", "any", "-attime", OpenSsl.AtTime(TestPki.Now.AddDays(1)), "-binary", "-out", "tampered.json");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Verification successful", result.StdErr);
        Assert.Equal(Voucher, _openssl.Read("content.json"));
        Assert.NotEqual(0, rejected.ExitCode);
    }

    [Fact]
    public void Verify_OpenSslCmsSign_AcceptedWithContentAndSigner()
    {
        _openssl.Write("signer.pem", _signer.ExportCertificatePem());
        _openssl.Write("signer.key", _key.ExportPkcs8PrivateKeyPem());
        _openssl.Write("issuing.pem", _ca.Issuing.ExportCertificatePem());
        _openssl.Write("voucher.json", Voucher);
        _openssl.Succeeds("cms", "-sign", "-in", "voucher.json", "-binary", "-nodetach", "-signer", "signer.pem", "-inkey", "signer.key",
            "-certfile", "issuing.pem", "-md", "sha256", "-outform", "DER", "-out", "voucher.cms");

        var result = CmsSignedMessage.Verify(_openssl.Read("voucher.cms"), _ca.Root.Certificate, TestPki.Now.AddDays(1));

        Assert.True(result.IsValid, result.Reason);
        Assert.Equal(Voucher, result.Content);
        Assert.Equal(_signer.Thumbprint, result.Signer.Thumbprint);
    }
}
