using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace DeviceTrust.Cli.Vouchers;

/// <summary>
/// The <c>--json</c> report: the facts of the text report as one object. Strings for text and dates, booleans,
/// hex strings for binary leaves, and objects for certificates and long binaries.
/// </summary>
public static class VoucherJsonReport
{
    private static readonly JsonWriterOptions Options = new()
    {
        Indented = true,
        // Distinguished names carry '+', '<' and quotes; this is terminal or file output, never HTML.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static void Write(TextWriter output, VoucherInspection inspection)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(inspection);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, Options))
        {
            writer.WriteStartObject();
            writer.WriteString("kind", inspection.Kind);
            writer.WriteString("format", inspection.Format);
            writer.WriteString("mediaType", inspection.MediaType);
            writer.WriteString("encoding", inspection.Input.Wrapping);
            if (inspection.ContentType is { } contentType)
            {
                writer.WriteString("contentType", contentType);
            }

            if (inspection.Signer is { } signer)
            {
                writer.WritePropertyName("signer");
                WriteCertificate(writer, signer);
            }

            if (inspection.X5Bag.Count > 0)
            {
                writer.WriteStartArray("x5bag");
                foreach (var certificate in inspection.X5Bag)
                {
                    if (certificate is null)
                    {
                        writer.WriteNullValue();
                    }
                    else
                    {
                        WriteCertificate(writer, certificate);
                    }
                }

                writer.WriteEndArray();
            }

            writer.WriteStartObject("members");
            foreach (var member in inspection.Members)
            {
                writer.WritePropertyName(member.Name);
                WriteValue(writer, member.Value);
            }

            writer.WriteEndObject();
            writer.WriteStartObject("signature");
            writer.WriteString("status", StatusName(inspection.Signature.State));
            writer.WriteString("description", inspection.Signature.Description);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        output.WriteLine(Encoding.UTF8.GetString(buffer.ToArray()));
    }

    private static string StatusName(SignatureState state) => state switch
    {
        SignatureState.NotChecked => "not-checked",
        SignatureState.Verified => "verified",
        SignatureState.Failed => "failed",
        _ => "unsigned",
    };

    private static void WriteValue(Utf8JsonWriter writer, VoucherValue value)
    {
        switch (value)
        {
            case TextValue text:
                writer.WriteStringValue(text.Text);
                break;
            case BooleanValue flag:
                writer.WriteBooleanValue(flag.Value);
                break;
            case HexValue hex:
                writer.WriteStringValue(Convert.ToHexStringLower(hex.Bytes));
                break;
            case CertificateValue { Certificate: { } certificate }:
                WriteCertificate(writer, certificate);
                break;
            case CertificateValue notCertificate:
                WriteBlob(writer, notCertificate.Bytes, "not an X.509 certificate");
                break;
            case BlobValue blob:
                WriteBlob(writer, blob.Bytes, problem: null);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(value), value, "unknown voucher value");
        }
    }

    private static void WriteCertificate(Utf8JsonWriter writer, CertificateSummary certificate)
    {
        writer.WriteStartObject();
        writer.WriteString("subject", certificate.Subject);
        writer.WriteString("issuer", certificate.Issuer);
        writer.WriteString("notBefore", VoucherMembers.FormatDate(certificate.NotBefore));
        writer.WriteString("notAfter", VoucherMembers.FormatDate(certificate.NotAfter));
        writer.WriteString("sha256", certificate.Sha256);
        writer.WriteEndObject();
    }

    private static void WriteBlob(Utf8JsonWriter writer, byte[] bytes, string? problem)
    {
        writer.WriteStartObject();
        writer.WriteNumber("length", bytes.Length);
        writer.WriteString("sha256", Convert.ToHexString(SHA256.HashData(bytes)));
        writer.WriteString("hex", Convert.ToHexStringLower(bytes));
        if (problem is not null)
        {
            writer.WriteString("problem", problem);
        }

        writer.WriteEndObject();
    }
}
