using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;

namespace DeviceTrust.Simulator.Updates;

/// <summary>
/// A FirmwareAuthor anchor as <c>GET /firmware/trust-anchors</c> gives it (docs/update-protocol.md §2): a certificate or
/// a SubjectPublicKeyInfo, DER. The device verifies envelopes with the anchor's public key.
/// <code>[{ "name": "...", "format": "certificate" | "spki", "der": "&lt;base64 DER&gt;" }]</code>
/// </summary>
public sealed record FirmwareTrustAnchor(string Name, string Format, byte[] Der)
{
    public const string CertificateFormat = "certificate";

    public const string SpkiFormat = "spki";

    /// <summary>The anchor's EC public key; null for another format, another key type, or DER that does not decode.</summary>
    public ECDsa? PublicKey()
    {
        try
        {
            return Format switch
            {
                CertificateFormat => CertifiedKey(Der),
                SpkiFormat => SubjectPublicKey(Der),
                _ => null,
            };
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    private static ECDsa? CertifiedKey(byte[] der)
    {
        using var certificate = X509CertificateLoader.LoadCertificate(der);
        return certificate.GetECDsaPublicKey();
    }

    private static ECDsa? SubjectPublicKey(byte[] der)
    {
        var key = ECDsa.Create();
        try
        {
            key.ImportSubjectPublicKeyInfo(der, out var read);
            if (read == der.Length)
                return key;
        }
        catch (CryptographicException)
        {
        }
        key.Dispose();
        return null;
    }

    /// <summary>
    /// The anchors of the JSON array; an entry without a name, a known format or base64 DER is left out (an anchor the device
    /// cannot read is one it does not trust).
    /// </summary>
    /// <exception cref="FormatException">The body is not a JSON array.</exception>
    public static IReadOnlyList<FirmwareTrustAnchor> ParseList(ReadOnlySpan<byte> json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json.ToArray());
        }
        catch (JsonException e)
        {
            throw new FormatException($"the trust anchors are not JSON ({e.Message})", e);
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Array)
                throw new FormatException($"the trust anchors are a JSON {document.RootElement.ValueKind.ToString().ToLowerInvariant()}, not an array");
            var anchors = new List<FirmwareTrustAnchor>();
            foreach (var entry in document.RootElement.EnumerateArray())
            {
                if (entry.ValueKind == JsonValueKind.Object && Text(entry, "name") is { } name && Text(entry, "format") is CertificateFormat or SpkiFormat
                    && Text(entry, "der") is { } der && TryBase64(der) is { } bytes)
                    anchors.Add(new FirmwareTrustAnchor(name, Text(entry, "format")!, bytes));
            }
            return anchors;
        }
    }

    private static byte[]? TryBase64(string text)
    {
        var buffer = new byte[text.Length];
        return Convert.TryFromBase64String(text, buffer, out var written) && written > 0 ? buffer[..written] : null;
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
