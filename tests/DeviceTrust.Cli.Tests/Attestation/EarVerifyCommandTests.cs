using System.Security.Cryptography;
using System.Text.Json;
using DeviceTrust.Attestation.Ear;
using DeviceTrust.Cli.Tests.Network;
using DeviceTrust.Cli.Tests.Voucher;
using Microsoft.IdentityModel.Tokens;

namespace DeviceTrust.Cli.Tests.Attestation;

/// <summary><c>ear verify</c> on EARs signed with EarJwt.Sign, with the verifier key as JWK and as PEM.</summary>
public sealed class EarVerifyCommandTests : IDisposable
{
    private static readonly byte[] Nonce = Convert.FromHexString("A0A1A2A3A4A5A6A7");
    private readonly TempFolder _folder = new();
    private readonly ECDsa _verifierKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public void Dispose()
    {
        _verifierKey.Dispose();
        _folder.Dispose();
    }

    private static AttestationResult Result()
    {
        var vector = TrustworthinessVector.Empty
            .With(TrustworthinessClaim.InstanceIdentity, InstanceIdentityValues.Recognized)
            .With(TrustworthinessClaim.Executables, ExecutablesValues.Unrecognized)
            .With(TrustworthinessClaim.Hardware, HardwareValues.Genuine);
        return new AttestationResult(new DateTimeOffset(2026, 12, 6, 12, 0, 0, TimeSpan.Zero), new VerifierId("DeviceTrust", "1.0.0-test"),
            new Dictionary<string, EarAppraisal> { ["DT-0001"] = EarAppraisal.FromVector(vector, "policy:devicetrust/v1") },
            nonce: Nonce);
    }

    private string Ear() => _folder.Write("result.jwt", EarJwt.Sign(Result(), _verifierKey) + "\n");

    private string Jwk() => _folder.Write("ear-key.jwk.json", EarVerificationKey.FromECDsa(_verifierKey).ToJwkJson());

    private string Pem() => _folder.Write("ear-key.pem", _verifierKey.ExportSubjectPublicKeyInfoPem());

    [Fact]
    public async Task Verify_KeyAsJwk_ExitsZeroAndPrintsTheVectorTable()
    {
        var run = await NetworkCli.RunAsync("ear", "verify", Ear(), "--key", Jwk());

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Empty(run.Error);
        var output = run.Output.ReplaceLineEndings("\n");
        Assert.Contains("EAR verified with", output, StringComparison.Ordinal);
        Assert.Contains("iat:         2026-12-06T12:00:00Z", output, StringComparison.Ordinal);
        Assert.Contains("verifier-id: DeviceTrust build 1.0.0-test", output, StringComparison.Ordinal);
        Assert.Contains("nonce:       a0a1a2a3a4a5a6a7", output, StringComparison.Ordinal);
        Assert.Contains("Submod DT-0001: warning\n", output, StringComparison.Ordinal);
        Assert.Contains("policy: policy:devicetrust/v1", output, StringComparison.Ordinal);
        Assert.Matches(@"instance-identity\s+2\s+affirming\s+recognized and not compromised", output);
        Assert.Matches(@"executables\s+33\s+warning\s+" + TrustworthinessValues.Describe(TrustworthinessClaim.Executables, 33), output);
        Assert.Matches(@"hardware\s+2\s+affirming\s+", output);
    }

