using DeviceTrust.Cli.Dev;
using DeviceTrust.Cli.Tests.Voucher;

namespace DeviceTrust.Cli.Tests.Network;

/// <summary>Failures that need no server, each with its own exit code; the server exchanges are tested in DeviceTrust.Web.Tests.</summary>
public sealed class NetworkRunnerTests : IDisposable
{
    private readonly TempFolder _folder = new();

    [Fact]
    public async Task EstEnroll_MissingCertificateFile_ExitsMalformedInput()
    {
        var run = await NetworkCli.RunAsync("est", "enroll", "--server", "https://localhost:5443", "--insecure",
            "--cert", _folder.PathOf("missing.pem"), "--key", _folder.PathOf("missing.key.pem"), "--new-key-out", _folder.PathOf("new.key.pem"));

        Assert.Equal(ExitCodes.MalformedInput, run.ExitCode);
        Assert.Contains("--cert", run.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(_folder.PathOf("new.key.pem")));
    }

    [Fact]
    public async Task EstEnroll_KeyOfAnotherCertificate_ExitsMalformedInput()
    {
        var idevid = NetworkCli.WriteIdevid(_folder);

        var run = await NetworkCli.RunAsync("est", "enroll", "--server", "https://localhost:5443", "--insecure",
            "--cert", idevid.Cert, "--key", _folder.Write("other.key.pem", System.Security.Cryptography.ECDsa.Create().ExportPkcs8PrivateKeyPem()),
            "--new-key-out", _folder.PathOf("new.key.pem"));

        Assert.Equal(ExitCodes.MalformedInput, run.ExitCode);
        Assert.Contains("does not belong", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EstCaCerts_TrustFileMissing_ExitsMalformedInput()
    {
        var run = await NetworkCli.RunAsync("est", "cacerts", "--server", NetworkCli.ClosedPortUrl(), "--trust", _folder.PathOf("root.pem"));

        Assert.Equal(ExitCodes.MalformedInput, run.ExitCode);
        Assert.Contains("--trust", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EstCaCerts_NobodyListening_ExitsServerUnavailableAfterTheInsecureWarning()
    {
        var run = await NetworkCli.RunAsync("est", "cacerts", "--server", NetworkCli.ClosedPortUrl(), "--insecure");

        Assert.Equal(ExitCodes.ServerUnavailable, run.ExitCode);
        Assert.Contains("WARNING: --insecure", run.Error, StringComparison.Ordinal);
        Assert.Contains("cannot reach the server", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BrskiRequest_NobodyListening_ExitsServerUnavailableAndWritesNothing()
    {
        var idevid = NetworkCli.WriteIdevid(_folder);

        var run = await NetworkCli.RunAsync("brski", "request", "--server", NetworkCli.ClosedPortUrl(), "--cert", idevid.Cert, "--key", idevid.Key,
            "--masa-cert", idevid.Masa, "--out", _folder.PathOf("voucher.cms"), "--domain-ca-out", _folder.PathOf("ca.pem"));

        Assert.Equal(ExitCodes.ServerUnavailable, run.ExitCode);
        Assert.False(File.Exists(_folder.PathOf("voucher.cms")));
        Assert.False(File.Exists(_folder.PathOf("ca.pem")));
    }

    [Fact]
    public async Task BrskiRequest_CertificateWithoutSerialNumber_ExitsMalformedInput()
    {
        var idevid = NetworkCli.WriteIdevid(_folder);

        var run = await NetworkCli.RunAsync("brski", "request", "--server", NetworkCli.ClosedPortUrl(), "--cert", idevid.Root, "--key", idevid.Key,
            "--masa-cert", idevid.Masa);

        Assert.Equal(ExitCodes.MalformedInput, run.ExitCode);
    }

    [Fact]
    public async Task DevIdevid_NobodyListening_ExitsServerUnavailable()
    {
        var run = await NetworkCli.RunAsync("dev", "idevid", "--server", NetworkCli.ClosedPortUrl("http"), "--token", "dt_x",
            "--manufacturer", "Acme", "--serial", "ACME-1", "--out-dir", _folder.PathOf("out"));

        Assert.Equal(ExitCodes.ServerUnavailable, run.ExitCode);
    }

    [Fact]
    public void IdevidFiles_Write_WritesTheFourFilesWithTheKeyOwnerOnly()
    {
        var minted = new MintedIdevid("ACME-1", "-----BEGIN PRIVATE KEY-----\nAA==\n-----END PRIVATE KEY-----", "CERT\n", "CHAIN\n", "MASA");
        var directory = _folder.PathOf("nested/out");

        var paths = IdevidFiles.Write(minted, directory);

        Assert.Equal(["idevid.key.pem", "idevid.pem", "chain.pem", "masa.pem"], paths.Select(Path.GetFileName));
        Assert.Equal("CHAIN\n", File.ReadAllText(Path.Combine(directory, "chain.pem")));
        Assert.Equal("MASA\n", File.ReadAllText(Path.Combine(directory, "masa.pem")));
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(directory, "idevid.key.pem")));
    }

    [Fact]
    public void IdevidFiles_Write_AlsoTheAttestationKeyItsChainAndTheVendorSecret_SecretsOwnerOnly()
    {
        var minted = new MintedIdevid("ACME-2", "KEY\n", "CERT\n", "CHAIN\n", "MASA\n", "ATTESTATION KEY\n", "ENDORSEMENT\n", "ENDORSEMENT CA\n", "c2VjcmV0");
        var directory = _folder.PathOf("factory");

        var paths = IdevidFiles.Write(minted, directory);

        Assert.Equal(["idevid.key.pem", "idevid.pem", "chain.pem", "masa.pem", "attestation.key.pem", "attestation.pem", "vendor-secret.b64"],
            paths.Select(Path.GetFileName));
        Assert.Equal("ENDORSEMENT\nENDORSEMENT CA\n", File.ReadAllText(Path.Combine(directory, "attestation.pem")));
        Assert.Equal("c2VjcmV0\n", File.ReadAllText(Path.Combine(directory, "vendor-secret.b64")));
        if (!OperatingSystem.IsWindows())
            foreach (var secret in new[] { "attestation.key.pem", "vendor-secret.b64" })
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(directory, secret)));
    }

    public void Dispose() => _folder.Dispose();
}
