using DeviceTrust.Attestation.Eat;
using DeviceTrust.Cli.Tests.Network;
using DeviceTrust.Cli.Tests.Voucher;

namespace DeviceTrust.Cli.Tests.Attestation;

/// <summary><c>eat decode</c> on evidence built by EatEvidence.Build, in each encoding a file may hold it.</summary>
public sealed class EatDecodeCommandTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    public static TheoryData<string> Encodings() => new("binary", "hex text", "base64 text");

    [Theory]
    [MemberData(nameof(Encodings))]
    public async Task Decode_Evidence_PrintsEnvelopeClaimsAndProfile(string encoding)
    {
        using var key = TestEvidence.NewKey();
        var evidence = TestEvidence.Build(key, options: new EatEvidenceOptions { IncludeType = true });
        var file = encoding switch
        {
            "binary" => _folder.Write("evidence.cbor", evidence),
            "hex text" => _folder.Write("evidence.hex", Convert.ToHexString(evidence) + "\n"),
            _ => _folder.Write("evidence.b64", Convert.ToBase64String(evidence) + "\n"),
        };

        var run = await NetworkCli.RunAsync("eat", "decode", file);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Empty(run.Error);
        var output = run.Output.ReplaceLineEndings("\n");
        Assert.Contains($"EAT ({evidence.Length} bytes, {encoding})", output, StringComparison.Ordinal);
        Assert.Contains("tags:  61 (CWT) / 18 (COSE_Sign1)", output, StringComparison.Ordinal);
        Assert.Contains("alg:   ES256 (-7)", output, StringComparison.Ordinal);
        Assert.Contains($"kid:   {Convert.ToHexStringLower(EatEvidence.KeyIdOf(key))}", output, StringComparison.Ordinal);
        Assert.Contains("typ:   application/eat+cwt", output, StringComparison.Ordinal);
        Assert.Contains($"  eat_nonce: {Convert.ToHexStringLower(TestEvidence.Nonce)}\n", output, StringComparison.Ordinal);
        Assert.Contains($"  ueid: {Convert.ToHexStringLower(TestEvidence.Ueid)} (RAND)\n", output, StringComparison.Ordinal);
        Assert.Contains($"(class-id {TestEvidence.ClassId})", output, StringComparison.Ordinal);
        Assert.Contains("  dbgstat: disabled-since-boot (2): disabled since boot", output, StringComparison.Ordinal);
        Assert.Contains("  iat: 2026-12-06T12:00:00Z (", output, StringComparison.Ordinal);
        Assert.Contains("  submods:\n    firmware:\n      swname: app\n      swversion: 1.4.2 (multipartnumeric)\n"
            + $"      digest: sha-256:{Convert.ToHexStringLower(TestEvidence.ImageSha256)}\n", output, StringComparison.Ordinal);
        Assert.Contains("Profile: follows the DeviceTrust EAT profile", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Verification", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Decode_ClaimsOutsideTheProfile_ListsEachProblemAndStillExitsZero()
    {
        using var key = TestEvidence.NewKey();
        var claims = TestEvidence.Claims() with { Profile = null, DebugStatus = null, Ueid = [0x02, 1, 2, 3, 4, 5, 6] };
        var file = _folder.Write("evidence.cbor", TestEvidence.Build(key, claims, new EatEvidenceOptions { CwtTag = false }));

        var run = await NetworkCli.RunAsync("eat", "decode", file);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("tags:  18 (COSE_Sign1)", run.Output, StringComparison.Ordinal);
        Assert.Contains("Profile: does not follow the DeviceTrust EAT profile (3 problem(s))", run.Output, StringComparison.Ordinal);
        Assert.Contains("- eat_profile (265) is missing", run.Output, StringComparison.Ordinal);
        Assert.Contains("- dbgstat (263) is missing", run.Output, StringComparison.Ordinal);
        Assert.Contains("- ueid (256) must be type 0x01 (RAND)", run.Output, StringComparison.Ordinal);
        Assert.Contains("ueid: 02010203040506 (EUI)", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Decode_TruncatedEvidence_ExitsTwoWithTheLocation()
    {
        using var key = TestEvidence.NewKey();
        var evidence = TestEvidence.Build(key);
        var file = _folder.Write("truncated.cbor", evidence[..^20]);

        var run = await NetworkCli.RunAsync("eat", "decode", file);

        Assert.Equal(ExitCodes.MalformedInput, run.ExitCode);
        Assert.Empty(run.Output);
        // The location: the structure and the byte offset where the input ran out.
        Assert.Matches(@"^error: .*truncated\.cbor: malformed EAT: COSE_Sign1 \(byte \d+\): malformed CBOR", run.Error);
    }

    [Fact]
    public async Task Decode_TextThatIsNeitherHexNorBase64_ExitsTwo()
    {
        var run = await NetworkCli.RunAsync("eat", "decode", _folder.Write("notes.txt", "this is not a token!\n"));

        Assert.Equal(ExitCodes.MalformedInput, run.ExitCode);
        Assert.Contains("but neither hex nor base64", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Decode_MissingFile_ExitsTwoNamingIt()
    {
        var run = await NetworkCli.RunAsync("eat", "decode", _folder.PathOf("absent.cbor"));

        Assert.Equal(ExitCodes.MalformedInput, run.ExitCode);
        Assert.Contains("absent.cbor", run.Error, StringComparison.Ordinal);
    }
}
