using DeviceTrust.Cli.Attestation;
using DeviceTrust.Cli.Network;

namespace DeviceTrust.Cli.Suit;

/// <summary>A SUIT envelope file as binary CBOR, hex or base64 text. Detected as an EAT file is (<see cref="EatInput"/>): an
/// envelope starts with tag 107 (0xD8 0x6B) or a map head (0xA2…), never a printable character.</summary>
internal static class SuitInput
{
    /// <exception cref="CliException">Unreadable (exit 2), or text that is neither hex nor base64 (exit 2).</exception>
    public static EatInput Read(string path)
    {
        var file = CliFiles.ReadBytes(path, "FILE");
        try
        {
            return EatInput.Detect(file);
        }
        catch (CliException e)
        {
            throw new CliException($"{path}: {e.Message}", ExitCodes.MalformedInput);
        }
    }
}
