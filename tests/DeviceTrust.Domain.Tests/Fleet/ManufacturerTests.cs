using DeviceTrust.Domain.Fleet;

namespace DeviceTrust.Domain.Tests.Fleet;

public sealed class ManufacturerTests
{
    private static Manufacturer Acme() => Manufacturer.Create(Guid.NewGuid(), "Acme Sensors");

    [Fact]
    public void Create_HasNoMasa_SoItIsSimulated()
    {
        var manufacturer = Manufacturer.Create(Guid.NewGuid(), "  Acme Sensors ");

        Assert.Equal("Acme Sensors", manufacturer.Name);
        Assert.Null(manufacturer.MasaUrl);
    }

    [Fact]
    public void PointAtMasa_AbsoluteHttps_Kept()
    {
        var manufacturer = Acme();
        var masa = new Uri("https://masa.acme.example:8443/.well-known/brski");

        manufacturer.PointAtMasa(masa);

        Assert.Equal(masa, manufacturer.MasaUrl);
    }

    [Theory]
    [InlineData("http://masa.acme.example/")]
    [InlineData("ftp://masa.acme.example/")]
    [InlineData("coaps://masa.acme.example/")]
    [InlineData("file:///etc/masa")]
    public void PointAtMasa_NotHttps_RefusedAndUnchanged(string url)
    {
        var manufacturer = Acme();
        var before = new Uri("https://masa.acme.example/");
        manufacturer.PointAtMasa(before);

        var e = Assert.Throws<DomainException>(() => manufacturer.PointAtMasa(new Uri(url)));

        Assert.Contains("https://", e.Message, StringComparison.Ordinal);
        Assert.Equal(before, manufacturer.MasaUrl);
    }

    [Theory]
    [InlineData("/masa")]
    [InlineData("masa.acme.example")]
    public void PointAtMasa_Relative_Refused(string url)
    {
        var manufacturer = Acme();

        Assert.Throws<DomainException>(() => manufacturer.PointAtMasa(new Uri(url, UriKind.Relative)));

        Assert.Null(manufacturer.MasaUrl);
    }

    [Fact]
    public void PointAtMasa_Null_MakesItSimulatedAgain()
    {
        var manufacturer = Acme();
        manufacturer.PointAtMasa(new Uri("https://masa.acme.example/"));

        manufacturer.PointAtMasa(null);

        Assert.Null(manufacturer.MasaUrl);
    }

    [Fact]
    public void PointAtVerifier_AbsoluteHttps_Kept_NullForgets()
    {
        var manufacturer = Acme();
        var verifier = new Uri("https://verifier.acme.example/v1");
        Assert.Null(manufacturer.VerifierUrl);

        manufacturer.PointAtVerifier(verifier);
        Assert.Equal(verifier, manufacturer.VerifierUrl);

        manufacturer.PointAtVerifier(null);
        Assert.Null(manufacturer.VerifierUrl);
    }

    [Theory]
    [InlineData("http://verifier.acme.example/")]
    [InlineData("coaps://verifier.acme.example/")]
    public void PointAtVerifier_NotHttps_RefusedAndUnchanged(string url)
    {
        var manufacturer = Acme();
        var before = new Uri("https://verifier.acme.example/");
        manufacturer.PointAtVerifier(before);

        var e = Assert.Throws<DomainException>(() => manufacturer.PointAtVerifier(new Uri(url)));

        Assert.Contains("https://", e.Message, StringComparison.Ordinal);
        Assert.Equal(before, manufacturer.VerifierUrl);
        Assert.Throws<DomainException>(() => manufacturer.PointAtVerifier(new Uri("/verifier", UriKind.Relative)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void Create_WithoutName_Throws(string name) =>
        Assert.Throws<DomainException>(() => Manufacturer.Create(Guid.NewGuid(), name));
}
