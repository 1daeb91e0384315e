using System.Security.Cryptography;

namespace DeviceTrust.Enrollment.Pki;

/// <summary>Strict single-object PEM (RFC 7468 2): one block with an expected label and nothing after it.</summary>
internal static class PemText
{
    public static byte[] Decode(string text, IReadOnlyCollection<string> labels, string where)
    {
        if (!PemEncoding.TryFind(text, out var fields))
            throw new EnrollmentFormatException("malformed PEM: no complete -----BEGIN/-----END block with valid base64", where);
        var label = text[fields.Label];
        if (!labels.Contains(label))
            throw new EnrollmentFormatException($"PEM label '{label}' is not '{labels.First()}'", where);
        if (!string.IsNullOrWhiteSpace(text[..fields.Location.Start.Value]) || !string.IsNullOrWhiteSpace(text[fields.Location.End.Value..]))
            throw new EnrollmentFormatException("text outside the PEM block", where);
        return Convert.FromBase64String(text[fields.Base64Data]);
    }
}
