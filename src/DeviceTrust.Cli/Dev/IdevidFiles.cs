using DeviceTrust.Cli.Network;

namespace DeviceTrust.Cli.Dev;

/// <summary>The files <c>dev idevid</c> writes, named as <c>brski request</c> and <c>est enroll</c> expect to read them.</summary>
public static class IdevidFiles
{
    public const string PrivateKey = "idevid.key.pem";
    public const string Certificate = "idevid.pem";
    public const string Chain = "chain.pem";
    public const string Masa = "masa.pem";

    /// <summary>Writes the four files (the key owner-only) and returns their paths, key first.</summary>
    public static IReadOnlyList<string> Write(MintedIdevid minted, string directory)
    {
        ArgumentNullException.ThrowIfNull(minted);
        ArgumentNullException.ThrowIfNull(directory);
        var files = new (string Name, string Pem, bool Secret)[]
        {
            (PrivateKey, minted.PrivateKeyPem, true),
            (Certificate, minted.CertificatePem, false),
            (Chain, minted.ChainPem, false),
            (Masa, minted.MasaCertificatePem, false),
        };
        var paths = new List<string>();
        foreach (var (name, pem, secret) in files)
        {
            var path = Path.Combine(directory, name);
            CliFiles.WriteText(path, pem.EndsWith('\n') ? pem : pem + "\n", "--out-dir", secret);
            paths.Add(path);
        }
        return paths;
    }
}
