using System.Security.Cryptography;
using DeviceTrust.Enrollment.Pki;

namespace DeviceTrust.Cli.Vouchers;

/// <summary>The human-readable report of <c>voucher inspect</c>: one "name: value" line per fact, members indented.</summary>
public static class VoucherTextReport
{
    /// <summary>Binary leaves up to this length print in full as hex; longer ones by length and digest.</summary>
    private const int HexLimit = 64;

    public static void Write(TextWriter output, VoucherInspection inspection)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(inspection);
        output.WriteLine($"kind:      {inspection.Kind ?? "unknown (the CMS content is released only when its signature verifies)"}");
        output.WriteLine($"format:    {inspection.Format} ({inspection.MediaType}, {inspection.Input.Wrapping})");
        if (inspection.ContentType is { } contentType)
        {
            output.WriteLine($"content:   {ContentTypeName(contentType)}");
        }

        if (inspection.Signer is { } signer)
        {
            output.WriteLine($"signer:    {Describe(signer)}");
        }

        foreach (var certificate in inspection.X5Bag)
        {
            output.WriteLine($"x5bag:     {(certificate is null ? "not an X.509 certificate" : Describe(certificate))}");
        }

        var members = inspection.Members;
        if (members.Count > 0)
        {
            output.WriteLine("members:");
            var width = members.Max(member => member.Name.Length) + 2;
            foreach (var member in members)
            {
                output.WriteLine($"  {member.Name.PadRight(width)}{Format(member.Value)}");
            }
        }

        output.WriteLine($"signature: {inspection.Signature.Description}");
    }

    public static string ContentTypeName(string oid) => oid switch
    {
        EnrollmentOids.AnimaJsonVoucher => $"id-ct-animaJSONVoucher ({oid})",
        EnrollmentOids.Data => $"id-data ({oid})",
        _ => oid,
    };

    private static string Format(VoucherValue value) => value switch
    {
        TextValue text => text.Text,
        BooleanValue flag => flag.Value ? "true" : "false",
        HexValue hex when hex.Bytes.Length <= HexLimit => Convert.ToHexStringLower(hex.Bytes),
        HexValue hex => Digest(hex.Bytes),
        CertificateValue { Certificate: { } certificate } => Describe(certificate),
        CertificateValue blob => $"{Digest(blob.Bytes)}, not an X.509 certificate",
        BlobValue blob => Digest(blob.Bytes),
        _ => throw new ArgumentOutOfRangeException(nameof(value), value, "unknown voucher value"),
    };

    private static string Describe(CertificateSummary certificate) =>
        $"{certificate.Subject} (SHA-256 {certificate.Sha256})";

    private static string Digest(byte[] bytes) => $"{bytes.Length} bytes, SHA-256 {Convert.ToHexString(SHA256.HashData(bytes))}";
}
