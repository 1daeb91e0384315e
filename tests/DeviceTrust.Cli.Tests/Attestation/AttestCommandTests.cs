using System.Security.Cryptography;
using DeviceTrust.Attestation.Ear;
using DeviceTrust.Attestation.Eat;
using DeviceTrust.Cli.Tests.Infrastructure;
using DeviceTrust.Cli.Tests.Network;
using DeviceTrust.Cli.Tests.Voucher;

namespace DeviceTrust.Cli.Tests.Attestation;

/// <summary><c>attest</c> against a real HTTPS verifier that checks the LDevID, the evidence and the nonce.</summary>
public sealed class AttestCommandTests : IAsyncLifetime
{
    private readonly TempFolder _folder = new();
    private readonly TestDomain _domain = new();
    private readonly ECDsa _attestationKey = TestEvidence.NewKey();
    private FakeVerifier _verifier = null!;
    private string[] _arguments = [];

    public async ValueTask InitializeAsync()
    {
        _verifier = await FakeVerifier.StartAsync(_domain, _attestationKey);
        using var credential = _domain.Enroll("DT-ATTEST-0001");
        _arguments =
        [
            "attest", "--server", _verifier.Url.ToString(),
            "--trust", _folder.Write("root.pem", _domain.Root.ExportCertificatePem()),
            "--cert", _folder.Write("ldevid.pem", credential.Ldevid.Certificate.ExportCertificatePem()),
            "--key", _folder.Write("ldevid.key.pem", credential.Ldevid.PrivateKey.ExportPkcs8PrivateKeyPem()),
            "--attestation-key", _folder.Write("attestation.key.pem", _attestationKey.ExportPkcs8PrivateKeyPem()),
            "--ueid", Convert.ToHexString(TestEvidence.Ueid),
            "--class-id", TestEvidence.ClassId.ToString(),
            "--firmware", $"app=1.4.2:{Convert.ToHexString(TestEvidence.ImageSha256)}",
            "--firmware", $"boot=2.0:{new string('a', 64)}",
        ];
    }

    public async ValueTask DisposeAsync()
    {
        await _verifier.DisposeAsync();
        _attestationKey.Dispose();
        _folder.Dispose();
    }

    [Fact]
    public async Task Attest_Affirming_ExitsZeroAndSentProfileEvidence()
    {
        var run = await NetworkCli.RunAsync(_arguments);

        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        Assert.Contains("EAR verified with the verifier's discovered key", run.Output, StringComparison.Ordinal);
        Assert.Contains("Submod device: affirming", run.Output, StringComparison.Ordinal);
        var evidence = Assert.Single(_verifier.Evidence);
        Assert.True(DeviceTrustEatProfile.Check(evidence.Claims).Conforms, DeviceTrustEatProfile.Check(evidence.Claims).ToString());
        Assert.Equal(TestEvidence.Ueid, evidence.Claims.Ueid);
        Assert.Equal(EatDebugStatus.DisabledPermanently, evidence.Claims.DebugStatus);
        Assert.Equal(["app", "boot"], evidence.Claims.Submodules!.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Attest_Warning_ExitsOneNamingTheSubmod()
    {
        _verifier.Status = TrustTier.Warning;

        var run = await NetworkCli.RunAsync(_arguments);

        Assert.Equal(ExitCodes.NotVerified, run.ExitCode);
        Assert.Contains("not affirming: device: warning", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Attest_EarSignedByAnotherKey_ExitsOne()
    {
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        _verifier.EarSigningKeyOverride = other;

        var run = await NetworkCli.RunAsync(_arguments);

        Assert.Equal(ExitCodes.NotVerified, run.ExitCode);
        Assert.Contains("the EAR does not verify with the verifier's key", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Attest_EvidenceRefused_ExitsThreeWithTheProblem()
    {
        using var wrongKey = TestEvidence.NewKey();
        var arguments = _arguments.ToArray();
        arguments[Array.IndexOf(arguments, "--attestation-key") + 1] = _folder.Write("wrong.key.pem", wrongKey.ExportPkcs8PrivateKeyPem());

        var run = await NetworkCli.RunAsync(arguments);

        Assert.Equal(ExitCodes.Refused, run.ExitCode);
        Assert.Contains("evidence refused: HTTP 400 evidence refused", run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--firmware", "app=1.0:abcd", "64 hex digits")]
    [InlineData("--ueid", "0102", "34 hex digits")]
    [InlineData("--dbgstat", "9", "--dbgstat is 0..4")]
    public async Task Attest_BadEvidenceOption_IsAUsageError(string option, string value, string message)
    {
        var arguments = _arguments.ToList();
        var at = arguments.IndexOf(option);
        if (at >= 0)
            arguments[at + 1] = value;
        else
            arguments.AddRange([option, value]);

        var run = await NetworkCli.RunAsync([.. arguments]);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains(message, run.Error, StringComparison.Ordinal);
        Assert.Empty(_verifier.Evidence);
    }
}
