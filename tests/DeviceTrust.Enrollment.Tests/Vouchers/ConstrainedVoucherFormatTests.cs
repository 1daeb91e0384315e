using System.Formats.Cbor;
using System.Security.Cryptography;
using DeviceTrust.Cose;
using DeviceTrust.Enrollment.Vouchers;

namespace DeviceTrust.Enrollment.Tests.Vouchers;

/// <summary>Malformed constrained vouchers: each is a VoucherFormatException naming the member or envelope part.</summary>
public sealed class ConstrainedVoucherFormatTests
{
    private const long SerialNumber = 11;

    /// <summary>{top: {key: value, ...}}; a key is a delta, or a DiagTag(47, sid) for an absolute SID.</summary>
    private static byte[] Payload(long top, params (object Key, object Value)[] members)
    {
        var writer = new CborWriter(CborConformanceMode.Lax);
        writer.WriteStartMap(1);
        writer.WriteInt64(top);
        writer.WriteStartMap(members.Length);
        foreach (var (key, value) in members)
        {
            if (key is DiagTag tag)
            {
                writer.WriteTag((CborTag)tag.Tag);
                writer.WriteInt64((long)tag.Content!);
            }
            else
            {
                writer.WriteInt64((long)key);
            }
            switch (value)
            {
                case string text: writer.WriteTextString(text); break;
                case byte[] bytes: writer.WriteByteString(bytes); break;
                case bool flag: writer.WriteBoolean(flag); break;
                case long number: writer.WriteInt64(number); break;
            }
        }
        writer.WriteEndMap();
        writer.WriteEndMap();
        return writer.Encode();
    }

    private static VoucherFormatException Rejects(byte[] payload) =>
        Assert.Throws<VoucherFormatException>(() => ConstrainedVoucherCbor.DecodeVoucher(payload));

    [Fact]
    public void DecodeVoucher_AbsoluteSidKey_Accepted()
    {
        var voucher = ConstrainedVoucherCbor.DecodeVoucher(Payload(VoucherSids.Voucher, (new DiagTag(47, VoucherSids.VoucherSerialNumber), "X-1")));

        Assert.Equal("X-1", voucher.SerialNumber);
    }

    [Fact]
    public void DecodeVoucher_MissingSerialNumber_NamesIt() =>
        Assert.Equal("serial-number", Rejects(Payload(VoucherSids.Voucher, (1L, 2L))).Member);

    [Fact]
    public void DecodeVoucher_VoucherRequestPayload_NamesTheWrongArtifactType() =>
        Assert.Contains("wrong artifact type", Rejects(VoucherVectors.Hex("pvr-nonsigned.hex")).Problem);

    [Fact]
    public void DecodeVoucher_UnknownMemberSid_NamesTheSid() =>
        Assert.Contains("SID 2550 (delta 99)", Rejects(Payload(VoucherSids.Voucher, (SerialNumber, "X"), (99L, "?"))).Problem);

    [Fact]
    public void DecodeVoucher_SameMemberAsDeltaAndAbsoluteSid_NamesTheMember()
    {
        var error = Rejects(Payload(VoucherSids.Voucher, (SerialNumber, "X"), (new DiagTag(47, VoucherSids.VoucherSerialNumber), "Y")));

        Assert.Equal("serial-number", error.Member);
        Assert.Contains("more than once", error.Problem);
    }

