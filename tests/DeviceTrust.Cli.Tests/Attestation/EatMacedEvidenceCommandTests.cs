using System.Text.Json;
using DeviceTrust.Attestation.Eat;
using DeviceTrust.Cose;
using DeviceTrust.Cli.Tests.Network;
using DeviceTrust.Cli.Tests.Voucher;

namespace DeviceTrust.Cli.Tests.Attestation;

/// <summary>
/// <c>eat decode</c> and <c>eat verify --secret</c> on MACed evidence of a VendorVerified device (COSE_Mac0, HMAC 256/256,
/// kid = the secret's id), built with VendorEvidence.Build; the secret given as the development API hands it over.
/// </summary>
public sealed class EatMacedEvidenceCommandTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly CoseSymmetricKey _secret = TestEvidence.NewSecret();

    public void Dispose() => _folder.Dispose();

    private string KidHex => Convert.ToHexStringLower(_secret.KeyId!.Value.Span);

    private string Evidence(EatClaimsSet? claims = null) => _folder.Write("evidence.cbor", TestEvidence.BuildMac(_secret, claims));

    private string SecretFile(CoseSymmetricKey? secret = null) =>
        _folder.Write("vendor-secret.b64", TestEvidence.Base64(secret ?? _secret) + "\n");

    /// <summary>Whatever a run printed holds no form of the secret's value.</summary>
    private void AssertSecretNotPrinted(CliRun run)
    {
        var k = _secret.ExportKeyValue();
        foreach (var form in new[] { TestEvidence.Base64(_secret), Convert.ToHexStringLower(k), Convert.ToHexString(k), Convert.ToBase64String(k) })
        {
            Assert.DoesNotContain(form, run.Output, StringComparison.Ordinal);
            Assert.DoesNotContain(form, run.Error, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Decode_MacedEvidence_PrintsMac0EnvelopeClaimsAndProfile()
    {
        var evidence = TestEvidence.BuildMac(_secret);
        var file = _folder.Write("evidence.b64", Convert.ToBase64String(evidence) + "\n");

        var run = await NetworkCli.RunAsync("eat", "decode", file);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Empty(run.Error);
        var output = run.Output.ReplaceLineEndings("\n");
        Assert.Contains($"EAT ({evidence.Length} bytes, base64 text)", output, StringComparison.Ordinal);
        Assert.Contains("tags:  61 (CWT) / 17 (COSE_Mac0)\n", output, StringComparison.Ordinal);
        Assert.Contains("alg:   HMAC 256/256 (5)\n", output, StringComparison.Ordinal);
        Assert.Contains($"kid:   {KidHex}\n", output, StringComparison.Ordinal);
        Assert.Contains("typ:   application/eat+cwt\n", output, StringComparison.Ordinal);
        Assert.Contains($"  eat_nonce: {Convert.ToHexStringLower(TestEvidence.Nonce)}\n", output, StringComparison.Ordinal);
        Assert.Contains($"  ueid: {Convert.ToHexStringLower(TestEvidence.Ueid)} (RAND)\n", output, StringComparison.Ordinal);
        Assert.Contains($"(class-id {TestEvidence.ClassId})", output, StringComparison.Ordinal);
        Assert.Contains("  submods:\n    firmware:\n      swname: app\n", output, StringComparison.Ordinal);
        Assert.Contains("Profile: follows the DeviceTrust EAT profile", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Verification", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Decode_MacedEvidence_Json_NamesTheStructureAndTags()
    {
        var run = await NetworkCli.RunAsync("eat", "decode", Evidence(), "--json");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        using var document = JsonDocument.Parse(run.Output);
        var root = document.RootElement;
        var envelope = root.GetProperty("envelope");
        Assert.Equal("COSE_Mac0", envelope.GetProperty("structure").GetString());
        Assert.True(envelope.GetProperty("cwtTag").GetBoolean());
        Assert.True(envelope.GetProperty("coseMac0Tag").GetBoolean());
        Assert.False(envelope.TryGetProperty("coseSign1Tag", out _));
        Assert.Equal("HMAC 256/256 (5)", envelope.GetProperty("alg").GetString());
        Assert.Equal(KidHex, envelope.GetProperty("kid").GetString());
        Assert.Equal("application/eat+cwt", envelope.GetProperty("typ").GetString());
        Assert.Equal(Convert.ToHexStringLower(TestEvidence.Nonce), root.GetProperty("claims").GetProperty("eat_nonce").GetString());
        Assert.True(root.GetProperty("profile").GetProperty("conforms").GetBoolean());
        Assert.False(root.TryGetProperty("verification", out _));
    }

    [Fact]
    public async Task Decode_MacedWithHmac256_64AndNoKid_ListsTheEnvelopeProblemAndStillExitsZero()
    {
        // A COSE_Mac0 that decodes but is no vendor evidence: VendorEvidence.Read's envelope rules report it.
        var bare = CoseSymmetricKey.FromBytes(_secret.ExportKeyValue());
        var file = _folder.Write("evidence.cbor", CoseMac0.Create(TestEvidence.Claims().Encode(), bare, CoseAlgorithms.HMAC256_64,
            new CoseMacOptions { CwtTag = true }));

        var run = await NetworkCli.RunAsync("eat", "decode", file);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("tags:  61 (CWT) / 17 (COSE_Mac0)", run.Output, StringComparison.Ordinal);
        Assert.Contains("alg:   HMAC 256/64 (4)", run.Output, StringComparison.Ordinal);
        Assert.Contains("kid:   (none)", run.Output, StringComparison.Ordinal);
        Assert.Contains("Profile: does not follow the DeviceTrust EAT profile (1 problem(s))", run.Output, StringComparison.Ordinal);
        Assert.Contains("vendor evidence is MACed with HMAC 256/256 (5)", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Decode_TruncatedMacedEvidence_ExitsTwoNamingCoseMac0()
    {
        var file = _folder.Write("truncated.cbor", TestEvidence.BuildMac(_secret)[..^10]);

        var run = await NetworkCli.RunAsync("eat", "decode", file);

        Assert.Equal(ExitCodes.MalformedInput, run.ExitCode);
        Assert.Empty(run.Output);
        Assert.Matches(@"^error: .*truncated\.cbor: malformed EAT: COSE_Mac0 \(byte \d+\): malformed CBOR", run.Error);
    }

    [Fact]
    public async Task Verify_RightSecretAndNonce_ExitsZero_AndNeverPrintsTheSecret()
    {
        var run = await NetworkCli.RunAsync("eat", "verify", Evidence(), "--secret", SecretFile(),
            "--nonce", Convert.ToHexStringLower(TestEvidence.Nonce));

        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        Assert.Empty(run.Error);
        Assert.Contains(": VERIFIED", run.Output, StringComparison.Ordinal);
        Assert.Contains("tag:       ok   valid", run.Output, StringComparison.Ordinal);
        Assert.Contains("kid:       ok   names the secret", run.Output, StringComparison.Ordinal);
        Assert.Contains("nonce:     ok   carries", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("signature:", run.Output, StringComparison.Ordinal);
        AssertSecretNotPrinted(run);
    }

    [Fact]
    public async Task Verify_WrongSecretWithTheRightId_ExitsOneSayingTagOnly()
    {
        var wrong = TestEvidence.NewSecret(_secret.KeyId!.Value.ToArray());

        var run = await NetworkCli.RunAsync("eat", "verify", Evidence(), "--secret", SecretFile(wrong));

        Assert.Equal(ExitCodes.NotVerified, run.ExitCode);
        Assert.Contains("tag:       FAIL does not verify with the secret", run.Output, StringComparison.Ordinal);
        Assert.Contains("error: not verified: tag: does not verify with the secret", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("kid:", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_AnotherDevicesSecret_ExitsOneSayingTagAndKid()
    {
        var other = TestEvidence.NewSecret();

        var run = await NetworkCli.RunAsync("eat", "verify", Evidence(), "--secret", SecretFile(other));

        Assert.Equal(ExitCodes.NotVerified, run.ExitCode);
        Assert.Contains("tag: does not verify with the secret", run.Error, StringComparison.Ordinal);
        Assert.Contains($"kid: {KidHex} is not the secret's id, {Convert.ToHexStringLower(other.KeyId!.Value.Span)}", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_WrongNonce_ExitsOneSayingNonceOnly()
    {
        var run = await NetworkCli.RunAsync("eat", "verify", Evidence(), "--secret", SecretFile(), "--nonce", "0102030405060708");

        Assert.Equal(ExitCodes.NotVerified, run.ExitCode);
        Assert.Contains("error: not verified: nonce: expected 0102030405060708, the token carries "
            + Convert.ToHexStringLower(TestEvidence.Nonce), run.Error, StringComparison.Ordinal);
        Assert.Contains("tag:       ok", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_BareHexSecret_ExitsZeroSayingTheKidIsNotChecked()
    {
        var file = _folder.Write("secret.hex", Convert.ToHexStringLower(_secret.ExportKeyValue()) + "\n");

        var run = await NetworkCli.RunAsync("eat", "verify", Evidence(), "--secret", file);

        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        Assert.Contains("tag:       ok   valid", run.Output, StringComparison.Ordinal);
        Assert.Contains("kid:       not checked: the secret has no id", run.Output, StringComparison.Ordinal);
        AssertSecretNotPrinted(run);
    }

    [Fact]
    public async Task Verify_KeyForMacedEvidence_IsAUsageErrorNamingSecret()
    {
        using var key = TestEvidence.NewKey();
        var keyFile = _folder.Write("attestation.pub.pem", key.ExportSubjectPublicKeyInfoPem());

        var run = await NetworkCli.RunAsync("eat", "verify", Evidence(), "--key", keyFile);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Empty(run.Output);
        Assert.Contains("is MACed evidence (COSE_Mac0): verify it with --secret", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_SecretForSignedEvidence_IsAUsageErrorNamingKey()
    {
        using var key = TestEvidence.NewKey();
        var file = _folder.Write("signed.cbor", TestEvidence.Build(key));

        var run = await NetworkCli.RunAsync("eat", "verify", file, "--secret", SecretFile());

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Empty(run.Output);
        Assert.Contains("is signed evidence (COSE_Sign1): verify it with --key", run.Error, StringComparison.Ordinal);
        AssertSecretNotPrinted(run);
    }

    [Fact]
    public async Task Verify_BothOrNeitherKeyAndSecret_IsAUsageError()
    {
        using var key = TestEvidence.NewKey();
        var keyFile = _folder.Write("attestation.pub.pem", key.ExportSubjectPublicKeyInfoPem());

        var neither = await NetworkCli.RunAsync("eat", "verify", Evidence());
        var both = await NetworkCli.RunAsync("eat", "verify", Evidence(), "--key", keyFile, "--secret", SecretFile());

        Assert.Equal(ExitCodes.Usage, neither.ExitCode);
        Assert.Equal(ExitCodes.Usage, both.ExitCode);
        Assert.Contains("exactly one of --key (signed evidence) and --secret (MACed evidence)", both.Error, StringComparison.Ordinal);
    }

    public static TheoryData<string, string, string> MalformedSecrets() => new()
    {
        // name, file content, what the message says
        { "text", "hunter2-is-my-factory-secret!", "not base64 of a symmetric COSE_Key, or 64 hex digits" },
        { "base64 of no COSE_Key", Convert.ToBase64String("correct horse battery staple"u8.ToArray()), "base64, but not a COSE_Key" },
        { "EC2 COSE_Key", Convert.ToBase64String(Convert.FromHexString("A3010220012158200102030405060708091011121314151617181920212223242526272829303132")), "not a symmetric one" },
        { "16-byte secret", Convert.ToBase64String(CoseSymmetricKey.FromBytes(Convert.FromHexString("00112233445566778899AABBCCDDEEFF"), new byte[] { 1 }).Encode()), "the secret is 16 bytes" },
        { "63 hex digits", new string('a', 63), "63 hex digits; a bare secret is 64 (32 bytes)" },
    };

    [Theory]
    [MemberData(nameof(MalformedSecrets))]
    public async Task Verify_MalformedSecretFile_ExitsTwoWithoutItsContent(string name, string content, string message)
    {
        var file = _folder.Write("bad-secret.txt", content);

        var run = await NetworkCli.RunAsync("eat", "verify", Evidence(), "--secret", file);

        Assert.True(run.ExitCode == ExitCodes.MalformedInput, $"{name}: exit {run.ExitCode}, {run.Error}");
        Assert.Empty(run.Output);
        Assert.Contains($"--secret {file}: ", run.Error, StringComparison.Ordinal);
        Assert.Contains(message, run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(content, run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(content[..12], run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_Json_ReportsTagKidAndNonce()
    {
        var run = await NetworkCli.RunAsync("eat", "verify", Evidence(), "--secret", SecretFile(), "--nonce", "0102030405060708", "--json");

        Assert.Equal(ExitCodes.NotVerified, run.ExitCode);
        using var document = JsonDocument.Parse(run.Output);
        var verification = document.RootElement.GetProperty("verification");
        Assert.False(verification.GetProperty("verified").GetBoolean());
        Assert.True(verification.GetProperty("tag").GetBoolean());
        Assert.Equal("valid", verification.GetProperty("tagDetail").GetString());
        Assert.False(verification.TryGetProperty("signature", out _));
        Assert.True(verification.GetProperty("kid").GetBoolean());
        Assert.False(verification.GetProperty("nonce").GetBoolean());
        Assert.Equal(["nonce: expected 0102030405060708, the token carries " + Convert.ToHexStringLower(TestEvidence.Nonce)],
            verification.GetProperty("failures").EnumerateArray().Select(f => f.GetString()));
        AssertSecretNotPrinted(run);
    }
}
