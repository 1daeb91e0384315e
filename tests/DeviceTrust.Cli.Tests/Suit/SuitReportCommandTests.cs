using System.Security.Cryptography;
using System.Text.Json;
using DeviceTrust.Cli.Tests.Network;
using DeviceTrust.Cli.Tests.Voucher;
using DeviceTrust.Cose;
using DeviceTrust.Suit;
using DeviceTrust.Suit.Reports;

namespace DeviceTrust.Cli.Tests.Suit;

/// <summary><c>suit report</c>: reports signed here with SuitReportSigner, a bare one, broken ones, and one built and
/// signed by Debian's Python cbor2 and cryptography (an implementation we did not write; missing Python fails).</summary>
public sealed class SuitReportCommandTests : IDisposable
{
    // The approach of SuitReportPythonInteropTests: a canonical report with a claim and a record, a failed result,
    // signed ES256 over Sig_structure ["Signature1", protected, h'', payload].
    private const string PythonBuild = """
        import json, cbor2
        from cryptography.hazmat.primitives import hashes, serialization
        from cryptography.hazmat.primitives.asymmetric import ec
        from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature

        record = [[], 20, 7, 1, {3: cbor2.dumps([-16, bytes(32)]), 14: 4096}]
        report = {99: ["coap://fw.example/m.suit", [-16, bytes(range(32))]], 2: b"nonce-from-server",
                  3: [{0: [b"\x01", b"app"], 1: bytes(16)}, record], 4: {5: 6, 6: record, 7: 10}}
        payload = cbor2.dumps(report, canonical=True)
        key = ec.generate_private_key(ec.SECP256R1())
        protected = cbor2.dumps({1: -7})
        r, s = decode_dss_signature(key.sign(cbor2.dumps(["Signature1", protected, b"", payload]), ec.ECDSA(hashes.SHA256())))
        signed = cbor2.dumps(cbor2.CBORTag(18, [protected, {}, payload, r.to_bytes(32, "big") + s.to_bytes(32, "big")]))
        public = key.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        print(json.dumps({"signed": signed.hex(), "key": public.decode()}))
        """;

    private static readonly byte[] Nonce = [0x4e, 0x6f, 0x6e, 0x63, 0x65, 0x01, 0x02, 0x03];
    private static readonly SuitDigest ManifestDigest = SuitDigest.Sha256Of("the manifest"u8);

    private readonly TempFolder _folder = new();
    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public void Dispose()
    {
        _key.Dispose();
        _folder.Dispose();
    }

