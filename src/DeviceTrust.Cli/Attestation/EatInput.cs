using System.Text;

namespace DeviceTrust.Cli.Attestation;

/// <summary>An EAT file's bytes with the text wrapping (hex or base64) removed.</summary>
/// <param name="Wrapping">How the file carried the bytes: "binary", "hex text" or "base64 text".</param>
public sealed record EatInput(byte[] Data, string Wrapping)
{
    /// <summary>Recognises the encoding by content: a CBOR token starts with a tag or array byte (0xD8, 0xD2, 0x84),
    /// never a printable character, so text is hex (tested first: hex digits are also base64) or base64.</summary>
    /// <exception cref="CliException">The content is empty, or text that is neither hex nor base64.</exception>
    public static EatInput Detect(byte[] file)
    {
        ArgumentNullException.ThrowIfNull(file);
        var text = file.AsSpan().Trim(" \t\r\n"u8);
        if (text.IsEmpty)
            throw new CliException("the file is empty");
        if (!TextInput.IsAll(text, TextInput.IsPrintableOrSpace))
            return new EatInput(file, "binary");
        var compact = TextInput.Strip(text);
        if (compact.All(char.IsAsciiHexDigit))
        {
            if (compact.Length % 2 != 0)
                throw new CliException($"hex text: odd number of hex digits ({compact.Length})");
            return new EatInput(Convert.FromHexString(compact), "hex text");
        }
        if (TextEncodings.TryDecodeBase64(compact) is { } bytes)
            return new EatInput(bytes, "base64 text");
        var start = compact[..Math.Min(compact.Length, 24)];
        throw new CliException($"the file is text (starting \"{start}\") but neither hex nor base64");
    }
}
