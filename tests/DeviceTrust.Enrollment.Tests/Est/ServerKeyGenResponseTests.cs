using System.Security.Cryptography;
using System.Text;
using DeviceTrust.Enrollment.Est;
using DeviceTrust.Enrollment.Tests.Pki;

namespace DeviceTrust.Enrollment.Tests.Est;

public sealed class ServerKeyGenResponseTests : IDisposable
{
    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly ServerKeyGenResponse _response;

    public ServerKeyGenResponseTests()
    {
        var (_, issuing) = TestPki.DomainCa();
        _response = new ServerKeyGenResponse(_key.ExportPkcs8PrivateKey(), [TestPki.IssueDevice(issuing, _key)]);
    }

    public void Dispose() => _key.Dispose();

    [Fact]
    public void Build_Default_KeyPartThenCertsOnlyPartUnderBoundaryEst()
    {
        var (contentType, body) = _response.Build();
        var text = Encoding.ASCII.GetString(body);

        Assert.Equal("multipart/mixed; boundary=est", contentType);
        var keyPart = text.IndexOf("--est\r\nContent-Type: application/pkcs8\r\nContent-Transfer-Encoding: base64\r\n\r\n", StringComparison.Ordinal);
        var certPart = text.IndexOf("--est\r\nContent-Type: application/pkcs7-mime; smime-type=certs-only\r\nContent-Transfer-Encoding: base64\r\n\r\n", StringComparison.Ordinal);
        Assert.Equal(0, keyPart);
        Assert.True(certPart > keyPart);
        Assert.EndsWith("\r\n--est--\r\n", text);
    }

    [Fact]
    public void Parse_BuiltResponse_RoundTripsKeyAndCertificate()
    {
        var (contentType, body) = _response.Build("b0undary-42");

        var parsed = ServerKeyGenResponse.Parse(contentType, body);

        Assert.Equal(_response.PrivateKeyPkcs8, parsed.PrivateKeyPkcs8);
        Assert.Equal(_response.Certificates[0].RawData, Assert.Single(parsed.Certificates).RawData);
        using var key = ECDsa.Create();
        key.ImportPkcs8PrivateKey(parsed.PrivateKeyPkcs8, out _);
        Assert.Equal(_key.ExportSubjectPublicKeyInfo(), key.ExportSubjectPublicKeyInfo());
    }

    [Fact]
    public void Parse_QuotedBoundaryAndLfLineEnds_Accepted()
    {
        var (_, body) = _response.Build("est");
        var lf = Encoding.ASCII.GetBytes(Encoding.ASCII.GetString(body).Replace("\r\n", "\n"));

        var parsed = ServerKeyGenResponse.Parse("multipart/mixed; boundary=\"est\"", lf);

        Assert.Equal(_response.PrivateKeyPkcs8, parsed.PrivateKeyPkcs8);
    }

    [Fact]
    public void Parse_CertificatePartMissing_ThrowsNamingTheCount()
    {
        var (contentType, body) = _response.Build();
        var text = Encoding.ASCII.GetString(body);
        var truncated = text[..text.IndexOf("--est\r\nContent-Type: application/pkcs7-mime", StringComparison.Ordinal)] + "--est--\r\n";

        var error = Assert.Throws<EnrollmentFormatException>(() => ServerKeyGenResponse.Parse(contentType, Encoding.ASCII.GetBytes(truncated)));

        Assert.Contains("1 parts", error.What);
    }

    [Fact]
    public void Parse_WrongContentType_Throws()
    {
        var (_, body) = _response.Build();

        var error = Assert.Throws<EnrollmentFormatException>(() => ServerKeyGenResponse.Parse("application/pkcs7-mime", body));

        Assert.Contains("is not multipart/mixed", error.What);
    }

    [Fact]
    public void Parse_NoCloseDelimiter_Throws()
    {
        var (contentType, body) = _response.Build();

        Assert.Throws<EnrollmentFormatException>(() => ServerKeyGenResponse.Parse(contentType, body[..^9]));
    }

    [Fact]
    public void Build_BoundaryWithQuote_ThrowsArgumentException()
    {
        Assert.Throws<ArgumentException>(() => _response.Build("a\"b"));
    }

    [Fact]
    public void EstMediaTypes_Constants_MatchRfc7030()
    {
        Assert.Equal("application/pkcs10", EstMediaTypes.Pkcs10);
        Assert.Equal("application/pkcs7-mime; smime-type=certs-only", EstMediaTypes.Pkcs7CertsOnly);
        Assert.Equal("application/csrattrs", EstMediaTypes.CsrAttrs);
        Assert.Equal("application/pkcs8", EstMediaTypes.Pkcs8);
        Assert.Equal("multipart/mixed", EstMediaTypes.MultipartMixed);
    }
}
