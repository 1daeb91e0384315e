using System.Security.Cryptography.X509Certificates;
using DeviceTrust.Cose;
using DeviceTrust.Enrollment.Vouchers;

namespace DeviceTrust.Enrollment.Tests.Vouchers;

/// <summary>
/// The anima-wg/constrained-voucher examples (TestVectors/voucher/PROVENANCE.md): voucher.hex verifies with
/// masa_ca.pem, pvr.hex with pledge.pem, rvr.hex with registrar.pem, and the members match the diagnostic files.
/// </summary>
public sealed class ConstrainedVoucherVectorTests
{
    /// <summary>
    /// Why masa_ca.pem and not masa.pem: the voucher's headers are {1: -7} and {} (no kid, x5bag or x5chain), so a
    /// pledge can only check it against a key it already holds, its manufacturer trust anchor. In this example PKI
    /// that anchor is masa_ca (CN=masa.stok.nl, self-signed), which also issued the pledge's IDevID (the IDevID's
    /// authority key id is masa_ca's subject key id) and the MASA server certificate masa.pem
    /// (CN=masa-server.stok.nl). The example MASA signed vouchers with the CA's own key, not with the server key.
    /// </summary>
    [Fact]
    public void DecodeVoucher_VoucherHex_VerifiesWithMasaCaAndNotWithMasaServerCertificate()
    {
        using var masaCa = VoucherVectors.Certificate("masa_ca.pem");
        using var masaServer = VoucherVectors.Certificate("masa.pem");
        using var pledge = VoucherVectors.Certificate("pledge.pem");

        var voucher = ConstrainedVoucher.DecodeVoucher(VoucherVectors.Hex("voucher.hex"));

        Assert.True(voucher.Verify(masaCa));
        Assert.False(voucher.Verify(masaServer));
        Assert.Equal(0, voucher.Message.UnprotectedHeaders.Count);
        Assert.Equal(masaCa.SubjectName.RawData, masaServer.IssuerName.RawData);
        Assert.Equal(SubjectKeyId(masaCa), AuthorityKeyId(pledge)[6..]);
    }

    [Fact]
    public void DecodeVoucherRequest_PvrHex_VerifiesWithPledgeCertificate()
    {
        using var pledge = VoucherVectors.Certificate("pledge.pem");

        var pvr = ConstrainedVoucher.DecodeVoucherRequest(VoucherVectors.Hex("pvr.hex"));

        Assert.True(pvr.Verify(pledge));
    }

    [Fact]
    public void DecodeVoucherRequest_RvrHex_VerifiesWithRegistrarCertificateAndWithTheCertificateInItsX5Bag()
    {
        using var registrar = VoucherVectors.Certificate("registrar.pem");
        using var domainCa = VoucherVectors.Certificate("domain_ca.pem");

        var rvr = ConstrainedVoucher.DecodeVoucherRequest(VoucherVectors.Hex("rvr.hex"));
        using var bagged = X509CertificateLoader.LoadCertificate(rvr.X5Bag[0]);
        using var baggedCa = X509CertificateLoader.LoadCertificate(rvr.X5Bag[1]);

        // registrar.pem and domain_ca.pem are later issues (other names or dates) of the certificates in the x5bag,
        // with the same keys; so keys are compared, not DER.
        Assert.True(rvr.Verify(registrar));
        Assert.True(rvr.Verify(bagged));
        Assert.Equal(2, rvr.X5Bag.Count);
        Assert.Equal(SubjectPublicKeyInfo(registrar), SubjectPublicKeyInfo(bagged));
        Assert.Equal(SubjectPublicKeyInfo(domainCa), SubjectPublicKeyInfo(baggedCa));
        Assert.Equal(baggedCa.SubjectName.RawData, bagged.IssuerName.RawData);
    }

    [Theory]
    [InlineData("voucher.hex", "masa_ca.pem")]
    [InlineData("pvr.hex", "pledge.pem")]
    [InlineData("rvr.hex", "registrar.pem")]
    public void Verify_FlippedSignatureByte_Fails(string file, string signer)
    {
        using var certificate = VoucherVectors.Certificate(signer);
        var encoded = VoucherVectors.Hex(file);
        encoded[^1] ^= 0x01;

        var decoded = Decode(file, encoded);

        Assert.False(decoded.Verify(certificate));
    }

