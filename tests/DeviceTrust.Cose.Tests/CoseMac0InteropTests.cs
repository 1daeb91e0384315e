using System.Security.Cryptography;
using DeviceTrust.Testing;

namespace DeviceTrust.Cose.Tests;

/// <summary>
/// COSE_Mac0 against an implementation we did not write: Debian's Python with cbor2 and the standard hmac module
/// builds the MAC_structure itself (RFC 9052 §6.3) and computes the tag, both ways round.
/// </summary>
public sealed class CoseMac0InteropTests
{
    private static readonly byte[] Payload = [0xA1, 0x0A, 0x48, 1, 2, 3, 4, 5, 6, 7, 8]; // {10: h'0102030405060708'}

    [Theory]
    [InlineData(CoseAlgorithms.HMAC256_256, false)]
    [InlineData(CoseAlgorithms.HMAC256_256, true)]
    [InlineData(CoseAlgorithms.HMAC256_64, false)]
    [InlineData(CoseAlgorithms.HMAC256_64, true)]
    public void Create_TagAndMacStructure_AreWhatPythonComputes(int algorithm, bool cwtTag)
    {
        var k = RandomNumberGenerator.GetBytes(32);
        byte[] aad = [0x73, 0x65, 0x73, 0x73];
        var encoded = CoseMac0.Create(Payload, CoseSymmetricKey.FromBytes(k, "dev"u8.ToArray()), algorithm,
            new CoseMacOptions { CwtTag = cwtTag, Type = "application/eat+cwt", ExternalAad = aad });
        var message = CoseMac0.Decode(encoded);

        var seen = DebianPython.Run("""
            import sys, cbor2, hmac, hashlib
            message_hex, key_hex, aad_hex = sys.stdin.read().split()
            item = cbor2.loads(bytes.fromhex(message_hex))
            if item.tag == 61:
                item = item.value
            assert item.tag == 17, item.tag
            protected, unprotected, payload, tag = item.value
            alg = cbor2.loads(protected)[1]
            to_mac = cbor2.dumps(["MAC0", protected, bytes.fromhex(aad_hex), payload])
            full = hmac.new(bytes.fromhex(key_hex), to_mac, hashlib.sha256).digest()
            expected = full[:8] if alg == 4 else full
            print(to_mac.hex(), expected.hex(), unprotected[4].decode())
            """, $"{Convert.ToHexString(encoded)} {Convert.ToHexString(k)} {Convert.ToHexString(aad)}").Trim();

        Assert.Equal($"{Convert.ToHexStringLower(message.ToBeMaced(aad))} {Convert.ToHexStringLower(message.Tag.Span)} dev", seen);
    }

    [Theory]
    [InlineData(CoseAlgorithms.HMAC256_256)]
    [InlineData(CoseAlgorithms.HMAC256_64)]
    public void Verify_Mac0MadeByPython_VerifiesWithItsKeyOnly(int algorithm)
    {
        var k = RandomNumberGenerator.GetBytes(32);

        var encoded = DebianPython.RunWithHex($$"""
            import sys, cbor2, hmac, hashlib
            key = bytes.fromhex(sys.stdin.read().strip())
            alg = {{algorithm}}
            protected = cbor2.dumps({1: alg})
            payload = cbor2.dumps({10: bytes(range(8))})
            to_mac = cbor2.dumps(["MAC0", protected, b"", payload])
            tag = hmac.new(key, to_mac, hashlib.sha256).digest()
            print(cbor2.dumps(cbor2.CBORTag(17, [protected, {4: b"py"}, payload, tag[:8] if alg == 4 else tag])).hex())
            """, k);
        var message = CoseMac0.Decode(Convert.FromHexString(encoded));

        Assert.Equal("py"u8.ToArray(), message.UnprotectedHeaders.GetByteString(CoseHeaderLabels.KeyId));
        Assert.True(message.Verify(CoseSymmetricKey.FromBytes(k)));
        k[0] ^= 0x01;
        Assert.False(message.Verify(CoseSymmetricKey.FromBytes(k)));
    }
}
