using System.Text;

namespace DeviceTrust.Cli;

/// <summary>The byte-level tests the commands use to tell binary input from hex or base64 text (vouchers, EATs).</summary>
internal static class TextInput
{
    /// <summary>The text without its spaces, tabs and line breaks.</summary>
    public static string Strip(ReadOnlySpan<byte> text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var b in text)
        {
            if (!IsSpace(b)) builder.Append((char)b);
        }
        return builder.ToString();
    }

    public static bool IsAll(ReadOnlySpan<byte> text, Func<byte, bool> predicate)
    {
        foreach (var b in text)
        {
            if (!predicate(b)) return false;
        }
        return true;
    }

    public static bool IsSpace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n';

    public static bool IsPrintableOrSpace(byte b) => IsSpace(b) || b is >= 0x20 and <= 0x7E;
}
