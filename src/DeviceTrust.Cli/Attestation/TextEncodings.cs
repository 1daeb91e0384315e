namespace DeviceTrust.Cli.Attestation;

/// <summary>Hex and base64 (standard or URL alphabet, padded or not) as the attestation commands accept them.</summary>
internal static class TextEncodings
{
    /// <summary>The bytes of base64 or base64url text, or null when it is neither.</summary>
    public static byte[]? TryDecodeBase64(string text)
    {
        var standard = text.Replace('-', '+').Replace('_', '/');
        standard = standard.PadRight(standard.Length + (4 - standard.Length % 4) % 4, '=');
        try
        {
            return Convert.FromBase64String(standard);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>
    /// A nonce as <c>--nonce</c> takes it: hex when it is an even number of hex digits, else base64 or base64url (the
    /// challenge-response session's form). Text that is both is read as hex.
    /// </summary>
    /// <exception cref="CliException">Neither form (exit 64, a usage error).</exception>
    public static byte[] ParseNonce(string text)
    {
        if (text.Length % 2 == 0 && text.Length > 0 && text.All(char.IsAsciiHexDigit))
            return Convert.FromHexString(text);
        return TryDecodeBase64(text) is { Length: > 0 } bytes
            ? bytes
            : throw new CliException($"--nonce \"{text}\": neither hex nor base64url", ExitCodes.Usage);
    }
}
