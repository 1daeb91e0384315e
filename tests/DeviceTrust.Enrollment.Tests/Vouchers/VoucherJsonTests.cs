using System.Text;
using DeviceTrust.Enrollment.Vouchers;

namespace DeviceTrust.Enrollment.Tests.Vouchers;

public sealed class VoucherJsonTests
{
    // The constrained example voucher in the JSON form (RFC 8366 §5.3 layout), as this library writes it.
    private const string VectorVoucherJson =
        "{\"ietf-voucher:voucher\":{\"created-on\":\"2022-12-06T20:23:30.708Z\",\"assertion\":\"proximity\"," +
        "\"serial-number\":\"JADA123456789\",\"pinned-domain-cert\":\"" + DomainCaBase64 + "\"," +
        "\"domain-cert-revocation-checks\":false,\"nonce\":\"V+7Xhq1ASQc=\"}}";

    // pinned-domain-cert of voucher-nonsigned.hex (the domain CA certificate of 2022-12-06) in base64.
    private const string DomainCaBase64 =
        "MIICQzCCAemgAwIBAgIIKuoEE6Qtwc4wCgYIKoZIzj0EAwIwcjEcMBoGA1UEAwwTQ3VzdG9tLUVSIEdsb2JhbCBDQTELMAkGA1UE" +
        "CwwCSVQxGDAWBgNVBAoMD0N1c3RvbS1FUiwgSW5jLjERMA8GA1UEBwwIU2FuIEpvc2UxCzAJBgNVBAgMAkNBMQswCQYDVQQGEwJV" +
        "UzAeFw0yMjEyMDYxMTM3NTlaFw0zMjEyMDMxMTM3NTlaMHIxHDAaBgNVBAMME0N1c3RvbS1FUiBHbG9iYWwgQ0ExCzAJBgNVBAsM" +
        "AklUMRgwFgYDVQQKDA9DdXN0b20tRVIsIEluYy4xETAPBgNVBAcMCFNhbiBKb3NlMQswCQYDVQQIDAJDQTELMAkGA1UEBhMCVVMw" +
        "WTATBgcqhkjOPQIBBggqhkjOPQMBBwNCAASXse2WkWSTCYW7uKyaKvlFXN/upLEd4uedBov6gDkmtABSUbNPHAgVpMvgP70bvLY1" +
        "9kMaIt54ZTuHuZU37OFso2kwZzAPBgNVHRMBAf8EBTADAQH/MCUGA1UdEQQeMByBGmhlbHBAY3VzdG9tLWVyLmV4YW1wbGUuY29t" +
        "MA4GA1UdDwEB/wQEAwIBhjAdBgNVHQ4EFgQUkup2QEBKj6tPJwvzvDedhs1ygPgwCgYIKoZIzj0EAwIDSAAwRQIhANbYE7OQvTp7" +
        "ToVCS8se2TOtHpgfKBe1kIPdbsHF4/rfAiAs7kQGGSvHZ+mNfPrgRMaAdIGthWSn1Wnco9HN8eXoQw==";

    private static VoucherFormatException RejectsVoucher(string json) =>
        Assert.Throws<VoucherFormatException>(() => VoucherJson.ReadVoucher(Encoding.UTF8.GetBytes(json)));

    private static string Replace(string member, string value) =>
        System.Text.RegularExpressions.Regex.Replace(VectorVoucherJson, $"\"{member}\":(\"[^\"]*\"|false|true)", $"\"{member}\":{value}");

    [Fact]
    public void Write_VoucherDecodedFromTheConstrainedVector_GivesTheJsonForm()
    {
        var voucher = ConstrainedVoucherCbor.DecodeVoucher(VoucherVectors.Hex("voucher-nonsigned.hex"));

        Assert.Equal(VectorVoucherJson, Encoding.UTF8.GetString(VoucherJson.Write(voucher)));
    }

    [Fact]
    public void ReadVoucher_CanonicalJson_WritesBackByteForByte()
    {
        var json = Encoding.UTF8.GetBytes(VectorVoucherJson);

        Assert.Equal(json, VoucherJson.Write(VoucherJson.ReadVoucher(json)));
    }

    [Fact]
    public void ReadVoucher_JsonOfTheConstrainedVector_EncodesToTheSameCbor()
    {
        var voucher = VoucherJson.ReadVoucher(Encoding.UTF8.GetBytes(VectorVoucherJson));

        Assert.Equal(VoucherVectors.Hex("voucher-nonsigned.hex"), ConstrainedVoucherCbor.Encode(voucher));
    }

    [Theory]
    [InlineData("pvr-nonsigned.hex")]
    [InlineData("rvr-nonsigned.hex")]
    public void WriteReadWrite_VoucherRequestVectors_ByteStable(string file)
    {
        var request = ConstrainedVoucherCbor.DecodeVoucherRequest(VoucherVectors.Hex(file));

        var first = VoucherJson.Write(request);
        var second = VoucherJson.Write(VoucherJson.ReadVoucherRequest(first));

        Assert.Equal(first, second);
        Assert.StartsWith("{\"ietf-voucher-request:voucher\":{", Encoding.UTF8.GetString(first));
        Assert.Equal(VoucherVectors.Hex(file), ConstrainedVoucherCbor.Encode(VoucherJson.ReadVoucherRequest(second)));
    }

