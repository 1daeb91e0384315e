using System.Security.Cryptography;
using System.Text;

namespace DeviceTrust.Cli.Vouchers;

/// <summary>The signed or unsigned structure a voucher file holds, before decoding.</summary>
public enum VoucherEnvelope
{
    /// <summary>COSE_Sign1, application/voucher-cose+cbor (draft-ietf-anima-constrained-voucher).</summary>
    Cose,

    /// <summary>Unsigned JSON, application/yang-data+json (RFC 8366 §5.3).</summary>
    Json,

    /// <summary>CMS SignedData around JSON, application/voucher-cms+json (RFC 8366 §5.1).</summary>
    Cms,
}

/// <summary>A voucher file's bytes with the text wrapping (hex, base64, PEM) removed.</summary>
/// <param name="Wrapping">How the file carried the bytes: "binary", "hex text", "base64 text", "PEM" or "JSON text".</param>
public sealed record VoucherInput(VoucherEnvelope Envelope, byte[] Data, string Wrapping)
{
    private static readonly string[] CmsPemLabels = ["CMS", "PKCS7"];

    /// <summary>Recognises the encoding by content, not by file name.</summary>
    /// <exception cref="CliException">The content is empty or wraps its bytes wrongly.</exception>
    public static VoucherInput Detect(byte[] file)
    {
        ArgumentNullException.ThrowIfNull(file);
        var content = file.AsSpan();
        if (content.StartsWith(Encoding.UTF8.Preamble))
        {
            content = content[Encoding.UTF8.Preamble.Length..];
        }

        var trimmed = content.TrimStart(" \t\r\n"u8);
        if (trimmed.IsEmpty)
        {
            throw new CliException("the file is empty");
        }

        if (trimmed[0] == (byte)'{')
        {
            return new VoucherInput(VoucherEnvelope.Json, content.ToArray(), "JSON text");
        }

        if (trimmed.StartsWith("-----BEGIN"u8))
        {
            return new VoucherInput(VoucherEnvelope.Cms, DecodePem(Encoding.ASCII.GetString(trimmed)), "PEM");
        }

        // Hex is tested before base64 because every hex string is also base64 alphabet.
        if (TextInput.IsAll(trimmed, IsHexOrSpace))
        {
            return Binary(DecodeHex(trimmed), "hex text");
        }

        if (TextInput.IsAll(trimmed, IsBase64OrSpace))
        {
            return Binary(DecodeBase64(trimmed), "base64 text");
        }

        // COSE starts with 0xD2 or 0x84 and DER with 0x30 plus a length byte, so plain text is neither (e.g. the
        // CBOR diagnostic notation of a voucher); say so rather than report a CBOR type error.
        if (TextInput.IsAll(trimmed, TextInput.IsPrintableOrSpace))
        {
            var start = Encoding.ASCII.GetString(trimmed[..Math.Min(trimmed.Length, 24)]).Split('\n')[0].TrimEnd();
            throw new CliException($"the file is text (starting \"{start}\") but not JSON, PEM, hex or base64");
        }

        return Binary(file, "binary");
    }

    // A DER SEQUENCE (ContentInfo) starts with 0x30; a COSE_Sign1 starts with tag 18 (0xD2) or an array (0x84).
    private static VoucherInput Binary(byte[] data, string wrapping) =>
        new(data.Length > 0 && data[0] == 0x30 ? VoucherEnvelope.Cms : VoucherEnvelope.Cose, data, wrapping);

    private static byte[] DecodePem(string text)
    {
        if (!PemEncoding.TryFind(text, out var fields))
        {
            throw new CliException("PEM: no complete -----BEGIN/-----END block with valid base64");
        }

        var label = text[fields.Label];
        if (!CmsPemLabels.Contains(label))
        {
            throw new CliException($"PEM: label '{label}' is not CMS or PKCS7; expected a CMS-signed voucher");
        }

        return Convert.FromBase64String(text[fields.Base64Data]);
    }

    private static byte[] DecodeHex(ReadOnlySpan<byte> text)
    {
        var digits = TextInput.Strip(text);
        if (digits.Length % 2 != 0)
        {
            throw new CliException($"hex text: odd number of hex digits ({digits.Length})");
        }

        return Convert.FromHexString(digits);
    }

    private static byte[] DecodeBase64(ReadOnlySpan<byte> text)
    {
        try
        {
            return Convert.FromBase64String(TextInput.Strip(text));
        }
        catch (FormatException e)
        {
            throw new CliException($"base64 text: {e.Message}");
        }
    }

    private static bool IsHexOrSpace(byte b) => TextInput.IsSpace(b) || char.IsAsciiHexDigit((char)b);

    private static bool IsBase64OrSpace(byte b) =>
        TextInput.IsSpace(b) || char.IsAsciiLetterOrDigit((char)b) || b is (byte)'+' or (byte)'/' or (byte)'=';
}
