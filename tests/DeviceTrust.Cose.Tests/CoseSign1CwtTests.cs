using System.Security.Cryptography;
using DeviceTrust.Testing;

namespace DeviceTrust.Cose.Tests;

/// <summary>A COSE_Sign1 inside the CWT tag 61 with a typ header (RFC 8392 §6, RFC 9596), as EAT evidence travels.</summary>
public sealed class CoseSign1CwtTests
{
    private static readonly byte[] Payload = [0xA1, 0x0A, 0x48, 1, 2, 3, 4, 5, 6, 7, 8]; // {10: h'0102030405060708'}

    [Fact]
    public void SignEs256_CwtTagAndType_DecodesAsCwtWithTypProtected_AndVerifies()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        var encoded = CoseSign1Signer.SignEs256(Payload, key, new CoseSignOptions { CwtTag = true, Type = "application/eat+cwt" });
        var message = CoseSign1.Decode(encoded);

        Assert.Equal([0xD8, 0x3D, 0xD2], encoded[..3]); // 61(18(
        Assert.True(message.IsCwtTagged);
        Assert.True(message.IsTagged);
        Assert.Equal("application/eat+cwt", message.ProtectedHeaders.GetText(CoseHeaderLabels.Type));
        Assert.Null(message.UnprotectedHeaders.GetText(CoseHeaderLabels.Type));
        Assert.True(message.Verify(key));
    }

    [Fact]
    public void SignEs256_WithoutOptions_IsNotCwtTagged_AndHasNoTyp()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        var message = CoseSign1.Decode(CoseSign1Signer.SignEs256(Payload, key));

        Assert.False(message.IsCwtTagged);
        Assert.Null(message.ProtectedHeaders.GetText(CoseHeaderLabels.Type));
    }

    [Fact]
    public void GetText_OnAByteStringHeader_FormatError()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var message = CoseSign1.Decode(CoseSign1Signer.SignEs256(Payload, key, new CoseSignOptions { KeyId = "k"u8.ToArray() }));

        Assert.Throws<CoseFormatException>(() => message.UnprotectedHeaders.GetText(CoseHeaderLabels.KeyId));
    }

    [Fact]
    public void CwtTaggedOutput_ReadByPythonCbor2_AsTag61AroundTag18_WithTypAndPayload()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var encoded = CoseSign1Signer.SignEs256(Payload, key, new CoseSignOptions { CwtTag = true, Type = "application/eat+cwt" });

        var seen = DebianPython.RunWithHex("""
            import sys, cbor2
            outer = cbor2.loads(bytes.fromhex(sys.stdin.read()))
            inner = outer.value
            protected = cbor2.loads(inner.value[0])
            print(outer.tag, inner.tag, protected[16], protected[1], inner.value[2].hex())
            """, encoded);

        Assert.Equal($"61 18 application/eat+cwt -7 {Convert.ToHexStringLower(Payload)}", seen);
    }
}
