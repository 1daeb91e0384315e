using System.Security.Cryptography;

namespace DeviceTrust.Cose.Tests;

/// <summary>
/// The cose-wg/Examples vectors (TestVectors/PROVENANCE.md): decode output.cbor, rebuild ToBeSign_hex byte for byte,
/// verify with the key in input; every "fail": true file is rejected.
/// </summary>
public sealed class CoseWgVectorTests
{
    internal static readonly string[] PassingFiles =
    [
        "sign1-tests/sign-pass-02.json", "sign1-tests/sign-pass-03.json",
        "ecdsa-examples/ecdsa-sig-01.json", "ecdsa-examples/ecdsa-sig-02.json", "ecdsa-examples/ecdsa-sig-03.json",
        "CWT/A_3.json",
    ];

    public static TheoryData<string> PassingSign1 => new(PassingFiles);

    [Theory]
    [MemberData(nameof(PassingSign1))]
    public void Decode_PassingSign1Vector_RebuildsToBeSignAndVerifies(string file)
    {
        var vector = CoseWgVector.Load(file);
        using var key = VectorKeys.ThroughCoseKey(vector);

        var message = CoseSign1.Decode(vector.Output);

        Assert.Equal(vector.ToBeSign, message.ToBeSigned(vector.ExternalAad));
        Assert.True(message.Verify(key, vector.ExternalAad));
    }

    [Theory]
    [MemberData(nameof(PassingSign1))]
    public void ToBeSigned_PassingSign1Vector_IsWhatTheSignatureCovers(string file)
    {
        // The hand-written Sig_structure path on its own: raw r||s ECDSA over our ToBeSigned bytes.
        var vector = CoseWgVector.Load(file);
        using var key = ECDsa.Create(vector.PublicKey);
        var message = CoseSign1.Decode(vector.Output);
        var hash = message.Algorithm.Integer switch
        {
            CoseAlgorithms.ES384 => HashAlgorithmName.SHA384,
            CoseAlgorithms.ES512 => HashAlgorithmName.SHA512,
            _ => HashAlgorithmName.SHA256,
        };

        var verified = key.VerifyData(message.ToBeSigned(vector.ExternalAad), message.Signature.Span, hash,
            DSASignatureFormat.IeeeP1363FixedFieldConcatenation);

        Assert.True(verified);
    }

    [Fact]
    public void Verify_CwtA6InnerToken_IsTheA3Sign1AndVerifiesWithItsKey()
    {
        // RFC 8392 A.6 encrypts the signed CWT of A.3; the COSE_Encrypt0 itself is refused by tag (rejection tests).
        var a3 = CoseWgVector.Load("CWT/A_3.json");
        using var key = VectorKeys.ThroughCoseKey(a3);

        var inner = CoseSign1.Decode(CoseWgVector.Load("CWT/A_6.json").InputPlaintext);

        Assert.Equal(a3.Output, inner.Encoded.ToArray());
        Assert.True(inner.Verify(key));
    }

    [Fact]
    public void Verify_SignPass02WithoutItsExternalAad_Fails()
    {
        var vector = CoseWgVector.Load("sign1-tests/sign-pass-02.json");
        using var key = VectorKeys.ThroughCoseKey(vector);

        var message = CoseSign1.Decode(vector.Output);

        Assert.NotEmpty(vector.ExternalAad);
        Assert.False(message.Verify(key));
    }

    /// <summary>
    /// Decision on sign-pass-01 (alg only in the unprotected bucket, protected bucket h'a0', ToBeSign built with h''):
    /// the default profile (EAT, SUIT, vouchers) refuses it because alg must be protected. A generic RFC 9052 verifier
    /// (requireProtectedAlg: false) accepts it: §3 says recipients MUST accept h'a0' as an empty bucket, and §4.4 puts a
    /// zero-length bstr in the Sig_structure when there are no protected attributes, which is what the vector signed.
    /// </summary>
    [Fact]
    public void Decode_SignPass01UnderDefaultProfile_RejectsUnprotectedAlg()
    {
        var vector = CoseWgVector.Load("sign1-tests/sign-pass-01.json");

        var error = Assert.Throws<CoseFormatException>(() => CoseSign1.Decode(vector.Output));

        Assert.Contains("unprotected", error.Location);
        Assert.Contains("alg must be in the protected header", error.Problem);
    }

    [Fact]
    public void Verify_SignPass01AsGenericCose_TreatsA0AsEmptyAndVerifies()
    {
        var vector = CoseWgVector.Load("sign1-tests/sign-pass-01.json");
        using var key = VectorKeys.ThroughCoseKey(vector);

        var message = CoseSign1.Decode(vector.Output, requireProtectedAlg: false);

        Assert.Equal([0xA0], message.EncodedProtectedHeaders.ToArray());
        Assert.Equal(0, message.ProtectedHeaders.Count);
        Assert.False(message.AlgorithmIsProtected);
        Assert.Equal(vector.ToBeSign, message.ToBeSigned());
        Assert.True(message.Verify(key));
    }

    /// <summary>
    /// Decision on ecdsa-sig-04 (ES512 on a P-256 key): accepted. RFC 9053 §2.1 ties the hash to alg and takes the curve
    /// from the key; SHA-256/P-256, SHA-384/P-384, SHA-512/P-521 is only "suggested", so SHA-512 over P-256 (a 64-byte
    /// signature) is valid COSE and the generic layer verifies it. Curve binding is what the fully-specified ids add
    /// (ESP256, RFC 9864), and those the library does enforce (see CoseSign1VerifyTests).
    /// </summary>
    [Fact]
    public void Verify_EcdsaSig04Es512OnP256Key_Verifies()
    {
        var vector = CoseWgVector.Load("ecdsa-examples/ecdsa-sig-04.json");
        using var key = VectorKeys.ThroughCoseKey(vector);

        var message = CoseSign1.Decode(vector.Output);

        Assert.Equal(CoseAlgorithms.ES512, message.Algorithm.Integer);
        Assert.Equal(64, message.Signature.Length);
        Assert.Equal(vector.ToBeSign, message.ToBeSigned());
        Assert.True(message.Verify(key));
    }
}