    [Fact]
    public async Task Report_SignedSuccess_ExitsZeroShowingReferenceNonceRecordsAndResult()
    {
        var file = _folder.Write("success.cbor", SuitReportSigner.Sign(Success(), _key));

        var run = await NetworkCli.RunAsync("suit", "report", file);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Empty(run.Error);
        string[] expected =
        [
            "binary): signed, COSE_Sign1_Tagged (tag 18)",
            "reference uri: https://fw.example/firmware.suit",
            $"manifest digest: sha-256 h'{Convert.ToHexStringLower(ManifestDigest.Bytes.Span)}'",
            $"nonce: {Convert.ToHexStringLower(Nonce)}",
            "records: 1",
            "[0] record: section install (20), offset 12, component 0, manifest [] (root)",
            "image-size: 4096",
            $"image-digest: sha-256 h'{new string('a', 64)}'",
            "result: success (true)",
            "signature: ES256 (-7)",
            "CBOR diagnostic notation of the SUIT_Report (the COSE_Sign1 payload):",
            "  {2: h'4e6f6e6365010203', 3: [[[], 20, 12, 0, {",
            "CBOR diagnostic notation of the COSE_Sign1:",
            "  18([h'a10126', {}, h'",
        ];
        foreach (var line in expected)
            Assert.Contains(line, run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Verification", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_SignedFailure_ShowsTheReasonByNameAndNumberWithItsRecord()
    {
        var file = _folder.Write("failure.hex", Convert.ToHexStringLower(SuitReportSigner.Sign(Failure(), _key)));

        var run = await NetworkCli.RunAsync("suit", "report", file);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("hex text): signed", run.Output, StringComparison.Ordinal);
        Assert.Contains("nonce: none", run.Output, StringComparison.Ordinal);
        Assert.Contains("result: FAILED, condition-failed (10), code 6", run.Output, StringComparison.Ordinal);
        Assert.Contains("    record: section validate (7), offset 3, component 1, manifest [] (root)", run.Output, StringComparison.Ordinal);
        Assert.Contains("system properties of component [\"firmware\"]", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("reference uri", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_BareReportBase64_ExitsZeroSayingUnsigned()
    {
        var file = _folder.Write("bare.b64", Convert.ToBase64String(Success().Encode()));

        var run = await NetworkCli.RunAsync("suit", "report", file);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("base64 text): UNSIGNED, a bare SUIT_Report", run.Output, StringComparison.Ordinal);
        Assert.Contains("signature: none (unsigned)", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("COSE_Sign1:", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_RightKey_ExitsZeroVerified()
    {
        var file = _folder.Write("failure.cbor", SuitReportSigner.Sign(Failure(), _key));
        var key = _folder.Write("device.pem", _key.ExportSubjectPublicKeyInfoPem());

        var run = await NetworkCli.RunAsync("suit", "report", file, "--key", key);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Empty(run.Error);
        Assert.Contains($"Verification with {key}: VERIFIED", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_AnotherKey_ExitsOne()
    {
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var file = _folder.Write("success.cbor", SuitReportSigner.Sign(Success(), _key));

        var run = await NetworkCli.RunAsync("suit", "report", file, "--key", _folder.Write("other.pem", other.ExportSubjectPublicKeyInfoPem()));

        Assert.Equal(ExitCodes.NotVerified, run.ExitCode);
        Assert.Contains("NOT VERIFIED (signature does not verify)", run.Output, StringComparison.Ordinal);
        Assert.Contains("error: not verified: signature does not verify", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_FlippedSignatureByte_ExitsOne()
    {
        var signed = SuitReportSigner.Sign(Success(), _key);
        // The signature is the message's last item: its 64 bytes end the encoding.
        signed[^10] ^= 0x01;
        var file = _folder.Write("tampered.cbor", signed);

        var run = await NetworkCli.RunAsync("suit", "report", file, "--key", _folder.Write("device.pem", _key.ExportSubjectPublicKeyInfoPem()));

        Assert.Equal(ExitCodes.NotVerified, run.ExitCode);
        Assert.Contains("error: not verified: signature does not verify", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_UnsignedWithKey_ExitsOne()
    {
        var file = _folder.Write("bare.cbor", Success().Encode());

        var run = await NetworkCli.RunAsync("suit", "report", file, "--key", _folder.Write("device.pem", _key.ExportSubjectPublicKeyInfoPem()));

        Assert.Equal(ExitCodes.NotVerified, run.ExitCode);
        Assert.Contains("error: not verified: the report is unsigned", run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("garbage.bin", new byte[] { 0xff, 0x00, 0x13, 0x37, 0x42 })]
    [InlineData("array.cbor", new byte[] { 0x83, 0x01, 0x02, 0x03 })]
    [InlineData("map.cbor", new byte[] { 0xa1, 0x01, 0x02 })]
    public async Task Report_Garbage_ExitsTwoWithTheFormatError(string name, byte[] content)
    {
        var file = _folder.Write(name, content);

        var run = await NetworkCli.RunAsync("suit", "report", file);

        Assert.Equal(ExitCodes.MalformedInput, run.ExitCode);
        Assert.Contains($"error: {file}: malformed SUIT report: SUIT_Report", run.Error, StringComparison.Ordinal);
        Assert.Empty(run.Output);
    }

    [Fact]
    public async Task Report_KeyFileNotAKey_ExitsTwo()
    {
        var file = _folder.Write("success.cbor", SuitReportSigner.Sign(Success(), _key));

        var run = await NetworkCli.RunAsync("suit", "report", file, "--key", _folder.Write("not-a-key.pem", "hello"));

        Assert.Equal(ExitCodes.MalformedInput, run.ExitCode);
        Assert.Contains("--key", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_WithoutFile_ExitsUsage()
    {
        var run = await NetworkCli.RunAsync("suit", "report");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
    }

    [Fact]
    public async Task Report_Json_CarriesReferenceNonceRecordsResultSignatureAndDiagnostic()
    {
        var file = _folder.Write("failure.cbor", SuitReportSigner.Sign(Failure(), _key));

        var run = await NetworkCli.RunAsync("suit", "report", file, "--json", "--key", _folder.Write("device.pem", _key.ExportSubjectPublicKeyInfoPem()));

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        using var json = JsonDocument.Parse(run.Output);
        var root = json.RootElement;
        Assert.True(root.GetProperty("signed").GetBoolean());
        var reference = root.GetProperty("reference");
        Assert.Equal(JsonValueKind.Null, reference.GetProperty("uri").ValueKind);
        Assert.Equal("sha-256", reference.GetProperty("digestAlgorithm").GetString());
        Assert.Equal(Convert.ToHexStringLower(ManifestDigest.Bytes.Span), reference.GetProperty("digest").GetString());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("nonce").ValueKind);
        var records = root.GetProperty("records");
        Assert.Equal(2, records.GetArrayLength());
        Assert.Equal("system-properties", records[0].GetProperty("kind").GetString());
        Assert.Equal("[\"firmware\"]", records[0].GetProperty("componentId").GetString());
        Assert.Equal("record", records[1].GetProperty("kind").GetString());
        Assert.Equal("validate", records[1].GetProperty("sectionName").GetString());
        Assert.Equal("4096", records[1].GetProperty("properties").GetProperty("image-size").GetString());
        var result = root.GetProperty("result");
        Assert.False(result.GetProperty("success").GetBoolean());
        Assert.Equal(10, result.GetProperty("reason").GetInt32());
        Assert.Equal("condition-failed", result.GetProperty("reasonName").GetString());
        Assert.Equal(6, result.GetProperty("code").GetInt64());
        Assert.Equal(3UL, result.GetProperty("record").GetProperty("offset").GetUInt64());
        var signature = root.GetProperty("signature");
        Assert.Equal("ES256 (-7)", signature.GetProperty("alg").GetString());
        Assert.True(signature.GetProperty("verified").GetBoolean());
        Assert.StartsWith("{3: [{0: [h'6669726d77617265']", root.GetProperty("diagnostic").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("18([", root.GetProperty("messageDiagnostic").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_JsonUnsigned_SignatureIsNull()
    {
        var file = _folder.Write("bare.cbor", Success().Encode());

        var run = await NetworkCli.RunAsync("suit", "report", file, "--json");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        using var json = JsonDocument.Parse(run.Output);
        Assert.False(json.RootElement.GetProperty("signed").GetBoolean());
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("signature").ValueKind);
        Assert.True(json.RootElement.GetProperty("result").GetProperty("success").GetBoolean());
        Assert.Equal("https://fw.example/firmware.suit", json.RootElement.GetProperty("reference").GetProperty("uri").GetString());
    }

    [Fact]
    public async Task Report_BuiltAndSignedByPython_DecodesAndVerifiesExitsZero()
    {
        using var built = JsonDocument.Parse(DebianPython.Run(PythonBuild));
        var file = _folder.Write("python.hex", built.RootElement.GetProperty("signed").GetString()!);
        var key = _folder.Write("python.pem", built.RootElement.GetProperty("key").GetString()!);

        var run = await NetworkCli.RunAsync("suit", "report", file, "--key", key);

        Assert.True(run.ExitCode == ExitCodes.Success, $"exit {run.ExitCode}: {run.Error}");
        Assert.Contains("reference uri: coap://fw.example/m.suit", run.Output, StringComparison.Ordinal);
        Assert.Contains($"manifest digest: sha-256 h'{Convert.ToHexStringLower([.. Enumerable.Range(0, 32).Select(i => (byte)i)])}'",
            run.Output, StringComparison.Ordinal);
        Assert.Contains($"nonce: {Convert.ToHexStringLower("nonce-from-server"u8)}", run.Output, StringComparison.Ordinal);
        Assert.Contains("[0] system properties of component [h'01', \"app\"]", run.Output, StringComparison.Ordinal);
        Assert.Contains("[1] record: section install (20), offset 7, component 1", run.Output, StringComparison.Ordinal);
        Assert.Contains("result: FAILED, condition-failed (10), code 6", run.Output, StringComparison.Ordinal);
        Assert.Contains(": VERIFIED", run.Output, StringComparison.Ordinal);
    }

    private static SuitReport Success() => new(new SuitReference("https://fw.example/firmware.suit", ManifestDigest),
        [new SuitRecord([], SuitManifestKeys.Install, 12, 0, SuitRecordProperties.Empty
            .WithUnsigned(SuitParameterKeys.ImageSize, 4096)
            .WithDigest(SuitParameterKeys.ImageDigest, new SuitDigest(CoseAlgorithms.Sha256, Enumerable.Repeat((byte)0xaa, 32).ToArray())))],
        null) { Nonce = Nonce };

    private static SuitReport Failure()
    {
        var record = new SuitRecord([], SuitManifestKeys.Validate, 3, 1, SuitRecordProperties.Empty.WithUnsigned(SuitParameterKeys.ImageSize, 4096));
        var claims = new SuitSystemProperties([[.. "firmware"u8]], SuitRecordProperties.Empty.WithBytes(SuitParameterKeys.VendorId, new byte[16]));
        return new SuitReport(new SuitReference(null, ManifestDigest), [claims, record],
            new SuitReportFailure(6, record, SuitReportReason.ConditionFailed));
    }
}
