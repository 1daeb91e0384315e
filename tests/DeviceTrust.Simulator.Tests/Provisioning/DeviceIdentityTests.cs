using System.Security.Cryptography;
using DeviceTrust.Simulator.Provisioning;

namespace DeviceTrust.Simulator.Tests.Provisioning;

public sealed class DeviceIdentityTests : IDisposable
{
    private readonly TestPki _pki = new();

    [Fact]
    public void FromPem_IdevidFiles_ReadsKeySerialChainAndMasa()
    {
        var certificatePem = _pki.Idevid.ExportCertificatePem();

        using var identity = DeviceIdentity.FromPem(certificatePem, _pki.Idevid.ExportPrivateKeyPem(), _pki.Masa.ExportCertificatePem(),
            _pki.Manufacturer.ExportCertificatePem());

        Assert.Equal(TestPki.Serial, identity.SerialNumber);
        Assert.True(identity.Certificate.HasPrivateKey);
        Assert.True(identity.TlsCertificate.HasPrivateKey);
        Assert.Equal(_pki.Masa.Thumbprint, identity.MasaCertificate!.Thumbprint);
        Assert.Equal(_pki.Manufacturer.Certificate.Thumbprint, Assert.Single(identity.Chain).Thumbprint);
    }

    [Fact]
    public void FromPem_CertificateFileWithItsChain_TakesTheFirstAsTheDevice()
    {
        var bundle = PemCertificates.Write([_pki.Idevid.Certificate, _pki.Manufacturer.Certificate]);

        using var identity = DeviceIdentity.FromPem(bundle, _pki.Idevid.ExportPrivateKeyPem());

        Assert.Equal(_pki.Idevid.Certificate.Thumbprint, identity.Certificate.Thumbprint);
        Assert.Single(identity.Chain);
        Assert.Null(identity.MasaCertificate);
    }

    [Fact]
    public void Constructor_KeyOfAnotherDevice_Throws()
    {
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        var error = Assert.Throws<ArgumentException>(() => new DeviceIdentity(_pki.Idevid.Certificate, other));

        Assert.Contains("does not belong", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BrskiPledge_IdevidWithoutMasaCertificate_IsRefused()
    {
        using var identity = DeviceIdentity.FromPem(_pki.Idevid.ExportCertificatePem(), _pki.Idevid.ExportPrivateKeyPem());

        var error = Assert.Throws<ArgumentException>(() => new BrskiPledge(identity, new Uri("https://localhost:5443/")));

        Assert.Contains("MASA", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BrskiPledge_PlainHttpRegistrar_IsRefused()
    {
        Assert.Throws<ArgumentException>(() => new BrskiPledge(_pki.Idevid, new Uri("http://localhost:5080/")));
    }

    public void Dispose() => _pki.Dispose();
}
