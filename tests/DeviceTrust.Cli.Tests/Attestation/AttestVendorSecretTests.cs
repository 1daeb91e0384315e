using System.Security.Cryptography;
using DeviceTrust.Attestation.Eat;
using DeviceTrust.Cli.Attestation;
using DeviceTrust.Cli.Tests.Infrastructure;
using DeviceTrust.Cli.Tests.Network;
using DeviceTrust.Cli.Tests.Voucher;
using DeviceTrust.Cose;

namespace DeviceTrust.Cli.Tests.Attestation;

/// <summary>
/// <c>attest --vendor-secret</c>, a VendorVerified device's side: the evidence MACed with its factory secret instead of
/// signed, against the HTTPS <see cref="FakeVerifier"/> (this project starts no DeviceTrust app; the real verifier's
/// handling of MACed evidence is tested in DeviceTrust.Web.Tests), and the building of that evidence on its own.
/// </summary>
public sealed class AttestVendorSecretTests : IAsyncLifetime
{
    private readonly TempFolder _folder = new();
    private readonly TestDomain _domain = new();
    private readonly ECDsa _unusedAttestationKey = TestEvidence.NewKey();
    private readonly CoseSymmetricKey _secret = TestEvidence.NewSecret();
    private FakeVerifier _verifier = null!;
    private string[] _arguments = [];

    public async ValueTask InitializeAsync()
    {
        _verifier = await FakeVerifier.StartAsync(_domain, _unusedAttestationKey, _secret);
        using var credential = _domain.Enroll("DT-VENDOR-0001");
        _arguments =
        [
            "attest", "--server", _verifier.Url.ToString(),
            "--trust", _folder.Write("root.pem", _domain.Root.ExportCertificatePem()),
            "--cert", _folder.Write("ldevid.pem", credential.Ldevid.Certificate.ExportCertificatePem()),
            "--key", _folder.Write("ldevid.key.pem", credential.Ldevid.PrivateKey.ExportPkcs8PrivateKeyPem()),
            "--vendor-secret", SecretFile(_secret),
            "--ueid", Convert.ToHexString(TestEvidence.Ueid),
            "--class-id", TestEvidence.ClassId.ToString(),
            "--firmware", $"app=1.4.2:{Convert.ToHexString(TestEvidence.ImageSha256)}",
        ];
    }

    public async ValueTask DisposeAsync()
    {
        await _verifier.DisposeAsync();
        _unusedAttestationKey.Dispose();
        _folder.Dispose();
    }

    private string SecretFile(CoseSymmetricKey secret, string name = "vendor-secret.b64") =>
        _folder.Write(name, TestEvidence.Base64(secret) + "\n");

    private string[] With(string option, string value)
    {
        var arguments = _arguments.ToArray();
        arguments[Array.IndexOf(arguments, option) + 1] = value;
        return arguments;
    }

    [Fact]
    public async Task Attest_VendorSecret_SendsMacedProfileEvidence_ExitsZero()
    {
        var run = await NetworkCli.RunAsync(_arguments);

        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        Assert.Contains("Submod device: affirming", run.Output, StringComparison.Ordinal);
        var evidence = Assert.IsType<EatMacToken>(Assert.Single(_verifier.Evidence));
        Assert.True(evidence.VerifyTag(_secret));
        Assert.Equal(_secret.KeyId!.Value.ToArray(), evidence.KeyId);
        Assert.Equal(VendorEvidence.Algorithm, evidence.Message.Algorithm.Integer!.Value);
        Assert.True(evidence.Message.IsCwtTagged);
        Assert.True(DeviceTrustEatProfile.Check(evidence.Claims).Conforms, DeviceTrustEatProfile.Check(evidence.Claims).ToString());
        Assert.Equal(TestEvidence.Ueid, evidence.Claims.Ueid);
        var k = _secret.ExportKeyValue();
        Assert.DoesNotContain(Convert.ToHexStringLower(k), run.Output + run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(TestEvidence.Base64(_secret), run.Output + run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Attest_SecretTheVerifierDoesNotHold_IsRefused_ExitsThree()
    {
        var run = await NetworkCli.RunAsync(With("--vendor-secret", SecretFile(TestEvidence.NewSecret(), "other.b64")));

        Assert.Equal(ExitCodes.Refused, run.ExitCode);
        Assert.Contains("evidence refused", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Attest_BothOrNeitherCredential_IsAUsageError_NothingSent()
    {
        var both = await NetworkCli.RunAsync([.. _arguments, "--attestation-key", _folder.Write("attestation.key.pem", _unusedAttestationKey.ExportPkcs8PrivateKeyPem())]);
        var at = Array.IndexOf(_arguments, "--vendor-secret");
        var neither = await NetworkCli.RunAsync([.. _arguments[..at], .. _arguments[(at + 2)..]]);

        Assert.Equal(ExitCodes.Usage, both.ExitCode);
        Assert.Equal(ExitCodes.Usage, neither.ExitCode);
        Assert.Contains("exactly one of --attestation-key (signed evidence) and --vendor-secret (MACed evidence)", neither.Error, StringComparison.Ordinal);
        Assert.Empty(_verifier.Evidence);
    }

    [Fact]
    public async Task Attest_BareHexSecret_ExitsTwo_TheEvidenceMustNameItsSecret()
    {
        var file = _folder.Write("secret.hex", Convert.ToHexStringLower(_secret.ExportKeyValue()));

        var run = await NetworkCli.RunAsync(With("--vendor-secret", file));

        Assert.Equal(ExitCodes.MalformedInput, run.ExitCode);
        Assert.Contains($"--vendor-secret {file}: hex digits, not base64 of a symmetric COSE_Key: a bare secret has no id", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToHexStringLower(_secret.ExportKeyValue()), run.Error, StringComparison.Ordinal);
        Assert.Empty(_verifier.Evidence);
    }

    [Fact]
    public async Task Attest_SecretWithoutKid_ExitsTwo()
    {
        var file = SecretFile(CoseSymmetricKey.FromBytes(_secret.ExportKeyValue()), "no-kid.b64");

        var run = await NetworkCli.RunAsync(With("--vendor-secret", file));

        Assert.Equal(ExitCodes.MalformedInput, run.ExitCode);
        Assert.Contains("the COSE_Key has no kid", run.Error, StringComparison.Ordinal);
        Assert.Empty(_verifier.Evidence);
    }

    [Fact]
    public void Protect_WithSecret_IsVendorEvidenceWhoseTagVerifies_SignedWithKey_IsSignedEvidence()
    {
        using var maced = EvidenceCredential.FromSecret(_secret);
        using var signed = EvidenceCredential.FromKey(TestEvidence.NewKey());

        var macEvidence = maced.Protect(TestEvidence.Claims());
        var signedEvidence = signed.Protect(TestEvidence.Claims());

        Assert.True(VendorEvidence.IsMacEnvelope(macEvidence));
        var token = VendorEvidence.Read(macEvidence);
        Assert.True(token.VerifyTag(_secret));
        Assert.False(token.VerifyTag(TestEvidence.NewSecret(_secret.KeyId!.Value.ToArray())));
        Assert.Equal(_secret.KeyId!.Value.ToArray(), token.KeyId);
        Assert.Equal(TestEvidence.Claims().Encode(), token.Message.Payload!.Value.ToArray());
        Assert.False(VendorEvidence.IsMacEnvelope(signedEvidence));
        Assert.Equal(TestEvidence.Claims().Encode(), EatEvidence.Read(signedEvidence).Message.Payload!.Value.ToArray());
    }
}
