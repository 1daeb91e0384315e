using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace DeviceTrust.Suit.Tests;

/// <summary>The vector files in TestVectors/ (see PROVENANCE.md there).</summary>
internal static partial class SuitVectors
{
    private static string PathOf(params string[] parts) => Path.Combine([AppContext.BaseDirectory, "TestVectors", .. parts]);

    /// <summary>The hex blocks of exampleN.txt, in file order: each "~~~" fenced block that is only hex digits.</summary>
    public static IReadOnlyList<byte[]> ExampleBlocks(int example)
    {
        var text = File.ReadAllText(PathOf("suit", $"example{example}.txt"));
        return [.. HexBlock().Matches(text).Select(m => Convert.FromHexString(m.Groups[1].Value.Replace("\n", "", StringComparison.Ordinal)))];
    }

    /// <summary>The envelope with its COSE authentication object (and its severable elements): the last block.</summary>
    public static byte[] Signed(int example) => ExampleBlocks(example)[^1];

    /// <summary>The envelope without its COSE authentication object: the first block.</summary>
    public static byte[] Unsigned(int example) => ExampleBlocks(example)[0];

    /// <summary>A TEEP annotated hex file: everything after '#' on each line dropped.</summary>
    public static byte[] TeepHex(string file)
    {
        var hex = string.Concat(File.ReadAllLines(PathOf("teep", file))
            .Select(line => line.Split('#')[0])
            .SelectMany(line => line.Where(char.IsAsciiHexDigit)));
        return Convert.FromHexString(hex);
    }

    public static ECDsa PublicKey()
    {
        var key = ECDsa.Create();
        key.ImportFromPem(File.ReadAllText(PathOf("suit", "public_key.pem")));
        return key;
    }

    [GeneratedRegex(@"~~~\n([0-9a-f\n]+)~~~")]
    private static partial Regex HexBlock();
}
