using System.Buffers.Text;
using System.Text;

namespace DeviceTrust.Cose;

/// <summary>Strict reading and writing of JWK members (RFC 7517 §4, RFC 7518 §6).</summary>
internal static class JwkMembers
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static string Encode(ReadOnlySpan<byte> octets) => Base64Url.EncodeToString(octets);

    /// <exception cref="CoseFormatException">The member is absent.</exception>
    public static string Require(string? value, string name) =>
        !IsPresent(value) ? throw new CoseFormatException($"JWK {name}", "the member is missing (RFC 7517 §4, RFC 7518 §6)") : value;

    /// <summary>
    /// The octets of a base64url member. RFC 7515 §2 base64url has no padding, whitespace or stray bits, so the value
    /// must be exactly what encoding its octets gives back; <paramref name="expectedLength"/> is the full coordinate or
    /// scalar size RFC 7518 §6.2.1.2 and §6.2.2.1 require.
    /// </summary>
    /// <exception cref="CoseFormatException">Absent, not canonical unpadded base64url, or of the wrong length.</exception>
    public static byte[] Octets(string? value, string name, int? expectedLength)
    {
        var text = Require(value, name);
        byte[] octets;
        try
        {
            octets = Base64Url.DecodeFromChars(text);
        }
        catch (FormatException e)
        {
            throw new CoseFormatException($"JWK {name}", "not base64url (RFC 7515 §2)", e);
        }
        if (Encode(octets) != text)
            throw new CoseFormatException($"JWK {name}", "not unpadded base64url in its one canonical form (RFC 7515 §2)");
        if (expectedLength is { } length && octets.Length != length)
            throw new CoseFormatException($"JWK {name}", $"must be {length} bytes for this curve, found {octets.Length} " +
                "(RFC 7518 §6.2.1.2, §6.2.2.1: the full size, leading zeros kept)");
        return octets;
    }

    /// <summary>
    /// Whether an optional member is present. Microsoft.IdentityModel reads an absent member as null or "" depending
    /// on the member and the path (constructor or JSON), so both mean absent.
    /// </summary>
    public static bool IsPresent([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] string? value) => !string.IsNullOrEmpty(value);

    /// <summary>The COSE kid (bstr) of a JWK kid (string): its UTF-8; null when the JWK has none.</summary>
    // The cast matters: a bare null would become an empty ReadOnlyMemory through its conversion from byte[].
    public static ReadOnlyMemory<byte>? CoseKeyId(string? kid) =>
        IsPresent(kid) ? Encoding.UTF8.GetBytes(kid) : (ReadOnlyMemory<byte>?)null;

    /// <summary>The JWK kid of a COSE kid.</summary>
    /// <exception cref="NotSupportedException">The bytes are not UTF-8 text, which a JWK kid string cannot carry.</exception>
    public static string JoseKeyId(ReadOnlyMemory<byte> kid)
    {
        try
        {
            return StrictUtf8.GetString(kid.Span);
        }
        catch (DecoderFallbackException e)
        {
            throw new NotSupportedException("COSE_Key: kid is not UTF-8 text, so it has no JWK form (RFC 7517 §4.5: kid is a string).", e);
        }
    }
}
