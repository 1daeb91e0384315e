using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DeviceTrust.Enrollment.Cms;
using DeviceTrust.Enrollment.Pki;
using DeviceTrust.Enrollment.Tests.Pki;

namespace DeviceTrust.Enrollment.Tests.Cms;

/// <summary>
/// <see cref="CmsVerificationResult.Certificates"/>: what the message carried, which the registrar reads for the IDevID's
/// intermediates and the MASA for the registrar's domain CA (RFC 8995 5.5).
/// </summary>
public sealed class CmsVerificationCertificatesTests : IDisposable
{
    private static readonly byte[] Content = """{"ietf-voucher-request:voucher":{"serial-number":"SN-0001"}}"""u8.ToArray();

    private readonly (CertificateAuthority Root, CertificateAuthority Issuing) _ca = TestPki.DomainCa();
    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly X509Certificate2 _signer;

    public CmsVerificationCertificatesTests() => _signer = TestPki.IssueDevice(_ca.Issuing, _key);

    public void Dispose()
    {
        _signer.Dispose();
        _key.Dispose();
    }

    [Fact]
    public void Verify_SignerAlone_CarriesOnlyTheSigner()
    {
        var result = CmsSignedMessage.Verify(CmsSignedMessage.Sign(Content, _signer, _key));

        Assert.True(result.IsValid, result.Reason);
        var carried = Assert.Single(result.Certificates);
        Assert.Equal(_signer.RawData, carried.RawData);
    }

    [Fact]
    public void Verify_WithExtraCertificates_CarriesSignerAndEveryExtra()
    {
        var cms = CmsSignedMessage.Sign(Content, _signer, _key, extraCertificates: [_ca.Issuing.Certificate, _ca.Root.Certificate]);

        var result = CmsSignedMessage.Verify(cms);

        Assert.True(result.IsValid, result.Reason);
        Assert.Equal(
            new[] { _signer.Thumbprint, _ca.Issuing.Certificate.Thumbprint, _ca.Root.Certificate.Thumbprint }.Order(),
            result.Certificates.Select(c => c.Thumbprint).Order());
    }

    [Fact]
    public void Verify_AgainstAnAnchor_CarriesTheSameCertificates()
    {
        var cms = CmsSignedMessage.Sign(Content, _signer, _key, extraCertificates: [_ca.Issuing.Certificate]);

        var result = CmsSignedMessage.Verify(cms, _ca.Root.Certificate, TestPki.Now.AddDays(1));

        Assert.True(result.IsValid, result.Reason);
        Assert.Equal(
            new[] { _signer.Thumbprint, _ca.Issuing.Certificate.Thumbprint }.Order(),
            result.Certificates.Select(c => c.Thumbprint).Order());
        Assert.Contains(result.Certificates, c => c.RawData.AsSpan().SequenceEqual(result.Signer.RawData));
    }

    [Fact]
    public void CmsVerificationResult_ConstructedWithoutCertificates_IsEmptyNotNull() =>
        Assert.Empty(new CmsVerificationResult(CmsVerificationFailure.BadSignature, "bad", EnrollmentOids.Data, null, null).Certificates);
}
