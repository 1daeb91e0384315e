using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DeviceTrust.Enrollment.Pki;

namespace DeviceTrust.Enrollment.Tests.Pki;

/// <summary>Our PKI against the real openssl CLI (3.x): requests it makes, certificates and CRLs it checks.</summary>
public sealed class PkiOpenSslInteropTests : IDisposable
{
    private readonly OpenSsl _openssl = new();
    private readonly (CertificateAuthority Root, CertificateAuthority Issuing) _ca = TestPki.DomainCa();

    public void Dispose() => _openssl.Dispose();

    [Fact]
    public void Validate_OpenSslP256Csr_AcceptedWithCnAndSerialNumber()
    {
        _openssl.Succeeds("req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-subj", "/CN=dev/serialNumber=SN-1",
            "-nodes", "-keyout", "key.pem", "-outform", "DER", "-out", "csr.der");

        var result = CsrValidator.Validate(_openssl.Read("csr.der"));

        Assert.True(result.IsAccepted, result.Reason);
        Assert.Equal("dev", result.Request.CommonName);
        Assert.Equal("SN-1", result.Request.SerialNumber);
        Assert.Equal("P-256", result.Request.Curve);
    }

    [Fact]
    public void Validate_OpenSslPemCsrWithChallengePassword_ReadsThePassword()
    {
        _openssl.Write("req.cnf", "[req]\ndistinguished_name=dn\nattributes=attrs\nprompt=no\n[dn]\nCN=dev\n[attrs]\nchallengePassword=s3cret-tls-unique\n");
        _openssl.Succeeds("req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-384", "-config", "req.cnf",
            "-nodes", "-keyout", "key.pem", "-out", "csr.pem");

        var result = CsrValidator.Validate(File.ReadAllText(_openssl.PathOf("csr.pem")));

        Assert.True(result.IsAccepted, result.Reason);
        Assert.Equal("s3cret-tls-unique", result.Request.ChallengePassword);
        Assert.Equal("P-384", result.Request.Curve);
    }

    [Fact]
    public void OpenSslVerify_DeviceCertificateFromOpenSslCsr_OkAsTlsClientAndExpiredLater()
    {
        _openssl.Succeeds("req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-subj", "/CN=dev/serialNumber=SN-1",
            "-nodes", "-keyout", "key.pem", "-outform", "DER", "-out", "csr.der");
        var csr = CsrValidator.Validate(_openssl.Read("csr.der")).Request;
        var device = _ca.Issuing.IssueDeviceCertificate(new DeviceCertificateRequest(csr.SubjectPublicKeyInfo, csr.SerialNumber!, TestPki.CrlUrl, TimeSpan.FromDays(30)));
        WriteChain(device);
        var at = OpenSsl.AtTime(TestPki.Now.AddDays(1));

        var ok = _openssl.Succeeds("verify", "-attime", at, "-purpose", "sslclient", "-CAfile", "root.pem", "-untrusted", "issuing.pem", "device.pem");
        var expired = _openssl.Run("verify", "-attime", OpenSsl.AtTime(TestPki.Now.AddDays(31)), "-CAfile", "root.pem", "-untrusted", "issuing.pem", "device.pem");
        var subject = _openssl.Succeeds("x509", "-in", "device.pem", "-noout", "-subject", "-ext", "crlDistributionPoints,extendedKeyUsage");

        Assert.Contains("device.pem: OK", ok.StdOut);
        Assert.NotEqual(0, expired.ExitCode);
        Assert.Contains("certificate has expired", expired.StdOut + expired.StdErr);
        Assert.Contains("serialNumber = SN-1", subject.StdOut);
        Assert.Contains("TLS Web Client Authentication", subject.StdOut);
        Assert.Contains("URI:" + TestPki.CrlUrl.AbsoluteUri, subject.StdOut);
    }

    [Fact]
    public void OpenSslVerify_ServerCertificate_OkAsTlsServerForItsName()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var server = _ca.Issuing.IssueServerCertificate(new ServerCertificateRequest(key.ExportSubjectPublicKeyInfo(),
            new X500DistinguishedName("CN=registrar.devicetrust.test"), TimeSpan.FromDays(30)) { DnsNames = ["registrar.devicetrust.test"] });
        WriteChain(server);

        var ok = _openssl.Run("verify", "-attime", OpenSsl.AtTime(TestPki.Now.AddDays(1)), "-purpose", "sslserver",
            "-verify_hostname", "registrar.devicetrust.test", "-CAfile", "root.pem", "-untrusted", "issuing.pem", "device.pem");
        var wrongName = _openssl.Run("verify", "-attime", OpenSsl.AtTime(TestPki.Now.AddDays(1)), "-purpose", "sslserver",
            "-verify_hostname", "other.devicetrust.test", "-CAfile", "root.pem", "-untrusted", "issuing.pem", "device.pem");

        Assert.True(ok.ExitCode == 0, ok.ToString());
        Assert.NotEqual(0, wrongName.ExitCode);
    }

    [Fact]
    public void OpenSslCrl_BuiltCrl_ShowsRevokedSerialVerifiesAndRevokesTheDevice()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var device = TestPki.IssueDevice(_ca.Issuing, key);
        WriteChain(device);
        _openssl.Write("crl.der", CrlBuilder.Build(_ca.Issuing, 7, TestPki.Now, TestPki.Now.AddDays(7),
            [new RevokedCertificate(device.SerialNumber, TestPki.Now, RevocationReason.KeyCompromise)]));
        File.WriteAllText(_openssl.PathOf("chain.pem"), _ca.Root.ExportCertificatePem() + "\n" + _ca.Issuing.ExportCertificatePem() + "\n");

        var text = _openssl.Succeeds("crl", "-inform", "DER", "-in", "crl.der", "-text", "-noout");
        var signature = _openssl.Succeeds("crl", "-inform", "DER", "-in", "crl.der", "-CAfile", "chain.pem", "-noout");
        _openssl.Succeeds("crl", "-inform", "DER", "-in", "crl.der", "-out", "crl.pem");
        var revoked = _openssl.Run("verify", "-attime", OpenSsl.AtTime(TestPki.Now.AddDays(1)), "-crl_check", "-CRLfile", "crl.pem",
            "-CAfile", "chain.pem", "device.pem");

        Assert.Contains("Serial Number: " + device.SerialNumber, text.StdOut);
        Assert.Contains("Key Compromise", text.StdOut);
        Assert.Contains("X509v3 CRL Number", text.StdOut);
        Assert.Contains("Version 2", text.StdOut);
        Assert.Contains("verify OK", signature.StdOut + signature.StdErr);
        Assert.NotEqual(0, revoked.ExitCode);
        Assert.Contains("certificate revoked", revoked.StdOut + revoked.StdErr);
    }

    private void WriteChain(X509Certificate2 leaf)
    {
        _openssl.Write("root.pem", _ca.Root.ExportCertificatePem());
        _openssl.Write("issuing.pem", _ca.Issuing.ExportCertificatePem());
        _openssl.Write("device.pem", leaf.ExportCertificatePem());
    }
}