    [Fact]
    public void DecodeVoucher_DuplicateKey_NamesTheContainer()
    {
        var error = Rejects(Payload(VoucherSids.Voucher, (SerialNumber, "X"), (SerialNumber, "Y")));

        Assert.Equal("ietf-voucher:voucher", error.Member);
        Assert.Contains("duplicate", error.Problem, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData(1L, 7L, "assertion")]                        // no enum value 7
    [InlineData(1L, "proximity", "assertion")]               // enumerations are integers in CBOR (RFC 9254 §6.6)
    [InlineData(2L, "6 December 2022", "created-on")]
    [InlineData(2L, "2022-12-06T20:23:30", "created-on")]    // no time zone
    [InlineData(3L, 0L, "domain-cert-revocation-checks")]
    [InlineData(7L, "57EED786AD404907", "nonce")]            // hex text instead of a byte string
    [InlineData(SerialNumber, 42L, "serial-number")]
    public void DecodeVoucher_MemberOfWrongTypeOrValue_NamesTheMember(long delta, object value, string member)
    {
        (object, object)[] members = delta == SerialNumber ? [(delta, value)] : [(SerialNumber, "X"), (delta, value)];

        Assert.Equal(member, Rejects(Payload(VoucherSids.Voucher, members)).Member);
    }

    [Fact]
    public void DecodeVoucher_NonceOfFourBytes_NamesNonce() =>
        Assert.Equal("nonce", Rejects(Payload(VoucherSids.Voucher, (SerialNumber, "X"), (7L, new byte[] { 1, 2, 3, 4 }))).Member);

    [Fact]
    public void DecodeVoucher_TrailingByte_Rejected() =>
        Assert.Contains("trailing", Rejects([.. VoucherVectors.Hex("voucher-nonsigned.hex"), 0x00]).Problem);

    [Fact]
    public void DecodeVoucher_EveryTruncation_Rejected()
    {
        var payload = VoucherVectors.Hex("voucher-nonsigned.hex");
        for (var length = 0; length < payload.Length; length++)
            Assert.Throws<VoucherFormatException>(() => ConstrainedVoucherCbor.DecodeVoucher(payload.AsSpan(0, length)));
    }

    [Fact]
    public void DecodeVoucher_EnvelopeWithTrailingByte_NamesTheEnvelope() =>
        Assert.Equal("COSE_Sign1", Assert.Throws<VoucherFormatException>(() =>
            ConstrainedVoucher.DecodeVoucher([.. VoucherVectors.Hex("voucher.hex"), 0x00])).Member);

    [Fact]
    public void DecodeVoucher_EnvelopeWithWrongTag_NamesTheTag()
    {
        var encoded = VoucherVectors.Hex("voucher.hex");
        encoded[0] = 0xD1;   // 17, COSE_Mac0

        var error = Assert.Throws<VoucherFormatException>(() => ConstrainedVoucher.DecodeVoucher(encoded));

        Assert.Contains("wrong tag 17", error.Problem);
    }

    [Fact]
    public void DecodeVoucher_AlgOnlyUnprotected_RejectedByTheVoucherProfile()
    {
        // 18([h'', {1: -7}, payload, h'00'])
        byte[] encoded = [0xD2, 0x84, 0x40, 0xA1, 0x01, 0x26, .. ByteString(VoucherVectors.Hex("voucher-nonsigned.hex")), 0x41, 0x00];

        var error = Assert.Throws<VoucherFormatException>(() => ConstrainedVoucher.DecodeVoucher(encoded));

        Assert.Equal("COSE_Sign1[1] unprotected header", error.Member);
    }

    [Fact]
    public void DecodeVoucher_DetachedPayload_NamesThePayload()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var encoded = CoseSign1Signer.SignEs256(VoucherVectors.Hex("voucher-nonsigned.hex"), key, new CoseSignOptions { DetachedPayload = true });

        Assert.Equal("COSE_Sign1[2] payload", Assert.Throws<VoucherFormatException>(() => ConstrainedVoucher.DecodeVoucher(encoded)).Member);
    }

    [Fact]
    public void Encode_RequestWithPinnedDomainPubk_ThrowsBecauseTheModuleHasNoSid() =>
        Assert.Throws<ArgumentException>(() => ConstrainedVoucherCbor.Encode(new VoucherRequest { SerialNumber = "X", PinnedDomainPubk = new byte[] { 1 } }));

    [Fact]
    public void Encode_ShortNonce_ThrowsArgumentException() =>
        Assert.Throws<ArgumentException>(() => ConstrainedVoucherCbor.Encode(new Voucher { SerialNumber = "X", Nonce = new byte[] { 1, 2 } }));

    private static byte[] ByteString(byte[] content)
    {
        var writer = new CborWriter();
        writer.WriteByteString(content);
        return writer.Encode();
    }
}