    [Fact]
    public async Task Verify_KeyAsPem_ExitsZero()
    {
        var run = await NetworkCli.RunAsync("ear", "verify", Ear(), "--key", Pem());

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("Submod DT-0001: warning", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_TamperedSignature_ExitsOne()
    {
        var parts = EarJwt.Sign(Result(), _verifierKey).Split('.');
        var signature = parts[2].ToCharArray();
        signature[10] = signature[10] == 'A' ? 'B' : 'A';
        var file = _folder.Write("tampered.jwt", $"{parts[0]}.{parts[1]}.{new string(signature)}");

        var run = await NetworkCli.RunAsync("ear", "verify", file, "--key", Jwk());

        Assert.Equal(ExitCodes.NotVerified, run.ExitCode);
        Assert.Contains("EAR NOT VERIFIED", run.Output, StringComparison.Ordinal);
        Assert.Contains("error: not verified: bad signature", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("DT-0001", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_OtherVerifiersKey_ExitsOne()
    {
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var key = _folder.Write("other.pem", other.ExportSubjectPublicKeyInfoPem());

        var run = await NetworkCli.RunAsync("ear", "verify", Ear(), "--key", key);

        Assert.Equal(ExitCodes.NotVerified, run.ExitCode);
    }

    [Fact]
    public async Task Verify_AlgNone_ExitsOneSayingTheAlgorithm()
    {
        var payload = EarJwt.Sign(Result(), _verifierKey).Split('.')[1];
        var header = Base64UrlEncoder.Encode("""{"alg":"none","typ":"JWT"}""");
        var file = _folder.Write("none.jwt", $"{header}.{payload}.");

        var run = await NetworkCli.RunAsync("ear", "verify", file, "--key", Jwk());

        Assert.Equal(ExitCodes.NotVerified, run.ExitCode);
        Assert.Contains("algorithm not allowed", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_Garbage_ExitsTwo()
    {
        var run = await NetworkCli.RunAsync("ear", "verify", _folder.Write("garbage.jwt", "this is no EAR"), "--key", Jwk());

        Assert.Equal(ExitCodes.MalformedInput, run.ExitCode);
        Assert.Empty(run.Output);
        Assert.Contains("malformed EAR: EAR JWT: not a JWS compact serialization", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_JwkWithPrivateKey_ExitsTwo()
    {
        var jwk = JsonWebKeyConverter.ConvertFromECDsaSecurityKey(new ECDsaSecurityKey(_verifierKey));
        var json = JsonSerializer.Serialize(new { kty = jwk.Kty, crv = jwk.Crv, x = jwk.X, y = jwk.Y, d = jwk.D });

        var run = await NetworkCli.RunAsync("ear", "verify", Ear(), "--key", _folder.Write("private.jwk", json));

        Assert.Equal(ExitCodes.MalformedInput, run.ExitCode);
        Assert.Contains("private key", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_Json_ParsesWithTheExpectedFields()
    {
        var run = await NetworkCli.RunAsync("ear", "verify", Ear(), "--key", Jwk(), "--json");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        using var document = JsonDocument.Parse(run.Output);
        var root = document.RootElement;
        Assert.True(root.GetProperty("verified").GetBoolean());
        Assert.Equal(EarVerificationKey.FromECDsa(_verifierKey).KeyId, root.GetProperty("kid").GetString());
        Assert.Equal("2026-12-06T12:00:00Z", root.GetProperty("iat").GetString());
        Assert.Equal("DeviceTrust", root.GetProperty("verifierId").GetProperty("developer").GetString());
        Assert.Equal("a0a1a2a3a4a5a6a7", root.GetProperty("nonce").GetString());
        var submod = root.GetProperty("submods").GetProperty("DT-0001");
        Assert.Equal("warning", submod.GetProperty("status").GetString());
        var rows = submod.GetProperty("vector").EnumerateArray().ToList();
        Assert.Equal(["instance-identity", "executables", "hardware"], rows.Select(r => r.GetProperty("claim").GetString()));
        Assert.Equal(33, rows[1].GetProperty("value").GetInt32());
        Assert.Equal("warning", rows[1].GetProperty("tier").GetString());
        Assert.Equal("recognized and not compromised", rows[0].GetProperty("meaning").GetString());
    }

    [Fact]
    public async Task Verify_TamperedJson_ReportsNotVerifiedAsJson()
    {
        var parts = EarJwt.Sign(Result(), _verifierKey).Split('.');
        var file = _folder.Write("swapped.jwt", $"{parts[0]}.{Base64UrlEncoder.Encode("{}")}.{parts[2]}");

        var run = await NetworkCli.RunAsync("ear", "verify", file, "--key", Jwk(), "--json");

        Assert.Equal(ExitCodes.NotVerified, run.ExitCode);
        using var document = JsonDocument.Parse(run.Output);
        Assert.False(document.RootElement.GetProperty("verified").GetBoolean());
        Assert.Equal("signature", document.RootElement.GetProperty("failure").GetString());
    }
}
