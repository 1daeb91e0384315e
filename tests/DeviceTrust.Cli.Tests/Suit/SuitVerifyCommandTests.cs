using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DeviceTrust.Cli.Tests.Network;
using DeviceTrust.Cli.Tests.Voucher;

namespace DeviceTrust.Cli.Tests.Suit;

/// <summary><c>suit verify</c>: the draft's examples with its key, then each way an envelope fails.</summary>
public sealed class SuitVerifyCommandTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public async Task Verify_DraftExampleWithItsPublicKey_ExitsZero(int example)
    {
        var file = _folder.Write($"example{example}.cbor", SuitCliVectors.Signed(example));

        var run = await NetworkCli.RunAsync("suit", "verify", file, "--key", SuitCliVectors.PublicKeyPath);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Empty(run.Error);
        Assert.Contains(": VERIFIED", run.Output, StringComparison.Ordinal);
        Assert.Contains($"manifest sequence number {example}, 1 signature(s) (ES256 (-7))", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_EnvelopeAsHexText_ExitsZero()
    {
        var file = _folder.Write("example1.hex", Convert.ToHexStringLower(SuitCliVectors.Signed(1)));

        var run = await NetworkCli.RunAsync("suit", "verify", file, "--key", SuitCliVectors.PublicKeyPath);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("(272 bytes, hex text)", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_FlippedSignatureByte_ExitsOneSayingSignature()
    {
        var envelope = SuitCliVectors.Signed(1);
        // Example 1's signature: the 64 bytes after the COSE_Sign1's "5840" head, which follows "f6" (payload nil).
        var signatureAt = Convert.ToHexStringLower(envelope).IndexOf("f6584027a3d7", StringComparison.Ordinal) / 2 + 3;
        envelope[signatureAt + 10] ^= 0x01;
        var file = _folder.Write("tampered.cbor", envelope);

        var run = await NetworkCli.RunAsync("suit", "verify", file, "--key", SuitCliVectors.PublicKeyPath);

        Assert.Equal(ExitCodes.NotVerified, run.ExitCode);
        Assert.Contains("NOT VERIFIED (SignatureInvalid)", run.Output, StringComparison.Ordinal);
        Assert.Contains("error: not verified: signature does not verify", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_WrongKey_ExitsOne()
    {
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var file = _folder.Write("example1.cbor", SuitCliVectors.Signed(1));

        var run = await NetworkCli.RunAsync("suit", "verify", file, "--key", _folder.Write("other.pem", other.ExportSubjectPublicKeyInfoPem()));

        Assert.Equal(ExitCodes.NotVerified, run.ExitCode);
        Assert.Contains("error: not verified: signature does not verify", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_KeyGivenAsCertificate_ExitsZero()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var certificate = new CertificateRequest("CN=firmware signer", key, HashAlgorithmName.SHA256)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        var envelope = await SuitCliRuns.BuildSignedAsync(_folder, key);

        var run = await NetworkCli.RunAsync("suit", "verify", envelope, "--key", _folder.Write("signer.pem", certificate.ExportCertificatePem()));

        Assert.Equal(ExitCodes.Success, run.ExitCode);
    }

    [Fact]
    public async Task Verify_ManifestByteChanged_ExitsOneSayingDigest()
    {
        var envelope = SuitCliVectors.Signed(1);
        var uri = Convert.ToHexStringLower(envelope).IndexOf(Convert.ToHexStringLower("example.com"u8), StringComparison.Ordinal) / 2;
        envelope[uri] = (byte)'E';
        var file = _folder.Write("tampered.cbor", envelope);

        var run = await NetworkCli.RunAsync("suit", "verify", file, "--key", SuitCliVectors.PublicKeyPath);

        Assert.Equal(ExitCodes.NotVerified, run.ExitCode);
        Assert.Contains("error: not verified: manifest digest does not match", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_UnsignedEnvelope_ExitsOneSayingNoSignature()
    {
        var envelope = await SuitCliRuns.BuildAsync(_folder);

        var run = await NetworkCli.RunAsync("suit", "verify", envelope, "--key", SuitCliVectors.PublicKeyPath);

        Assert.Equal(ExitCodes.NotVerified, run.ExitCode);
        Assert.Contains("NOT VERIFIED (NoSignature)", run.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("garbage.bin", new byte[] { 0xff, 0x00, 0x13, 0x37, 0x42 })]
    [InlineData("array.cbor", new byte[] { 0x83, 0x01, 0x02, 0x03 })]
    public async Task Verify_Garbage_ExitsTwoWithTheFormatError(string name, byte[] content)
    {
        var file = _folder.Write(name, content);

        var run = await NetworkCli.RunAsync("suit", "verify", file, "--key", SuitCliVectors.PublicKeyPath);

        Assert.Equal(ExitCodes.MalformedInput, run.ExitCode);
        Assert.Contains($"error: {file}: malformed SUIT envelope: SUIT_Envelope", run.Error, StringComparison.Ordinal);
        Assert.Empty(run.Output);
    }

    [Fact]
    public async Task Verify_TruncatedEnvelope_ExitsTwo()
    {
        var file = _folder.Write("truncated.cbor", SuitCliVectors.Signed(1)[..100]);

        var run = await NetworkCli.RunAsync("suit", "verify", file, "--key", SuitCliVectors.PublicKeyPath);

        Assert.Equal(ExitCodes.MalformedInput, run.ExitCode);
        Assert.Contains("malformed SUIT envelope", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_KeyFileNotAKey_ExitsTwo()
    {
        var file = _folder.Write("example1.cbor", SuitCliVectors.Signed(1));

        var run = await NetworkCli.RunAsync("suit", "verify", file, "--key", _folder.Write("not-a-key.pem", "hello"));

        Assert.Equal(ExitCodes.MalformedInput, run.ExitCode);
        Assert.Contains("--key", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_WithoutKey_ExitsUsage()
    {
        var file = _folder.Write("example1.cbor", SuitCliVectors.Signed(1));

        var run = await NetworkCli.RunAsync("suit", "verify", file);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
    }
}
