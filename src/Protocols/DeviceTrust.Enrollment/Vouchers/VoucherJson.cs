using System.Text.Encodings.Web;
using System.Text.Json;

namespace DeviceTrust.Enrollment.Vouchers;

/// <summary>
/// The JSON form of vouchers and voucher-requests (RFC 8366 §5.3, RFC 8995 §3.3; YANG to JSON by RFC 7951):
/// <code>
/// { "ietf-voucher:voucher": { "created-on": "2016-10-07T19:31:42Z", "assertion": "logged",
///                             "serial-number": "JADA123456789", "pinned-domain-cert": "&lt;base64 DER&gt;", ... } }
/// { "ietf-voucher-request:voucher": { ..., "proximity-registrar-cert": "&lt;base64 DER&gt;" } }
/// </code>
/// Reading is strict: one top-level member with the right name, no unknown or repeated members, binary leaves in
/// canonical base64 (RFC 4648 §4), dates in the yang:date-and-time pattern. Writing is deterministic (fixed member
/// order, no whitespace), so write(read(write(x))) is byte-identical to write(x). The CMS signature around it
/// (voucher-cms+json) is not handled here.
/// </summary>
public static class VoucherJson
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        // Base64 '+' and '/' stay readable; the output goes into CMS or HTTP bodies, never into HTML.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <exception cref="VoucherFormatException">The JSON is not a well-formed ietf-voucher:voucher.</exception>
    public static Voucher ReadVoucher(ReadOnlyMemory<byte> utf8Json) =>
        VoucherJsonReader.Read(utf8Json, isRequest: false).ToVoucher();

    /// <exception cref="VoucherFormatException">The JSON is not a well-formed ietf-voucher-request:voucher.</exception>
    public static VoucherRequest ReadVoucherRequest(ReadOnlyMemory<byte> utf8Json) =>
        VoucherJsonReader.Read(utf8Json, isRequest: true).ToVoucherRequest();

    /// <summary>UTF-8 JSON of a voucher or voucher-request, top-level member chosen by its type.</summary>
    /// <exception cref="ArgumentException">The model breaks a YANG constraint (e.g. an empty serial-number).</exception>
    public static byte[] Write(VoucherArtifact artifact)
    {
        ArgumentNullException.ThrowIfNull(artifact);
        var values = VoucherValues.From(artifact);
        if (values.FirstViolation() is { } violation)
            throw new ArgumentException($"{violation.Member} {violation.Problem}", nameof(artifact));

        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteStartObject(values.TopName);
            foreach (var (member, value) in values.Present)
            {
                switch (value)
                {
                    case string text: writer.WriteString(member.Name, text); break;
                    case DateTimeOffset date: writer.WriteString(member.Name, YangDateAndTime.Format(date)); break;
                    case byte[] bytes: writer.WriteString(member.Name, Convert.ToBase64String(bytes)); break;
                    case bool flag: writer.WriteBoolean(member.Name, flag); break;
                    case VoucherAssertion assertion: writer.WriteString(member.Name, VoucherAssertionNames.ToYangName(assertion)); break;
                }
            }
            writer.WriteEndObject();
            writer.WriteEndObject();
        }
        return buffer.ToArray();
    }
}
