using System.Security.Cryptography;
using System.Text.Json;
using DeviceTrust.Cli.Tests.Voucher;

namespace DeviceTrust.Cli.Tests.Suit;

/// <summary>
/// What <c>suit build</c> and <c>suit sign</c> write, checked by Debian's Python cbor2 and cryptography (an
/// implementation we did not write): the digest over the bstr-wrapped manifest (head included) and the signature over
/// Sig_structure ["Signature1", protected, h'', encoded SUIT_Digest]. Missing Python fails the test (DebianPython).
/// </summary>
public sealed class SuitSignPythonInteropTests : IDisposable
{
    private const string Check = """
        import sys, json, hashlib, cbor2
        from cryptography.hazmat.primitives import hashes, serialization
        from cryptography.hazmat.primitives.asymmetric import ec
        from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature
        from cryptography.exceptions import InvalidSignature

        envelope_hex, key_hex = sys.stdin.read().split()
        envelope = cbor2.loads(bytes.fromhex(envelope_hex))
        assert envelope.tag == 107
        envelope = envelope.value
        auth = cbor2.loads(envelope[2])
        digest = cbor2.loads(auth[0])
        sign1 = cbor2.loads(auth[1])
        protected, unprotected, payload, signature = sign1.value
        to_be_signed = cbor2.dumps(["Signature1", protected, b"", auth[0]])
        half = len(signature) // 2
        der = encode_dss_signature(int.from_bytes(signature[:half], "big"), int.from_bytes(signature[half:], "big"))
        key = serialization.load_der_public_key(bytes.fromhex(key_hex))
        try:
            key.verify(der, to_be_signed, ec.ECDSA(hashes.SHA256()))
            verified = True
        except InvalidSignature:
            verified = False
        manifest = cbor2.loads(envelope[3])
        common = cbor2.loads(manifest[3])
        shared = cbor2.loads(common[4])
        print(json.dumps({
            "cose_tag": sign1.tag, "alg": cbor2.loads(protected)[1], "payload_nil": payload is None, "digest_alg": digest[0],
            "manifest_digest_matches": hashlib.sha256(cbor2.dumps(envelope[3])).digest() == digest[1],
            "signature_verifies": verified, "image_digest": cbor2.loads(shared[1][3])[1].hex(), "image_size": shared[1][14],
        }))
        """;

    private readonly TempFolder _folder = new();
    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public void Dispose()
    {
        _key.Dispose();
        _folder.Dispose();
    }

    [Theory]
    [InlineData("ES256", -7)]
    [InlineData("ESP256", -9)]
    public async Task Sign_BuiltEnvelope_PythonRecomputesTheDigestAndVerifiesTheSignature(string algorithm, int expected)
    {
        var signed = await SuitCliRuns.BuildSignedAsync(_folder, _key, algorithm);

        var result = Run(File.ReadAllBytes(signed), _key);

        Assert.Equal(18, result.GetProperty("cose_tag").GetInt32());
        Assert.Equal(expected, result.GetProperty("alg").GetInt32());
        Assert.True(result.GetProperty("payload_nil").GetBoolean());
        Assert.Equal(-16, result.GetProperty("digest_alg").GetInt32());
        Assert.True(result.GetProperty("manifest_digest_matches").GetBoolean());
        Assert.True(result.GetProperty("signature_verifies").GetBoolean());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(SuitCliRuns.Image)), result.GetProperty("image_digest").GetString());
        Assert.Equal(SuitCliRuns.Image.Length, result.GetProperty("image_size").GetInt32());
    }

    [Fact]
    public async Task Sign_BuiltEnvelope_PythonRefusesItWithAnotherKey()
    {
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var signed = await SuitCliRuns.BuildSignedAsync(_folder, _key);

        var result = Run(File.ReadAllBytes(signed), other);

        Assert.True(result.GetProperty("manifest_digest_matches").GetBoolean());
        Assert.False(result.GetProperty("signature_verifies").GetBoolean());
    }

    private static JsonElement Run(byte[] envelope, ECDsa publicKey)
    {
        var output = DebianPython.Run(Check, $"{Convert.ToHexString(envelope)} {Convert.ToHexString(publicKey.ExportSubjectPublicKeyInfo())}");
        using var json = JsonDocument.Parse(output);
        return json.RootElement.Clone();
    }
}
