using System.Security.Cryptography;
using System.Text.Json;
using DeviceTrust.Testing;

namespace DeviceTrust.Suit.Tests;

/// <summary>
/// Our signed envelopes against Debian's Python cbor2 and cryptography, an implementation we did not write: Python
/// decodes the envelope, recomputes SHA-256 over the bstr-wrapped manifest (head included) and over each severed
/// member, and verifies the signature over Sig_structure ["Signature1", protected, h'', encoded SUIT_Digest].
/// Missing Python fails the test (DebianPython).
/// </summary>
public sealed class SuitPythonInteropTests
{
    private const string Check = """
        import sys, json, hashlib, cbor2
        from cryptography.hazmat.primitives import hashes, serialization
        from cryptography.hazmat.primitives.asymmetric import ec
        from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature
        from cryptography.exceptions import InvalidSignature

        envelope_hex, key_hex = sys.stdin.read().split()
        envelope = cbor2.loads(bytes.fromhex(envelope_hex))
        tagged = isinstance(envelope, cbor2.CBORTag)
        if tagged:
            assert envelope.tag == 107
            envelope = envelope.value
        auth = cbor2.loads(envelope[2])
        digest = cbor2.loads(auth[0])
        wrapped_manifest = cbor2.dumps(envelope[3])
        manifest = cbor2.loads(envelope[3])
        sign1 = cbor2.loads(auth[1])
        protected, unprotected, payload, signature = sign1.value
        alg = cbor2.loads(protected)[1]
        to_be_signed = cbor2.dumps(["Signature1", protected, b"", auth[0]])
        half = len(signature) // 2
        der = encode_dss_signature(int.from_bytes(signature[:half], "big"), int.from_bytes(signature[half:], "big"))
        key = serialization.load_der_public_key(bytes.fromhex(key_hex))
        try:
            key.verify(der, to_be_signed, ec.ECDSA(hashes.SHA256()))
            verified = True
        except InvalidSignature:
            verified = False
        severed = {str(k): hashlib.sha256(cbor2.dumps(envelope[k])).digest() == manifest[k][1] for k in (16, 20, 23) if k in envelope}
        print(json.dumps({
            "tagged": tagged, "cose_tag": sign1.tag, "alg": alg, "payload_nil": payload is None,
            "digest_alg": digest[0], "manifest_digest_matches": hashlib.sha256(wrapped_manifest).digest() == digest[1],
            "signature_verifies": verified, "severed": severed,
            "payloads": {k: v.hex() for k, v in envelope.items() if isinstance(k, str)},
        }))
        """;

    [Theory]
    [InlineData(-7, true)]
    [InlineData(-9, false)]
    public void Sign_Envelope_PythonRecomputesDigestsAndVerifiesSignature(int algorithm, bool tagged)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var encoded = SuitSigner.Sign(SuitSamples.TwoComponents(), key, algorithm, SuitSamples.SeverAll(tagged));

        var result = Run(encoded, key);

        Assert.Equal(tagged, result.GetProperty("tagged").GetBoolean());
        Assert.Equal(18, result.GetProperty("cose_tag").GetInt32());
        Assert.Equal(algorithm, result.GetProperty("alg").GetInt32());
        Assert.True(result.GetProperty("payload_nil").GetBoolean());
        Assert.Equal(-16, result.GetProperty("digest_alg").GetInt32());
        Assert.True(result.GetProperty("manifest_digest_matches").GetBoolean());
        Assert.True(result.GetProperty("signature_verifies").GetBoolean());
        Assert.True(result.GetProperty("severed").GetProperty("20").GetBoolean());
        Assert.True(result.GetProperty("severed").GetProperty("23").GetBoolean());
        Assert.Equal(Convert.ToHexStringLower(SuitSamples.Firmware), result.GetProperty("payloads").GetProperty(SuitSamples.FirmwareKey).GetString());
    }

    [Fact]
    public void Sign_Envelope_PythonRefusesTheSignatureWithAnotherKey()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var encoded = SuitSigner.Sign(SuitSamples.TwoComponents(), key, -7, SuitSamples.SeverAll());

        var result = Run(encoded, other);

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