    [Fact]
    public void WriteReadWrite_EveryVoucherMemberAndAnOffset_ByteStable()
    {
        var voucher = new Voucher
        {
            SerialNumber = "SN-0001",
            CreatedOn = new DateTimeOffset(2026, 11, 27, 9, 30, 0, TimeSpan.FromHours(2)),
            ExpiresOn = new DateTimeOffset(2026, 12, 27, 9, 30, 0, 250, TimeSpan.Zero),
            LastRenewalDate = new DateTimeOffset(2027, 11, 27, 0, 0, 0, TimeSpan.Zero),
            Assertion = VoucherAssertion.AgentProximity,
            IdevidIssuer = new byte[] { 0x04, 0x02, 0xAB, 0xCD },
            PinnedDomainPubk = new byte[] { 0x30, 0x59, 0xFF },
            PinnedDomainPubkSha256 = new byte[32],
            DomainCertRevocationChecks = true,
        };

        var first = VoucherJson.Write(voucher);
        var text = Encoding.UTF8.GetString(first);

        Assert.Equal(first, VoucherJson.Write(VoucherJson.ReadVoucher(first)));
        Assert.Contains("\"created-on\":\"2026-11-27T09:30:00+02:00\"", text);
        Assert.Contains("\"expires-on\":\"2026-12-27T09:30:00.25Z\"", text);
        Assert.Contains("\"assertion\":\"agent-proximity\"", text);
    }

    [Theory]
    [InlineData("{\"ietf-voucher:vouchers\":{\"serial-number\":\"X\"}}", "ietf-voucher:vouchers")]
    [InlineData("{\"ietf-voucher-request:voucher\":{\"serial-number\":\"X\"}}", "ietf-voucher-request:voucher")]
    [InlineData("{\"ietf-voucher:voucher\":{\"serial-number\":\"X\"},\"extra\":1}", "extra")]
    [InlineData("{\"ietf-voucher:voucher\":{\"assertion\":\"logged\"}}", "serial-number")]
    [InlineData("{\"ietf-voucher:voucher\":{\"serial-number\":\"\"}}", "serial-number")]
    [InlineData("{\"ietf-voucher:voucher\":{\"serial-number\":5}}", "serial-number")]
    [InlineData("{\"ietf-voucher:voucher\":{\"serial-number\":\"X\",\"serial-number\":\"Y\"}}", "serial-number")]
    [InlineData("{\"ietf-voucher:voucher\":{\"serial-number\":\"X\",\"colour\":\"red\"}}", "colour")]
    [InlineData("{\"ietf-voucher:voucher\":{\"serial-number\":\"X\",\"proximity-registrar-cert\":\"AA==\"}}", "proximity-registrar-cert")]
    [InlineData("{\"ietf-voucher:voucher\":[]}", "ietf-voucher:voucher")]
    [InlineData("[]", "JSON")]
    [InlineData("{\"ietf-voucher:voucher\":{\"serial-number\":\"X\"}} trailing", "JSON")]
    [InlineData("{\"ietf-voucher:voucher\":{\"serial-number\":\"X\"", "JSON")]
    public void ReadVoucher_MalformedStructure_NamesTheMember(string json, string member) =>
        Assert.Equal(member, RejectsVoucher(json).Member);

    [Theory]
    [InlineData("pinned-domain-cert", "\"not base64!\"")]
    [InlineData("pinned-domain-cert", "\"QR==\"")]                 // unused bits set: not canonical
    [InlineData("pinned-domain-cert", "\"QQ\"")]                   // padding missing
    [InlineData("pinned-domain-cert", "\"QQ== \"")]                // whitespace
    [InlineData("nonce", "\"AQID\"")]                              // 3 bytes, below 8..32
    [InlineData("created-on", "\"2022-13-06T20:23:30Z\"")]
    [InlineData("created-on", "\"2022-12-06 20:23:30Z\"")]
    [InlineData("created-on", "\"2022-12-06T20:23:30\"")]
    [InlineData("created-on", "\"2022-12-06T20:23:30.123456789Z\"")]   // more precision than kept
    [InlineData("assertion", "\"maybe\"")]
    [InlineData("domain-cert-revocation-checks", "\"false\"")]
    public void ReadVoucher_BadMemberValue_NamesTheMember(string member, string value) =>
        Assert.Equal(member, RejectsVoucher(Replace(member, value)).Member);

    [Fact]
    public void Write_EmptySerialNumber_ThrowsArgumentException() =>
        Assert.Throws<ArgumentException>(() => VoucherJson.Write(new Voucher { SerialNumber = "" }));
}
