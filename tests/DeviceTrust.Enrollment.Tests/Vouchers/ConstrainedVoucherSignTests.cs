using System.Security.Cryptography;
using DeviceTrust.Cose;
using DeviceTrust.Enrollment.Vouchers;

namespace DeviceTrust.Enrollment.Tests.Vouchers;

public sealed class ConstrainedVoucherSignTests
{
    [Fact]
    public void Sign_VectorVoucherWithNewKey_DecodesVerifiesAndKeepsEveryMember()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var original = ConstrainedVoucher.DecodeVoucher(VoucherVectors.Hex("voucher.hex")).Content;

        var signed = ConstrainedVoucher.DecodeVoucher(ConstrainedVoucher.Sign(original, key));

        Assert.True(signed.Verify(key));
        Assert.True(signed.Message.AlgorithmIsProtected);
        Assert.Equal(CoseAlgorithms.ES256, signed.Message.Algorithm.Integer);
        Assert.Equal(VoucherVectors.Hex("voucher-nonsigned.hex"), signed.Message.Payload!.Value.ToArray());
    }

    [Fact]
    public void Sign_RegistrarVoucherRequestWithX5Bag_CarriesTheCertificates()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var registrar = VoucherVectors.Certificate("registrar.pem");
        using var domainCa = VoucherVectors.Certificate("domain_ca.pem");
        var rvr = new VoucherRequest
        {
            SerialNumber = "JADA123456789",
            Assertion = VoucherAssertion.Proximity,
            CreatedOn = new DateTimeOffset(2026, 11, 27, 10, 0, 0, TimeSpan.Zero),
            Nonce = new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 },
            PriorSignedVoucherRequest = VoucherVectors.Hex("pvr.hex"),
        };

        var signed = ConstrainedVoucher.DecodeVoucherRequest(
            ConstrainedVoucher.Sign(rvr, key, new CoseSignOptions { X5Bag = [registrar.RawData, domainCa.RawData] }));

        Assert.True(signed.Verify(key));
        Assert.Equal([registrar.RawData, domainCa.RawData], signed.X5Bag);
        Assert.Equal(rvr.CreatedOn, signed.Content.CreatedOn);
        Assert.Equal(VoucherVectors.Hex("pvr.hex"), signed.Content.PriorSignedVoucherRequest!.Value.ToArray());
        // created-on travels as the shortest exact yang:date-and-time text (no zero fraction).
        Assert.True(signed.Message.Payload!.Value.Span.IndexOf("2026-11-27T10:00:00Z"u8) > 0);
    }

    [Fact]
    public void Sign_DetachedPayloadRequested_ThrowsArgumentException()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var voucher = new Voucher { SerialNumber = "JADA123456789" };

        Assert.Throws<ArgumentException>(() => ConstrainedVoucher.Sign(voucher, key, new CoseSignOptions { DetachedPayload = true }));
    }
}
