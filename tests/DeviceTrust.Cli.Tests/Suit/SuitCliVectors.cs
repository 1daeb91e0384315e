using System.Text.RegularExpressions;

namespace DeviceTrust.Cli.Tests.Suit;

/// <summary>The SUIT vectors in TestVectors/suit (see PROVENANCE.md there).</summary>
internal static partial class SuitCliVectors
{
    public static string PathOf(string file) => Path.Combine(AppContext.BaseDirectory, "TestVectors", "suit", file);

    public static string PublicKeyPath => PathOf("public_key.pem");

    /// <summary>The envelope with its COSE authentication object: the last hex block of exampleN.txt.</summary>
    public static byte[] Signed(int example)
    {
        var text = File.ReadAllText(PathOf($"example{example}.txt"));
        var blocks = HexBlock().Matches(text);
        return Convert.FromHexString(blocks[^1].Groups[1].Value.Replace("\n", "", StringComparison.Ordinal));
    }

    [GeneratedRegex(@"~~~\n([0-9a-f\n]+)~~~")]
    private static partial Regex HexBlock();
}