    [Theory]
    [InlineData("voucher.hex", "pledge.pem")]
    [InlineData("pvr.hex", "registrar.pem")]
    [InlineData("rvr.hex", "masa_ca.pem")]
    public void Verify_WrongSignerKey_Fails(string file, string wrongSigner)
    {
        using var certificate = VoucherVectors.Certificate(wrongSigner);

        Assert.False(Decode(file, VoucherVectors.Hex(file)).Verify(certificate));
    }

    [Fact]
    public void DecodeVoucher_Members_FitTheExamplePki()
    {
        using var domainCa = VoucherVectors.Certificate("domain_ca.pem");
        using var pledge = VoucherVectors.Certificate("pledge.pem");
        using var registrar = VoucherVectors.Certificate("registrar.pem");

        var voucher = ConstrainedVoucher.DecodeVoucher(VoucherVectors.Hex("voucher.hex")).Content;
        var pvr = ConstrainedVoucher.DecodeVoucherRequest(VoucherVectors.Hex("pvr.hex")).Content;
        var rvr = ConstrainedVoucher.DecodeVoucherRequest(VoucherVectors.Hex("rvr.hex")).Content;

        using var pinned = X509CertificateLoader.LoadCertificate(voucher.PinnedDomainCert!.Value.Span);

        Assert.Equal(SubjectPublicKeyInfo(domainCa), SubjectPublicKeyInfo(pinned));
        Assert.Equal(domainCa.SubjectName.RawData, pinned.SubjectName.RawData);
        Assert.Equal(VoucherAssertion.Proximity, voucher.Assertion);
        Assert.Equal(SubjectPublicKeyInfo(registrar), pvr.ProximityRegistrarPubk!.Value.ToArray());
        Assert.Equal(VoucherVectors.Hex("pvr.hex"), rvr.PriorSignedVoucherRequest!.Value.ToArray());
        Assert.Equal(pvr.Nonce!.Value.ToArray(), rvr.Nonce!.Value.ToArray());
        Assert.Equal(AuthorityKeyId(pledge), rvr.IdevidIssuer!.Value.ToArray());
        Assert.Contains("SERIALNUMBER=JADA123456789", pledge.Subject, StringComparison.OrdinalIgnoreCase);
        Assert.All([voucher.SerialNumber, pvr.SerialNumber, rvr.SerialNumber], serial => Assert.Equal("JADA123456789", serial));
    }

    [Fact]
    public void DecodeVoucherRequest_RvrPriorSignedRequest_IsThePledgesSignedPvr()
    {
        using var pledge = VoucherVectors.Certificate("pledge.pem");
        var rvr = ConstrainedVoucher.DecodeVoucherRequest(VoucherVectors.Hex("rvr.hex")).Content;

        var prior = ConstrainedVoucher.DecodeVoucherRequest(rvr.PriorSignedVoucherRequest!.Value.Span);

        Assert.True(prior.Verify(pledge));
        Assert.Equal(VoucherAssertion.Proximity, prior.Content.Assertion);
    }

    internal static IVerifiable Decode(string file, byte[] encoded) => file == "voucher.hex"
        ? new Verifiable<Voucher>(ConstrainedVoucher.DecodeVoucher(encoded))
        : new Verifiable<VoucherRequest>(ConstrainedVoucher.DecodeVoucherRequest(encoded));

    private static byte[] SubjectPublicKeyInfo(X509Certificate2 certificate) => certificate.PublicKey.ExportSubjectPublicKeyInfo();

    // idevid-issuer is the DER OCTET STRING around the authority key identifier extension value (04 18 30 16 80 14 ...).
    private static byte[] AuthorityKeyId(X509Certificate2 certificate) =>
        [0x04, 0x18, .. certificate.Extensions["2.5.29.35"]!.RawData];

    private static byte[] SubjectKeyId(X509Certificate2 certificate) =>
        Convert.FromHexString(((X509SubjectKeyIdentifierExtension)certificate.Extensions["2.5.29.14"]!).SubjectKeyIdentifier!);

    internal interface IVerifiable
    {
        CoseSign1 Message { get; }
        bool Verify(X509Certificate2 certificate);
    }

    private sealed class Verifiable<T>(SignedVoucher<T> signed) : IVerifiable where T : VoucherArtifact
    {
        public CoseSign1 Message => signed.Message;
        public bool Verify(X509Certificate2 certificate) => signed.Verify(certificate);
    }
}
