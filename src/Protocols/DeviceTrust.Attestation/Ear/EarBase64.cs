using System.Buffers.Text;

namespace DeviceTrust.Attestation.Ear;

/// <summary>The base64 forms of EAR's byte claims in JSON.</summary>
internal static class EarBase64
{
    /// <summary>base64url without padding (RFC 4648 §5; RFC 7515 §2 "Base64url Encoding"; RFC 9711 §7.2.2).</summary>
    public static string Encode(ReadOnlySpan<byte> bytes) => Base64Url.EncodeToString(bytes);

    /// <summary>Strict base64url without padding, as <c>ear.raw-evidence</c> is written (veraison/ear B64Url).</summary>
    /// <exception cref="AttestationFormatException">Padding, a character outside the base64url alphabet, or stray bits.</exception>
    public static byte[] DecodeUnpadded(string text, string where)
    {
        if (text.Contains('=', StringComparison.Ordinal))
            throw new AttestationFormatException(where, "base64url must be written without padding (RFC 7515 §2)");
        return DecodeUrl(text, where);
    }

    /// <summary>
    /// A nonce: draft-ietf-rats-ear-03 §3 says only that the JSON nonce "MUST be base64 encoded", and Veraison services
    /// writes its session nonce in standard base64 with padding ("QUp8...Lxk="), so either alphabet is read: base64url
    /// with or without padding, or standard base64 with its padding (RFC 4648 §4, §5). One string may not mix them.
    /// </summary>
    public static byte[] DecodeNonce(string text, string where)
    {
        var standard = text.AsSpan().IndexOfAny('+', '/') >= 0;
        var url = text.AsSpan().IndexOfAny('-', '_') >= 0;
        if (standard && url)
            throw new AttestationFormatException(where, "mixes the base64 and base64url alphabets");
        if (!standard)
            return DecodeUrl(text.TrimEnd('='), where, text);
        try
        {
            return Convert.FromBase64String(text);
        }
        catch (FormatException e)
        {
            throw new AttestationFormatException(where, "not valid base64 (RFC 4648 §4)", e);
        }
    }

    private static byte[] DecodeUrl(string text, string where, string? original = null)
    {
        // Base64Url tolerates what RFC 4648 §3.5 lets a decoder refuse: a length of 1 mod 4 and non-zero pad bits.
        // Re-encoding and comparing refuses both, so each byte string has exactly one accepted text.
        byte[] bytes;
        try
        {
            bytes = Base64Url.DecodeFromChars(text);
        }
        catch (FormatException e)
        {
            throw new AttestationFormatException(where, "not valid base64url (RFC 4648 §5)", e);
        }
        if (Base64Url.EncodeToString(bytes) != text)
            throw new AttestationFormatException(where, $"not canonical base64url (RFC 4648 §3.5): \"{original ?? text}\"");
        return bytes;
    }
}
