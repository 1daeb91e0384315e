using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DeviceTrust.Enrollment.Pki;
using DeviceTrust.Simulator.Provisioning;

namespace DeviceTrust.Simulator.Tests.Provisioning;

/// <summary>What the pledge trusts once it has a pinned domain certificate: the registrar (RFC 8995 5.6.2) and its LDevID.</summary>
public sealed class CertificateChecksTests : IDisposable
{
    private readonly TestPki _pki = new();

    [Fact]
    public void PinnedTo_RegistrarChainingToTheRoot_IsTrusted()
    {
        var policy = ServerCertificatePolicy.PinnedTo(_pki.DomainRoot.Certificate, _pki.Time, requireRegistrar: true);

        Assert.Null(policy.Judge(_pki.PresentedRegistrar));
    }

    [Fact]
    public void PinnedTo_RegistrarWithoutItsIssuingCa_IsNotTrusted()
    {
        var policy = ServerCertificatePolicy.PinnedTo(_pki.DomainRoot.Certificate, _pki.Time);

        Assert.Contains("does not chain", policy.Judge(new PresentedCertificate(_pki.Registrar, [])), StringComparison.Ordinal);
    }

    [Fact]
    public void PinnedTo_AnotherRoot_IsNotTrusted()
    {
        var other = CertificateAuthority.CreateRoot(new X500DistinguishedName("CN=Other Root"), TimeSpan.FromDays(30), _pki.Time);
        var policy = ServerCertificatePolicy.PinnedTo(other.Certificate, _pki.Time);

        Assert.Contains("does not chain to 'CN=Other Root'", policy.Judge(_pki.PresentedRegistrar), StringComparison.Ordinal);
    }

    [Fact]
    public void PinnedTo_RequiringRegistrar_RefusesAServerCertificateWithoutCmcRa()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var web = _pki.Issuing.IssueServerCertificate(new ServerCertificateRequest(key.ExportSubjectPublicKeyInfo(),
            new X500DistinguishedName("CN=Web"), TimeSpan.FromDays(30)) { DnsNames = ["localhost"] });
        var policy = ServerCertificatePolicy.PinnedTo(_pki.DomainRoot.Certificate, _pki.Time, requireRegistrar: true);

        Assert.Contains("id-kp-cmcRA", policy.Judge(new PresentedCertificate(web, [_pki.Issuing.Certificate])), StringComparison.Ordinal);
    }

    [Fact]
    public void PinnedTo_CheckingTheHostName_RefusesANameMismatch()
    {
        var policy = ServerCertificatePolicy.PinnedTo(_pki.DomainRoot.Certificate, _pki.Time, checkHostName: true);

        Assert.Contains("RFC 6125", policy.Judge(_pki.PresentedRegistrar, SslPolicyErrors.RemoteCertificateNameMismatch), StringComparison.Ordinal);
        Assert.Null(policy.Judge(_pki.PresentedRegistrar, SslPolicyErrors.RemoteCertificateChainErrors));
    }

    [Fact]
    public void Exactly_TheCertificateSeenBefore_IsTheOnlyOneTrusted()
    {
        var policy = ServerCertificatePolicy.Exactly(_pki.Registrar);

        Assert.Null(policy.Judge(_pki.PresentedRegistrar));
        Assert.NotNull(policy.Judge(new PresentedCertificate(_pki.Issuing.Certificate, [])));
    }

    [Fact]
    public void IssuedCertificateCheck_LdevidForTheKeyFromTheIssuingCa_IsValidWithItsIntermediate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var ldevid = _pki.IssueLdevid(key);

        var verdict = IssuedCertificateCheck.Verify(ldevid, key, TestPki.Serial, _pki.DomainRoot.Certificate,
            [_pki.Issuing.Certificate, _pki.DomainRoot.Certificate], TestPki.Now);

        Assert.True(verdict.IsValid, verdict.Reason);
        Assert.Equal(_pki.Issuing.Certificate.Thumbprint, Assert.Single(verdict.Intermediates).Thumbprint);
    }

    [Fact]
    public void IssuedCertificateCheck_CertificateForAnotherKey_IsRefused()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var ldevid = _pki.IssueLdevid(other);

        var verdict = IssuedCertificateCheck.Verify(ldevid, key, TestPki.Serial, _pki.DomainRoot.Certificate, [_pki.Issuing.Certificate], TestPki.Now);

        Assert.Contains("does not certify the key", verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void IssuedCertificateCheck_FromAnotherCa_IsRefused()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var rogue = CertificateAuthority.CreateRoot(new X500DistinguishedName("CN=Test Issuing CA"), TimeSpan.FromDays(30), _pki.Time, pathLength: 0);
        using var ldevid = _pki.IssueLdevid(key, issuer: rogue);

        var verdict = IssuedCertificateCheck.Verify(ldevid, key, TestPki.Serial, _pki.DomainRoot.Certificate, [_pki.Issuing.Certificate], TestPki.Now);

        Assert.False(verdict.IsValid);
        Assert.Contains("does not chain", verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void IssuedCertificateCheck_ForAnotherSerial_IsRefused()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var ldevid = _pki.IssueLdevid(key, serial: "ACME-T1-0099");

        var verdict = IssuedCertificateCheck.Verify(ldevid, key, TestPki.Serial, _pki.DomainRoot.Certificate, [_pki.Issuing.Certificate], TestPki.Now);

        Assert.Contains("serialNumber=ACME-T1-0001", verdict.Reason, StringComparison.Ordinal);
    }

    public void Dispose() => _pki.Dispose();
}
