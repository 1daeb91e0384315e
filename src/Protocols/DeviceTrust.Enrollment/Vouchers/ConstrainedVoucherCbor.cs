using System.Formats.Cbor;
using DeviceTrust.Cose;
using DeviceTrust.Cose.Cbor;

namespace DeviceTrust.Enrollment.Vouchers;

/// <summary>
/// The unsigned CBOR payload of a constrained voucher or voucher-request (draft-ietf-anima-constrained-voucher):
/// YANG-CBOR (RFC 9254) with SID keys, members delta-encoded under the container SID (§3.2).
/// <code>
/// voucher         = { 2451 => { ? 1 => uint (assertion), ? 2 => tstr (created-on), ..., 11 => tstr (serial-number) } }
/// voucher-request = { 2501 => { ? 1 => uint (assertion), ..., 9 => bstr (prior-signed-voucher-request), ...,
///                               13 => tstr (serial-number) } }
/// </code>
/// Decoding is strict and all-or-nothing; encoding is deterministic (RFC 8949 §4.2.1), so a decoded payload
/// re-encodes to the same bytes.
/// </summary>
public static class ConstrainedVoucherCbor
{
    /// <exception cref="VoucherFormatException">Not a well-formed constrained voucher payload.</exception>
    public static Voucher DecodeVoucher(ReadOnlySpan<byte> cbor) =>
        ConstrainedVoucherCborReader.Read(cbor.ToArray(), isRequest: false).ToVoucher();

    /// <exception cref="VoucherFormatException">Not a well-formed constrained voucher-request payload.</exception>
    public static VoucherRequest DecodeVoucherRequest(ReadOnlySpan<byte> cbor) =>
        ConstrainedVoucherCborReader.Read(cbor.ToArray(), isRequest: true).ToVoucherRequest();

    /// <exception cref="ArgumentException">A YANG constraint is broken, or a leaf has no SID in the module
    /// (pinned-domain-pubk and pinned-domain-pubk-sha256 have none in the constrained voucher-request).</exception>
    public static byte[] Encode(VoucherArtifact artifact)
    {
        ArgumentNullException.ThrowIfNull(artifact);
        var values = VoucherValues.From(artifact);
        if (values.FirstViolation() is { } violation)
            throw new ArgumentException($"{violation.Member} {violation.Problem}", nameof(artifact));

        var top = values.IsRequest ? VoucherSids.Request : VoucherSids.Voucher;
        var members = values.Present
            .Select(entry => (entry.Member, entry.Value, Sid: entry.Member.Sid(values.IsRequest) ?? throw new ArgumentException(
                $"{entry.Member.Name} has no SID in {values.TopName}; it cannot be sent in the constrained form.", nameof(artifact))))
            .ToList();

        var memberMap = new DeterministicMapWriter();
        foreach (var (_, value, sid) in members)
            memberMap.Add(CoseLabel.Of(sid - top), writer => WriteValue(writer, value));
        return new DeterministicMapWriter().AddEncoded(CoseLabel.Of(top), memberMap.Encode()).Encode();
    }

    private static void WriteValue(CborWriter writer, object value)
    {
        switch (value)
        {
            case string text: writer.WriteTextString(text); break;
            case DateTimeOffset date: writer.WriteTextString(YangDateAndTime.Format(date)); break;
            case byte[] bytes: writer.WriteByteString(bytes); break;
            case bool flag: writer.WriteBoolean(flag); break;
            case VoucherAssertion assertion: writer.WriteInt32((int)assertion); break;
        }
    }
}
