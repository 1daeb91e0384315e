using System.Security.Cryptography;
using System.Text;
using DeviceTrust.Simulator.Updates;

namespace DeviceTrust.Simulator.Tests.Updates;

/// <summary>The anchors list as the doc shows it, read trusting nothing: an entry the device cannot read is not trusted.</summary>
public sealed class FirmwareTrustAnchorTests
{
    [Fact]
    public void ParseList_DocExample_ReadsCertificateAndSpkiAnchorsAndTheirKeys()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var certificate = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=catalog", key, HashAlgorithmName.SHA256)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        var spki = key.ExportSubjectPublicKeyInfo();
        var json = $$"""
            [{ "name": "DeviceTrust firmware catalog", "format": "certificate", "der": "{{Convert.ToBase64String(certificate.RawData)}}" },
             { "name": "Acme firmware signing", "format": "spki", "der": "{{Convert.ToBase64String(spki)}}" }]
            """;

        var anchors = FirmwareTrustAnchor.ParseList(Encoding.UTF8.GetBytes(json));

        Assert.Equal(["DeviceTrust firmware catalog", "Acme firmware signing"], anchors.Select(a => a.Name));
        Assert.All(anchors, anchor =>
        {
            using var publicKey = anchor.PublicKey();
            Assert.Equal(spki, publicKey!.ExportSubjectPublicKeyInfo());
        });
    }

    [Fact]
    public void ParseList_UnreadableEntries_AreLeftOut()
    {
        var json = """
            [{ "name": "no der", "format": "spki" },
             { "name": "pgp", "format": "pgp", "der": "AAAA" },
             { "name": "not base64", "format": "spki", "der": "***" },
             "not an object",
             { "name": "garbage DER", "format": "spki", "der": "AAEC" }]
            """;

        var anchors = FirmwareTrustAnchor.ParseList(Encoding.UTF8.GetBytes(json));

        var only = Assert.Single(anchors);
        Assert.Equal("garbage DER", only.Name);
        Assert.Null(only.PublicKey());
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("not json")]
    public void ParseList_NotAnArray_ThrowsFormatException(string body) =>
        Assert.Throws<FormatException>(() => FirmwareTrustAnchor.ParseList(Encoding.UTF8.GetBytes(body)));
}
