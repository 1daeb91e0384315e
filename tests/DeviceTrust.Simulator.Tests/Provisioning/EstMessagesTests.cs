using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using DeviceTrust.Enrollment;
using DeviceTrust.Enrollment.Cms;
using DeviceTrust.Enrollment.Est;
using DeviceTrust.Enrollment.Pki;
using DeviceTrust.Simulator.Provisioning;

namespace DeviceTrust.Simulator.Tests.Provisioning;

/// <summary>The EST bodies the client sends and reads (RFC 7030 4), on responses built here.</summary>
public sealed class EstMessagesTests : IDisposable
{
    private readonly TestPki _pki = new();

    [Fact]
    public async Task Pkcs10Content_Csr_IsBase64OfTheDerWithMediaTypeAndTransferEncoding()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var csr = DeviceCsr.Create(DeviceCsr.SubjectFor(TestPki.Serial), key);

        using var content = EstMessages.Pkcs10Content(csr);

        Assert.Equal("application/pkcs10", content.Headers.ContentType!.ToString());
        Assert.Equal("base64", content.Headers.GetValues("Content-Transfer-Encoding").Single());
        Assert.Equal(csr, EstBase64.Decode(await content.ReadAsStringAsync(TestContext.Current.CancellationToken)));
    }

    [Fact]
    public async Task ReadCertsOnly_Base64CertsOnly_ReturnsEveryCertificate()
    {
        using var response = CertsOnly(CertsOnlyPkcs7.BuildBase64([_pki.Issuing.Certificate, _pki.DomainRoot.Certificate]));

        var certificates = await EstMessages.ReadCertsOnlyAsync(response, TestContext.Current.CancellationToken);

        Assert.Equal(new[] { _pki.Issuing.Certificate.Thumbprint, _pki.DomainRoot.Certificate.Thumbprint }.Order(), certificates.Select(c => c.Thumbprint).Order());
    }

    [Fact]
    public async Task ReadCertsOnly_WithoutTransferEncodingHeader_IsAccepted()
    {
        using var response = CertsOnly(CertsOnlyPkcs7.BuildBase64([_pki.DomainRoot.Certificate]), transferEncoding: null);

        var certificates = await EstMessages.ReadCertsOnlyAsync(response, TestContext.Current.CancellationToken);

        Assert.Single(certificates);
    }

    [Theory]
    [InlineData("application/pkcs7-mime; smime-type=certs-only", "binary", "Content-Transfer-Encoding")]
    [InlineData("application/pkcs7-mime; smime-type=signed-data", "base64", "smime-type")]
    [InlineData("application/json", "base64", "Content-Type")]
    public async Task ReadCertsOnly_WrongHeaders_ThrowsNamingThem(string contentType, string transferEncoding, string named)
    {
        using var response = CertsOnly(CertsOnlyPkcs7.BuildBase64([_pki.DomainRoot.Certificate]), contentType, transferEncoding);

        var error = await Assert.ThrowsAsync<EnrollmentFormatException>(() => EstMessages.ReadCertsOnlyAsync(response, TestContext.Current.CancellationToken));

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadCertsOnly_NotBase64_ThrowsWithTheOffset()
    {
        using var response = CertsOnly("MIIB*AAA");

        var error = await Assert.ThrowsAsync<EnrollmentFormatException>(() => EstMessages.ReadCertsOnlyAsync(response, TestContext.Current.CancellationToken));

        Assert.Contains("offset 4", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadIssuedCertificate_OneCertificate_ReturnsIt()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var ldevid = _pki.IssueLdevid(key);
        using var response = CertsOnly(CertsOnlyPkcs7.BuildBase64([ldevid]));

        var issued = await EstMessages.ReadIssuedCertificateAsync(response, TestContext.Current.CancellationToken);

        Assert.Equal(ldevid.RawData, issued.RawData);
    }

    [Fact]
    public async Task ReadIssuedCertificate_TwoCertificates_Throws()
    {
        using var response = CertsOnly(CertsOnlyPkcs7.BuildBase64([_pki.Issuing.Certificate, _pki.DomainRoot.Certificate]));

        await Assert.ThrowsAsync<EnrollmentFormatException>(() => EstMessages.ReadIssuedCertificateAsync(response, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task ReadServerKeyGen_Multipart_ReturnsKeyAndCertificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var ldevid = _pki.IssueLdevid(key);
        var (contentType, body) = new ServerKeyGenResponse(key.ExportPkcs8PrivateKey(), [ldevid]).Build();
        using var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(body) };
        response.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);

        var parsed = await EstMessages.ReadServerKeyGenAsync(response, TestContext.Current.CancellationToken);

        Assert.Equal(key.ExportPkcs8PrivateKey(), parsed.PrivateKeyPkcs8);
        Assert.Equal(ldevid.RawData, Assert.Single(parsed.Certificates).RawData);
    }

    [Fact]
    public async Task ReadCsrAttributes_DomainDefaults_AsksForTheSerialNumber()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(CsrAttributes.EncodeBase64(CsrAttributes.DomainDefaults)) };
        response.Content.Headers.ContentType = new MediaTypeHeaderValue(EstMediaTypes.CsrAttrs);

        var attributes = await EstMessages.ReadCsrAttributesAsync(response, TestContext.Current.CancellationToken);

        Assert.Contains(attributes, a => a.Oid == EnrollmentOids.SerialNumber);
    }

    private static HttpResponseMessage CertsOnly(string body, string contentType = EstMediaTypes.Pkcs7CertsOnly, string? transferEncoding = "base64")
    {
        var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(Encoding.ASCII.GetBytes(body)) };
        response.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        if (transferEncoding is not null)
            response.Headers.TryAddWithoutValidation(EstMediaTypes.ContentTransferEncoding, transferEncoding);
        return response;
    }

    public void Dispose() => _pki.Dispose();
}
