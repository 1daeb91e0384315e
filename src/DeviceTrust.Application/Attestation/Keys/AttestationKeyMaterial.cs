using System.Formats.Cbor;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using DeviceTrust.Application.Common;
using DeviceTrust.Cose;

namespace DeviceTrust.Application.Attestation.Keys;

/// <summary>
/// Reads an uploaded attestation public key: a SubjectPublicKeyInfo or an X.509 certificate (PEM or DER; a certificate
/// gives its key), or a COSE_Key (RFC 9052 §7). Evidence of the DeviceTrust EAT profile is signed with ES256, so the key
/// must be an EC P-256 public key. Anything else is a <see cref="RequestValidationException"/> on "material".
/// </summary>
public static class AttestationKeyMaterial
{
    public const int MaxBytes = 16 * 1024;

    /// <returns>The key as DER SubjectPublicKeyInfo.</returns>
    public static byte[] ReadPublicKey(byte[] upload)
    {
        ArgumentNullException.ThrowIfNull(upload);
        if (upload.Length is 0 or > MaxBytes) throw Invalid($"Upload 1 byte to {MaxBytes / 1024} KiB of key material.");
        var text = upload.All(b => b is 9 or 10 or 13 or (>= 32 and < 127)) ? Encoding.ASCII.GetString(upload) : null;
        byte[] spki;
        if (text is not null && text.Contains("-----BEGIN", StringComparison.Ordinal))
        {
            spki = text.Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal) ? FromCertificate(Pem(text, "CERTIFICATE"))
                : text.Contains("-----BEGIN PUBLIC KEY-----", StringComparison.Ordinal) ? Pem(text, "PUBLIC KEY")
                : throw Invalid("Only CERTIFICATE and PUBLIC KEY PEM blocks are accepted (never a private key).");
        }
        else
        {
            spki = upload[0] == 0x30 ? TryCertificate(upload) ?? upload : FromCoseKey(upload);
        }
        return RequireP256(spki);
    }

    private static byte[] FromCertificate(byte[] der) => TryCertificate(der) ?? throw Invalid("The CERTIFICATE block is not a valid X.509 certificate.");

    private static byte[]? TryCertificate(byte[] der)
    {
        try
        {
            using var certificate = X509CertificateLoader.LoadCertificate(der);
            return certificate.PublicKey.ExportSubjectPublicKeyInfo();
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    private static byte[] FromCoseKey(byte[] encoded)
    {
        try
        {
            var key = CoseKey.Decode(encoded);
            if (key.HasPrivateKey) throw Invalid("The COSE_Key holds a private key; upload the public key only.");
            using var ec = key.ToECDsa();
            return ec.ExportSubjectPublicKeyInfo();
        }
        catch (Exception e) when (e is CoseFormatException or CborContentException or NotSupportedException or CryptographicException)
        {
            throw Invalid($"Expected a SubjectPublicKeyInfo, an X.509 certificate or a COSE_Key: {e.Message}");
        }
    }

    private static byte[] RequireP256(byte[] spki)
    {
        try
        {
            using var ec = ECDsa.Create();
            ec.ImportSubjectPublicKeyInfo(spki, out var read);
            if (read != spki.Length) throw Invalid("The public key has trailing bytes.");
            if (ec.ExportParameters(false).Curve.Oid.Value != ECCurve.NamedCurves.nistP256.Oid.Value)
                throw Invalid("Attestation evidence is signed with ES256: the key must be an EC P-256 key.");
            // Normalized: the same key uploaded as a certificate, PEM or COSE_Key gets the same kid.
            return ec.ExportSubjectPublicKeyInfo();
        }
        catch (CryptographicException)
        {
            throw Invalid("Expected an EC P-256 public key: a SubjectPublicKeyInfo, an X.509 certificate or a COSE_Key (PEM, DER or base64).");
        }
    }

    private static byte[] Pem(string text, string label)
    {
        try
        {
            var fields = PemEncoding.Find(text);
            if (text[fields.Label] is var found && found != label) throw Invalid($"Expected a {label} PEM block, found {found}.");
            return Convert.FromBase64String(text[fields.Base64Data]);
        }
        catch (ArgumentException)
        {
            throw Invalid($"The {label} PEM block is malformed.");
        }
    }

    private static RequestValidationException Invalid(string message) => RequestValidationException.For("material", message);
}
