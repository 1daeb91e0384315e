using System.Security.Cryptography;
using DeviceTrust.Cli.Tests.Network;
using DeviceTrust.Cli.Tests.Voucher;
using DeviceTrust.Suit;

namespace DeviceTrust.Cli.Tests.Suit;

/// <summary><c>suit build</c> and <c>suit sign</c>: build, sign, verify round trips, and what each refuses.</summary>
public sealed class SuitBuildCommandTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public void Dispose()
    {
        _key.Dispose();
        _folder.Dispose();
    }

    private string PublicKeyPath() => _folder.Write("signer.pub.pem", _key.ExportSubjectPublicKeyInfoPem());

    [Theory]
    [InlineData("ES256", -7)]
    [InlineData("ESP256", -9)]
    public async Task BuildSignVerify_RoundTrip_ExitsZero(string algorithm, int expected)
    {
        var signed = await SuitCliRuns.BuildSignedAsync(_folder, _key, algorithm);

        var run = await NetworkCli.RunAsync("suit", "verify", signed, "--key", PublicKeyPath());

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        var envelope = SuitEnvelope.Decode(File.ReadAllBytes(signed));
        Assert.Equal(expected, envelope.Authentication.Signatures.Single().Algorithm.Integer);
    }

    [Fact]
    public async Task Build_Example1Description_TakesIdsAndUriFromItAndDigestAndSizeFromTheImage()
    {
        var unsigned = await SuitCliRuns.BuildAsync(_folder);

        var envelope = SuitEnvelope.Decode(File.ReadAllBytes(unsigned));
        Assert.True(envelope.IsTagged);
        Assert.Empty(envelope.Authentication.Signatures);
        Assert.True(envelope.VerifyDigests().IsVerified);
        Assert.Equal(1UL, envelope.Manifest.SequenceNumber);
        Assert.Equal([0x00], Assert.Single(Assert.Single(envelope.Manifest.Common.Components)));
        var parameters = ((SuitParametersCommand)envelope.Manifest.Common.SharedSequence!.Commands[0]).Parameters;
        Assert.Equal(Convert.FromHexString("fa6b4a53d5ad5fdfbe9de663e4d41ffe"), parameters.VendorId);
        Assert.Equal(Convert.FromHexString("1492af1425695e48bf429b2d51f2ab45"), parameters.ClassId);
        Assert.Equal(SHA256.HashData(SuitCliRuns.Image), parameters.ImageDigest!.Bytes.ToArray());
        Assert.Equal((ulong)SuitCliRuns.Image.Length, parameters.ImageSize);
        var install = ((SuitParametersCommand)envelope.Install!.Commands[0]).Parameters;
        Assert.Equal("http://example.com/file.bin", install.Uri);
    }

    [Fact]
    public async Task Build_DescriptionDigestAndSizeNotTheImages_NotesThatTheImagesAreUsed()
    {
        var output = _folder.PathOf("out.suit");

        var run = await NetworkCli.RunAsync("suit", "build", "--image", _folder.Write("fw.bin", SuitCliRuns.Image),
            "--description", SuitCliVectors.PathOf("example1.json"), "--out", output);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("note: components[0].install-size 34768 is not the image's; the image's (4096) is used", run.Error, StringComparison.Ordinal);
        Assert.Contains("note: components[0].install-digest is not the image's", run.Error, StringComparison.Ordinal);
        Assert.Contains("unsigned", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Build_WithKey_WritesASignedEnvelopeThatVerifies()
    {
        var output = await SuitCliRuns.BuildAsync(_folder, "--key", SuitCliRuns.WritePrivateKey(_folder, _key));

        var run = await NetworkCli.RunAsync("suit", "verify", output, "--key", PublicKeyPath());

        Assert.Equal(ExitCodes.Success, run.ExitCode);
    }

    [Fact]
    public async Task Build_TextAndTwoComponents_InspectShowsThem()
    {
        var description = _folder.Write("two.json", """
            {
              "manifest-sequence-number": 7,
              "description": { "en-US": { "manifest-description": "Two images" } },
              "components": [
                { "install-id": ["00"], "vendor-id": "fa6b4a53-d5ad-5fdf-be9d-e663e4d41ffe",
                  "class-id": "1492af14-2569-5e48-bf42-9b2d51f2ab45", "uri": "https://fw.example/a.bin", "bootable": true,
                  "description": { "en-US": { "vendor-name": "Kumo Devices", "component-version": "1.4.2" } } },
                { "install-id": ["01", "6170"], "uri": "https://fw.example/b.bin" }
              ]
            }
            """);
        var output = _folder.PathOf("two.suit");
        var build = await NetworkCli.RunAsync("suit", "build", "--image", _folder.Write("a.bin", [1, 2, 3]), "--image",
            _folder.Write("b.bin", [4, 5]), "--description", description, "--out", output, "--key", SuitCliRuns.WritePrivateKey(_folder, _key));

        var run = await NetworkCli.RunAsync("suit", "inspect", output);

        Assert.Equal(ExitCodes.Success, build.ExitCode);
        Assert.Contains("sequence-number: 7", run.Output, StringComparison.Ordinal);
        Assert.Contains("[1]: [h'01', \"ap\"]", run.Output, StringComparison.Ordinal);
        Assert.Contains("directive-set-component-index: 1", run.Output, StringComparison.Ordinal);
        Assert.Contains("    invoke\n", run.Output, StringComparison.Ordinal);
        Assert.Contains("manifest-description: Two images", run.Output, StringComparison.Ordinal);
        Assert.Contains("vendor-name: Kumo Devices", run.Output, StringComparison.Ordinal);
        Assert.Contains("image-size: 2", run.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{ "manifest-sequence-number": 1, "components": [] }""", "components: a non-empty array is required")]
    [InlineData("""{ "components": [ { "install-id": ["00"] } ] }""", "manifest-sequence-number")]
    [InlineData("""{ "manifest-sequence-number": 1, "severable": true, "components": [ { "install-id": ["00"] } ] }""", "severable: not supported")]
    [InlineData("""{ "manifest-sequence-number": 1, "components": [ { "install-id": ["00"], "vendor-id": "nope" } ] }""", "components[0].vendor-id: \"nope\" is not a UUID")]
    [InlineData("""{ "manifest-sequence-number": 1, "components": [ { "install-id": ["00"], "vendor-id": "fa6b4a53-d5ad-5fdf-be9d-e663e4d41ffe", "class-id": "1492af14-2569-5e48-bf42-9b2d51f2ab45", "slot": 0 } ] }""", "components[0].slot: not supported")]
    [InlineData("not json", "not JSON")]
    public async Task Build_DescriptionItCannotUse_ExitsTwoAndWritesNothing(string json, string message)
    {
        var output = _folder.PathOf("never.suit");

        var run = await NetworkCli.RunAsync("suit", "build", "--image", _folder.Write("fw.bin", SuitCliRuns.Image),
            "--description", _folder.Write("bad.json", json), "--out", output);

        Assert.Equal(ExitCodes.MalformedInput, run.ExitCode);
        Assert.Contains(message, run.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public async Task Build_AlgorithmWithoutKey_ExitsUsage()
    {
        var run = await NetworkCli.RunAsync("suit", "build", "--image", _folder.Write("fw.bin", SuitCliRuns.Image),
            "--description", SuitCliVectors.PathOf("example1.json"), "--out", _folder.PathOf("never.suit"), "--alg", "ESP256");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("give --key too", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Build_ImageCountNotComponentCount_ExitsTwo()
    {
        var run = await NetworkCli.RunAsync("suit", "build", "--image", _folder.Write("a.bin", [1]), "--image", _folder.Write("b.bin", [2]),
            "--description", SuitCliVectors.PathOf("example1.json"), "--out", _folder.PathOf("never.suit"));

        Assert.Equal(ExitCodes.MalformedInput, run.ExitCode);
        Assert.Contains("1 component(s) but 2 --image(s)", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sign_DraftExampleWithAnotherKey_ReplacesTheSignatureAndKeepsSeveredMembers()
    {
        var example = _folder.Write("example2.cbor", SuitCliVectors.Signed(2));
        var output = _folder.PathOf("resigned.suit");

        var sign = await NetworkCli.RunAsync("suit", "sign", example, "--key", SuitCliRuns.WritePrivateKey(_folder, _key), "--out", output);
        var ours = await NetworkCli.RunAsync("suit", "verify", output, "--key", PublicKeyPath());
        var draft = await NetworkCli.RunAsync("suit", "verify", output, "--key", SuitCliVectors.PublicKeyPath);

        Assert.Equal(ExitCodes.Success, sign.ExitCode);
        Assert.Equal(ExitCodes.Success, ours.ExitCode);
        Assert.Equal(ExitCodes.NotVerified, draft.ExitCode);
        var original = SuitEnvelope.Decode(SuitCliVectors.Signed(2));
        var resigned = SuitEnvelope.Decode(File.ReadAllBytes(output));
        Assert.Equal(original.EncodedManifest.ToArray(), resigned.EncodedManifest.ToArray());
        Assert.Equal(original.SeveredInstall!.Wrapped.ToArray(), resigned.SeveredInstall!.Wrapped.ToArray());
        Assert.Equal(original.SeveredText!.Wrapped.ToArray(), resigned.SeveredText!.Wrapped.ToArray());
        Assert.Single(resigned.Authentication.Signatures);
    }

    [Fact]
    public async Task Sign_PublicKeyInsteadOfPrivate_ExitsTwoAndWritesNothing()
    {
        var unsigned = await SuitCliRuns.BuildAsync(_folder);
        var output = _folder.PathOf("never.suit");

        var run = await NetworkCli.RunAsync("suit", "sign", unsigned, "--key", PublicKeyPath(), "--out", output);

        Assert.Equal(ExitCodes.MalformedInput, run.ExitCode);
        Assert.Contains("not a PEM private key", run.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public async Task Sign_P384Key_ExitsTwo()
    {
        using var p384 = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        var unsigned = await SuitCliRuns.BuildAsync(_folder);

        var run = await NetworkCli.RunAsync("suit", "sign", unsigned, "--key", SuitCliRuns.WritePrivateKey(_folder, p384), "--out", _folder.PathOf("never.suit"));

        Assert.Equal(ExitCodes.MalformedInput, run.ExitCode);
        Assert.Contains("not a P-256 key", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sign_UnknownAlgorithm_ExitsUsage()
    {
        var unsigned = await SuitCliRuns.BuildAsync(_folder);

        var run = await NetworkCli.RunAsync("suit", "sign", unsigned, "--key", SuitCliRuns.WritePrivateKey(_folder, _key), "--alg", "ES384",
            "--out", _folder.PathOf("never.suit"));

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
    }
}
