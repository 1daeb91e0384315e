using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using DeviceTrust.Application.Common;
using DeviceTrust.Domain.Trust;

namespace DeviceTrust.Application.TrustAnchors;

/// <summary>
/// Reads uploaded key material: an X.509 certificate or a SubjectPublicKeyInfo public key, PEM or DER. Anything else
/// is a <see cref="RequestValidationException"/> on "material" that says what was expected.
/// </summary>
public static class AnchorMaterialReader
{
    public const int MaxBytes = 64 * 1024;

    public static AnchorMaterial Read(byte[] upload)
    {
        ArgumentNullException.ThrowIfNull(upload);
        if (upload.Length is 0 or > MaxBytes) throw Invalid($"Upload 1 byte to {MaxBytes / 1024} KiB of key material.");
        var text = TryAscii(upload);
        if (text is not null && text.Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal)) return FromCertificate(Pem(text, "CERTIFICATE"));
        if (text is not null && text.Contains("-----BEGIN PUBLIC KEY-----", StringComparison.Ordinal)) return FromPublicKey(Pem(text, "PUBLIC KEY"));
        if (text is not null && text.Contains("-----BEGIN", StringComparison.Ordinal))
            throw Invalid("Only CERTIFICATE and PUBLIC KEY PEM blocks are accepted (never a private key).");
        return TryCertificate(upload) ?? FromPublicKey(upload);
    }

    private static AnchorMaterial FromCertificate(byte[] der) =>
        TryCertificate(der) ?? throw Invalid("The CERTIFICATE block is not a valid X.509 certificate.");

    private static AnchorMaterial? TryCertificate(byte[] der)
    {
        try
        {
            using var cert = X509CertificateLoader.LoadCertificate(der);
            return new AnchorMaterial(KeyMaterialFormat.X509Certificate, cert.RawData, Fingerprint(cert.RawData), cert.Subject,
                new DateTimeOffset(cert.NotBefore.ToUniversalTime()), new DateTimeOffset(cert.NotAfter.ToUniversalTime()));
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    /// <summary>RFC 5280 4.1.2.7 SubjectPublicKeyInfo, EC or RSA.</summary>
    private static AnchorMaterial FromPublicKey(byte[] der)
    {
        var description = Describe(der) ?? throw Invalid("Expected an X.509 certificate or a SubjectPublicKeyInfo public key (PEM or DER).");
        return new AnchorMaterial(KeyMaterialFormat.SubjectPublicKeyInfo, der, Fingerprint(der), description, null, null);
    }

    private static string? Describe(byte[] spki)
    {
        try
        {
            using var ec = ECDsa.Create();
            ec.ImportSubjectPublicKeyInfo(spki, out var read);
            if (read == spki.Length) return $"EC public key ({ec.ExportParameters(false).Curve.Oid.FriendlyName ?? "named curve"}, {ec.KeySize} bits)";
        }
        catch (CryptographicException)
        {
        }

        try
        {
            using var rsa = RSA.Create();
            rsa.ImportSubjectPublicKeyInfo(spki, out var read);
            if (read == spki.Length) return $"RSA public key ({rsa.KeySize} bits)";
        }
        catch (CryptographicException)
        {
        }

        return null;
    }

    private static byte[] Pem(string text, string label)
    {
        try
        {
            var fields = PemEncoding.Find(text);
            var found = text[fields.Label];
            if (found != label) throw Invalid($"Expected a {label} PEM block, found {found}.");
            return Convert.FromBase64String(text[fields.Base64Data]);
        }
        catch (ArgumentException)
        {
            throw Invalid($"The {label} PEM block is malformed.");
        }
    }

    private static string? TryAscii(byte[] bytes) => bytes.All(b => b is 9 or 10 or 13 or (>= 32 and < 127)) ? Encoding.ASCII.GetString(bytes) : null;

    public static string Fingerprint(byte[] encoded) => Convert.ToHexStringLower(SHA256.HashData(encoded));

    private static RequestValidationException Invalid(string message) => RequestValidationException.For("material", message);
}
