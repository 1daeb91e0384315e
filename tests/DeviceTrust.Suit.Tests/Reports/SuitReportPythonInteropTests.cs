using System.Security.Cryptography;
using System.Text.Json;
using DeviceTrust.Suit.Reports;
using DeviceTrust.Testing;

namespace DeviceTrust.Suit.Tests.Reports;

/// <summary>
/// Signed SUIT reports against Debian's Python cbor2 and cryptography, an implementation we did not write: Python
/// verifies our ES256 signature over Sig_structure ["Signature1", protected, h'', payload] and reads the report's
/// fields; and Python builds and signs a report that our decoder reads and our verifier accepts. Missing Python fails
/// the test (DebianPython).
/// </summary>
public sealed class SuitReportPythonInteropTests
{
    private const string Check = """
        import sys, json, cbor2
        from cryptography.hazmat.primitives import hashes, serialization
        from cryptography.hazmat.primitives.asymmetric import ec
        from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature
        from cryptography.exceptions import InvalidSignature

        signed_hex, key_hex = sys.stdin.read().split()
        sign1 = cbor2.loads(bytes.fromhex(signed_hex))
        protected, unprotected, payload, signature = sign1.value
        half = len(signature) // 2
        der = encode_dss_signature(int.from_bytes(signature[:half], "big"), int.from_bytes(signature[half:], "big"))
        key = serialization.load_der_public_key(bytes.fromhex(key_hex))
        try:
            key.verify(der, cbor2.dumps(["Signature1", protected, b"", payload]), ec.ECDSA(hashes.SHA256()))
            verified = True
        except InvalidSignature:
            verified = False
        report = cbor2.loads(payload)
        reference = report[99]
        result = report[4]
        print(json.dumps({
            "tag": sign1.tag, "alg": cbor2.loads(protected)[1], "verified": verified,
            "canonical": cbor2.dumps(report, canonical=True) == payload,
            "uri": reference[0] if len(reference) == 2 else None,
            "digest_alg": reference[-1][0], "digest": reference[-1][1].hex(),
            "nonce": report[2].hex(),
            "records": len(report[3]),
            "result_true": result is True,
            "code": None if result is True else result[5],
            "reason": None if result is True else result[7],
            "section": None if result is True else result[6][1],
            "offset": None if result is True else result[6][2],
            "component": None if result is True else result[6][3],
        }))
        """;

    private const string Build = """
        import sys, json, cbor2
        from cryptography.hazmat.primitives import hashes, serialization
        from cryptography.hazmat.primitives.asymmetric import ec
        from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature

        digest = bytes(range(32))
        record = [[], 20, 7, 1, {3: cbor2.dumps([-16, bytes(32)]), 14: 4096}]
        claims = {0: [b"\x01", b"app"], 1: bytes(16)}
        report = {99: ["coap://fw.example/m.suit", [-16, digest]], 2: b"nonce-from-server",
                  3: [claims, record], 4: {5: 6, 6: record, 7: 10}}
        payload = cbor2.dumps(report, canonical=True)
        key = ec.generate_private_key(ec.SECP256R1())
        protected = cbor2.dumps({1: -7})
        r, s = decode_dss_signature(key.sign(cbor2.dumps(["Signature1", protected, b"", payload]), ec.ECDSA(hashes.SHA256())))
        signed = cbor2.dumps(cbor2.CBORTag(18, [protected, {}, payload, r.to_bytes(32, "big") + s.to_bytes(32, "big")]))
        public = key.public_key().public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
        print(json.dumps({"signed": signed.hex(), "key": public.hex(), "payload": payload.hex()}))
        """;

    [Fact]
    public async Task Sign_FailureReport_PythonVerifiesTheSignatureAndReadsTheFields()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var (envelope, result, report) = await SuitReportSamples.Failure();

        var output = Run(Check, SuitReportSigner.Sign(report, key), key);

