using System.Security.Cryptography;
using System.Text.Json;
using DeviceTrust.Attestation.Eat;
using DeviceTrust.Cose;
using DeviceTrust.Cli.Tests.Network;
using DeviceTrust.Cli.Tests.Voucher;
using Microsoft.IdentityModel.Tokens;

namespace DeviceTrust.Cli.Tests.Attestation;

/// <summary><c>eat verify</c>: signature, kid and nonce, each broken alone, and the --json report.</summary>
public sealed class EatVerifyCommandTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly ECDsa _key = TestEvidence.NewKey();

    public void Dispose()
    {
        _key.Dispose();
        _folder.Dispose();
    }

    private string PublicKeyPem(ECDsa key, string name = "attestation.pub.pem") =>
        _folder.Write(name, key.ExportSubjectPublicKeyInfoPem());

    [Fact]
    public async Task Verify_GoodEvidenceAndNonce_ExitsZero()
    {
        var file = _folder.Write("evidence.hex", Convert.ToHexString(TestEvidence.Build(_key)));

        var run = await NetworkCli.RunAsync("eat", "verify", file, "--key", PublicKeyPem(_key),
            "--nonce", Convert.ToHexStringLower(TestEvidence.Nonce));

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Empty(run.Error);
        Assert.Contains(": VERIFIED", run.Output, StringComparison.Ordinal);
        Assert.Contains("signature: ok   valid", run.Output, StringComparison.Ordinal);
        Assert.Contains("kid:       ok   names the key", run.Output, StringComparison.Ordinal);
        Assert.Contains("nonce:     ok   carries", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_NonceAsBase64Url_ExitsZero()
    {
        var file = _folder.Write("evidence.cbor", TestEvidence.Build(_key));

        var run = await NetworkCli.RunAsync("eat", "verify", file, "--key", PublicKeyPem(_key),
            "--nonce", Base64UrlEncoder.Encode(TestEvidence.Nonce));

        Assert.Equal(ExitCodes.Success, run.ExitCode);
    }

    [Fact]
    public async Task Verify_KeyGivenAsCertificate_ExitsZero()
    {
        var request = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=attester", _key, HashAlgorithmName.SHA256);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        var file = _folder.Write("evidence.cbor", TestEvidence.Build(_key));

        var run = await NetworkCli.RunAsync("eat", "verify", file, "--key", _folder.Write("attester.pem", certificate.ExportCertificatePem()));

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("nonce:     not checked", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_FlippedSignatureByte_ExitsOneSayingSignature()
    {
        var evidence = TestEvidence.Build(_key);
        evidence[^1] ^= 0x01;   // the last byte is the signature's
        var file = _folder.Write("evidence.cbor", evidence);

        var run = await NetworkCli.RunAsync("eat", "verify", file, "--key", PublicKeyPem(_key));

        Assert.Equal(ExitCodes.NotVerified, run.ExitCode);
        Assert.Contains("signature: FAIL does not verify with the key", run.Output, StringComparison.Ordinal);
        Assert.Contains("error: not verified: signature:", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("kid:", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_WrongKey_ExitsOneSayingSignatureAndKid()
    {
        using var other = TestEvidence.NewKey();
        var file = _folder.Write("evidence.cbor", TestEvidence.Build(_key));

        var run = await NetworkCli.RunAsync("eat", "verify", file, "--key", PublicKeyPem(other));

        Assert.Equal(ExitCodes.NotVerified, run.ExitCode);
        Assert.Contains("signature: does not verify with the key", run.Error, StringComparison.Ordinal);
        Assert.Contains($"kid: {Convert.ToHexStringLower(EatEvidence.KeyIdOf(_key))} does not name the key", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_GoodSignatureButKidOfAnotherKey_ExitsOneSayingKidOnly()
    {
        using var other = TestEvidence.NewKey();
        var evidence = CoseSign1Signer.SignEs256(TestEvidence.Claims().Encode(), _key,
            new CoseSignOptions { KeyId = EatEvidence.KeyIdOf(other), CwtTag = true });
        var file = _folder.Write("evidence.cbor", evidence);

        var run = await NetworkCli.RunAsync("eat", "verify", file, "--key", PublicKeyPem(_key));

        Assert.Equal(ExitCodes.NotVerified, run.ExitCode);
        Assert.Contains("signature: ok", run.Output, StringComparison.Ordinal);
        Assert.Contains($"error: not verified: kid: {Convert.ToHexStringLower(EatEvidence.KeyIdOf(other))} does not name the key", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("signature:", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_WrongNonce_ExitsOneSayingNonceOnly()
    {
        var file = _folder.Write("evidence.cbor", TestEvidence.Build(_key));

        var run = await NetworkCli.RunAsync("eat", "verify", file, "--key", PublicKeyPem(_key), "--nonce", "0102030405060708");

        Assert.Equal(ExitCodes.NotVerified, run.ExitCode);
        Assert.Contains("error: not verified: nonce: expected 0102030405060708, the token carries "
            + Convert.ToHexStringLower(TestEvidence.Nonce), run.Error, StringComparison.Ordinal);
        Assert.Contains("signature: ok", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_TruncatedEvidence_ExitsTwoNotOne()
    {
        var file = _folder.Write("evidence.b64", Convert.ToBase64String(TestEvidence.Build(_key)[..40]));

        var run = await NetworkCli.RunAsync("eat", "verify", file, "--key", PublicKeyPem(_key));

        Assert.Equal(ExitCodes.MalformedInput, run.ExitCode);
        // 40 bytes end inside the 32-byte kid of the unprotected header.
        Assert.Contains("malformed EAT: COSE_Sign1[1] unprotected header: malformed CBOR", run.Error, StringComparison.Ordinal);
        Assert.Empty(run.Output);
    }

    [Fact]
    public async Task Verify_KeyFileNotAKey_ExitsTwo()
    {
        var file = _folder.Write("evidence.cbor", TestEvidence.Build(_key));

        var run = await NetworkCli.RunAsync("eat", "verify", file, "--key", _folder.Write("junk.pem", "hello"));

        Assert.Equal(ExitCodes.MalformedInput, run.ExitCode);
        Assert.Contains("--key", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_NonceNeitherHexNorBase64Url_IsAUsageError()
    {
        var file = _folder.Write("evidence.cbor", TestEvidence.Build(_key));

        var run = await NetworkCli.RunAsync("eat", "verify", file, "--key", PublicKeyPem(_key), "--nonce", "not*a*nonce");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
    }

    [Fact]
    public async Task Verify_Json_ParsesWithEnvelopeClaimsProfileAndVerification()
    {
        var file = _folder.Write("evidence.cbor", TestEvidence.Build(_key));

        var run = await NetworkCli.RunAsync("eat", "verify", file, "--key", PublicKeyPem(_key), "--nonce", "0102030405060708", "--json");

        Assert.Equal(ExitCodes.NotVerified, run.ExitCode);
        using var document = JsonDocument.Parse(run.Output);
        var root = document.RootElement;
        Assert.Equal("binary", root.GetProperty("encoding").GetString());
        Assert.True(root.GetProperty("envelope").GetProperty("cwtTag").GetBoolean());
        Assert.Equal("ES256 (-7)", root.GetProperty("envelope").GetProperty("alg").GetString());
        Assert.Equal(Convert.ToHexStringLower(EatEvidence.KeyIdOf(_key)), root.GetProperty("envelope").GetProperty("kid").GetString());
        var claims = root.GetProperty("claims");
        Assert.Equal(Convert.ToHexStringLower(TestEvidence.Nonce), claims.GetProperty("eat_nonce").GetString());
        Assert.Equal("app", claims.GetProperty("submods").GetProperty("firmware").GetProperty("swname").GetString());
        Assert.True(root.GetProperty("profile").GetProperty("conforms").GetBoolean());
        var verification = root.GetProperty("verification");
        Assert.False(verification.GetProperty("verified").GetBoolean());
        Assert.True(verification.GetProperty("signature").GetBoolean());
        Assert.True(verification.GetProperty("kid").GetBoolean());
        Assert.False(verification.GetProperty("nonce").GetBoolean());
    }

    [Fact]
    public async Task Decode_Json_ParsesWithoutVerification()
    {
        var file = _folder.Write("evidence.cbor", TestEvidence.Build(_key));

        var run = await NetworkCli.RunAsync("eat", "decode", file, "--json");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        using var document = JsonDocument.Parse(run.Output);
        Assert.False(document.RootElement.TryGetProperty("verification", out _));
        Assert.StartsWith("disabled-since-boot", document.RootElement.GetProperty("claims").GetProperty("dbgstat").GetString(), StringComparison.Ordinal);
    }
}
