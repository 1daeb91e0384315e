using System.Security.Cryptography;
using DeviceTrust.Cli.Tests.Network;
using DeviceTrust.Cli.Tests.Voucher;

namespace DeviceTrust.Cli.Tests.Suit;

/// <summary>Envelopes made through the commands themselves, for the tests that need one.</summary>
internal static class SuitCliRuns
{
    /// <summary>A 4 KiB image that is not the draft's: its digest and size come from the file.</summary>
    public static readonly byte[] Image = [.. Enumerable.Range(0, 4096).Select(i => (byte)(i * 7 + 3))];

    /// <summary><c>suit build</c> with example1.json and <see cref="Image"/>: the unsigned envelope's path.</summary>
    public static async Task<string> BuildAsync(TempFolder folder, params string[] extra)
    {
        var output = folder.PathOf($"built-{Guid.NewGuid():N}.suit");
        var run = await NetworkCli.RunAsync(["suit", "build", "--image", folder.Write("firmware.bin", Image),
            "--description", SuitCliVectors.PathOf("example1.json"), "--out", output, .. extra]);
        Assert.True(run.ExitCode == ExitCodes.Success, $"suit build exited {run.ExitCode}: {run.Error}");
        return output;
    }

    /// <summary><c>suit build</c>, then <c>suit sign</c> with <paramref name="key"/>: the signed envelope's path.</summary>
    public static async Task<string> BuildSignedAsync(TempFolder folder, ECDsa key, string algorithm = "ES256")
    {
        var unsigned = await BuildAsync(folder);
        var signed = folder.PathOf($"signed-{Guid.NewGuid():N}.suit");
        var run = await NetworkCli.RunAsync("suit", "sign", unsigned, "--key", WritePrivateKey(folder, key), "--alg", algorithm, "--out", signed);
        Assert.True(run.ExitCode == ExitCodes.Success, $"suit sign exited {run.ExitCode}: {run.Error}");
        return signed;
    }

    public static string WritePrivateKey(TempFolder folder, ECDsa key) =>
        folder.Write($"signer-{Guid.NewGuid():N}.key.pem", key.ExportPkcs8PrivateKeyPem());
}