        Assert.Equal(18, output.GetProperty("tag").GetInt32());
        Assert.Equal(-7, output.GetProperty("alg").GetInt32());
        Assert.True(output.GetProperty("verified").GetBoolean());
        Assert.True(output.GetProperty("canonical").GetBoolean());
        Assert.Equal(JsonValueKind.Null, output.GetProperty("uri").ValueKind);
        Assert.Equal(-16, output.GetProperty("digest_alg").GetInt32());
        Assert.Equal(Convert.ToHexStringLower(envelope.Authentication.Digest.Bytes.Span), output.GetProperty("digest").GetString());
        Assert.Equal(Convert.ToHexStringLower(SuitReportSamples.Nonce), output.GetProperty("nonce").GetString());
        Assert.False(output.GetProperty("result_true").GetBoolean());
        Assert.Equal((int)result.Failure!.Code, output.GetProperty("code").GetInt32());
        Assert.Equal((int)SuitReportReason.ConditionFailed, output.GetProperty("reason").GetInt32());
        Assert.Equal(SuitManifestKeys.Install, output.GetProperty("section").GetInt32());
        Assert.Equal(result.Failure.Record.Offset, output.GetProperty("offset").GetUInt64());
        Assert.Equal(0, output.GetProperty("component").GetInt32());
    }

    [Fact]
    public async Task Sign_SuccessReport_PythonVerifiesAndSeesResultTrue()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var (_, report) = await SuitReportSamples.Success();

        var output = Run(Check, SuitReportSigner.Sign(report, key), key);

        Assert.True(output.GetProperty("verified").GetBoolean());
        Assert.True(output.GetProperty("result_true").GetBoolean());
        Assert.Equal("https://git.io/JJYoj", output.GetProperty("uri").GetString());
        Assert.Equal(report.Records.Count, output.GetProperty("records").GetInt32());
    }

    [Fact]
    public void Decode_ReportBuiltAndSignedByPython_ReadsEveryFieldAndVerifies()
    {
        using var json = JsonDocument.Parse(DebianPython.Run(Build));
        var output = json.RootElement;
        using var key = ECDsa.Create();
        key.ImportSubjectPublicKeyInfo(Convert.FromHexString(output.GetProperty("key").GetString()!), out _);
        var payload = Convert.FromHexString(output.GetProperty("payload").GetString()!);

        var signed = SuitSignedReport.Decode(Convert.FromHexString(output.GetProperty("signed").GetString()!));

        Assert.True(signed.Verify(key));
        var report = signed.Report;
        Assert.Equal(payload, report.Encode());
        Assert.Equal("coap://fw.example/m.suit", report.Reference.Uri);
        Assert.Equal(Enumerable.Range(0, 32).Select(i => (byte)i), report.Reference.Digest.Bytes.ToArray());
        Assert.Equal("nonce-from-server"u8.ToArray(), report.Nonce!.Value.ToArray());
        var claims = Assert.IsType<SuitSystemProperties>(report.Records[0]);
        Assert.Equal(["01", "617070"], claims.ComponentId.Select(Convert.ToHexStringLower));
        Assert.Equal(new byte[16], claims.Properties.Bytes(SuitParameterKeys.VendorId));
        var record = Assert.IsType<SuitRecord>(report.Records[1]);
        Assert.Equal((SuitManifestKeys.Install, 7UL, 1UL), (record.Section, record.Offset, record.ComponentIndex));
        Assert.Equal(4096UL, record.Properties.Unsigned(SuitParameterKeys.ImageSize));
        Assert.Equal(new byte[32], record.Properties.Digest(SuitParameterKeys.ImageDigest)!.Bytes.ToArray());
        var failure = Assert.IsType<SuitReportFailure>(report.Failure);
        Assert.Equal((6L, SuitReportReason.ConditionFailed), (failure.Code, failure.Reason));
    }

    private static JsonElement Run(string script, byte[] signed, ECDsa publicKey)
    {
        var output = DebianPython.Run(script, $"{Convert.ToHexString(signed)} {Convert.ToHexString(publicKey.ExportSubjectPublicKeyInfo())}");
        using var json = JsonDocument.Parse(output);
        return json.RootElement.Clone();
    }
}
