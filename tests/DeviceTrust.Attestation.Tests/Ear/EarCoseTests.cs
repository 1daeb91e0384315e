using System.Security.Cryptography;
using System.Text.Json;
using DeviceTrust.Attestation.Ear;
using DeviceTrust.Testing;
using NetCose = System.Security.Cryptography.Cose;

namespace DeviceTrust.Attestation.Tests.Ear;

public sealed class EarCoseTests : IDisposable
{
    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public void Dispose() => _key.Dispose();

    private EarVerificationKey PublicKey => EarVerificationKey.FromECDsa(_key);

    [Theory]
    [InlineData(false, 0xd2)]   // tag 18, COSE_Sign1
    [InlineData(true, 0xd8)]    // tag 61 (0xd8 0x3d), CWT
    public void Verify_SignedEar_RoundTrips(bool cwtTag, byte firstByte)
    {
        var result = EarSamples.Full("policy:psa");
        var signed = EarCose.Sign(result, _key, cwtTag: cwtTag);

        var verification = EarCose.Verify(signed, PublicKey);

        Assert.Equal(firstByte, signed[0]);
        Assert.True(verification.IsVerified, verification.Reason);
        Assert.Equal(PublicKey.KeyId, verification.KeyId);
        EarJsonTests.AssertSame(result, verification.Result);
    }

    [Fact]
    public void Verify_OtherKey_SignatureInvalid()
    {
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        Assert.Equal(EarVerificationFailure.SignatureInvalid, EarCose.Verify(EarCose.Sign(EarSamples.Full(), other), PublicKey).Failure);
    }

    [Fact]
    public void Verify_TamperedPayload_SignatureInvalid()
    {
        var signed = EarCose.Sign(EarSamples.Full(), _key);
        var payload = EarCbor.Encode(EarSamples.Full());
        var at = signed.AsSpan().IndexOf(payload);
        Assert.True(at > 0);
        var evidence = signed.AsSpan(at).IndexOf(EarSamples.RawEvidence);   // the raw evidence bytes, changed in place
        signed[at + evidence] ^= 0x01;

        Assert.Equal(EarVerificationFailure.SignatureInvalid, EarCose.Verify(signed, PublicKey).Failure);
    }

    [Fact]
    public void Verify_Es384_AlgorithmNotAllowed()
    {
        using var p384 = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        var signed = NetCose.CoseSign1Message.SignEmbedded(EarCbor.Encode(EarSamples.Full()), new NetCose.CoseSigner(p384, HashAlgorithmName.SHA384));

        Assert.Equal(EarVerificationFailure.AlgorithmNotAllowed, EarCose.Verify(signed, PublicKey).Failure);
    }

    [Theory]
    [InlineData("")]
    [InlineData("a0")]
    [InlineData("d28443a10126a0f640")]   // detached (nil) payload
    public void Verify_NotASignedEar_FormatError(string hex) =>
        Assert.Throws<AttestationFormatException>(() => EarCose.Verify(Convert.FromHexString(hex), PublicKey));

    [Fact]
    public void Verify_SignedPayloadNotAnEar_FormatError()
    {
        var signed = DeviceTrust.Cose.CoseSign1Signer.SignEs256([0xa0], _key);
        var e = Assert.Throws<AttestationFormatException>(() => EarCose.Verify(signed, PublicKey));
        Assert.Equal("EAR", e.Where);
    }

    [Fact]
    public void Sign_PythonVerifiesTheSigStructure_AndReadsTheClaims()
    {
        var signed = EarCose.Sign(EarSamples.Full(), _key, keyId: "ear-key-1");
        var request = JsonSerializer.Serialize(new { pem = PublicKey.ToPem(), message = Convert.ToHexString(signed) });

        var answer = DebianPython.Run("""
            import sys, json, cbor2
            from cryptography.hazmat.primitives import hashes, serialization
            from cryptography.hazmat.primitives.asymmetric import ec, utils
            request = json.loads(sys.stdin.read())
            key = serialization.load_pem_public_key(request["pem"].encode())
            message = cbor2.loads(bytes.fromhex(request["message"]))
            assert message.tag == 18, message.tag
            protected, unprotected, payload, signature = message.value
            assert cbor2.loads(protected) == {1: -7}, cbor2.loads(protected)
            to_be_signed = cbor2.dumps(["Signature1", protected, b"", payload])
            r, s = int.from_bytes(signature[:32], "big"), int.from_bytes(signature[32:], "big")
            key.verify(utils.encode_dss_signature(r, s), to_be_signed, ec.ECDSA(hashes.SHA256()))
            claims = cbor2.loads(payload)
            print(json.dumps({"kid": unprotected[4].decode(), "status": claims[266]["device"][1000],
                              "profile": claims[265]}))
            """, request);

        Assert.Equal("{\"kid\": \"ear-key-1\", \"status\": 96, \"profile\": \"tag:github.com,2023:veraison/ear\"}", answer.Trim());
    }
}
