namespace DeviceTrust.Cose.Tests;

/// <summary>
/// How each cose-wg vector that is not a verifying COSE_Sign1 is refused. Every file in TestVectors is classified
/// here or in <see cref="CoseWgVectorTests"/>, and every "fail": true file is rejected.
/// </summary>
public sealed class CoseWgRejectionTests
{
    public enum Rejection
    {
        /// <summary>Decode throws CoseFormatException.</summary>
        Malformed,
        /// <summary>Decodes; Verify answers false.</summary>
        BadSignature,
        /// <summary>Decodes; Verify throws NotSupportedException.</summary>
        Unsupported,
    }

    private static readonly (string File, Rejection Expected)[] FailFiles =
    [
        ("sign1-tests/sign-fail-01.json", Rejection.Malformed),      // tag 998 instead of 18
        ("sign1-tests/sign-fail-02.json", Rejection.BadSignature),   // payload changed after signing
        ("sign1-tests/sign-fail-03.json", Rejection.Unsupported),    // alg -999
        ("sign1-tests/sign-fail-04.json", Rejection.Unsupported),    // alg "unknown" (tstr)
        ("sign1-tests/sign-fail-06.json", Rejection.BadSignature),   // protected attribute added after signing
        ("sign1-tests/sign-fail-07.json", Rejection.BadSignature),   // protected attribute removed after signing
    ];

    public static TheoryData<string, Rejection> FailVectors => new(FailFiles);

    [Theory]
    [MemberData(nameof(FailVectors))]
    public void DecodeAndVerify_FailVector_IsRejected(string file, Rejection expected)
    {
        var vector = CoseWgVector.Load(file);
        using var key = VectorKeys.ThroughCoseKey(vector);
        Assert.True(vector.Fail);

        switch (expected)
        {
            case Rejection.Malformed:
                Assert.Throws<CoseFormatException>(() => CoseSign1.Decode(vector.Output));
                break;
            case Rejection.BadSignature:
                Assert.False(CoseSign1.Decode(vector.Output).Verify(key));
                break;
            case Rejection.Unsupported:
                var message = CoseSign1.Decode(vector.Output);
                Assert.Throws<NotSupportedException>(() => message.Verify(key));
                break;
        }
    }

    [Fact]
    public void Decode_SignFail01_NamesTheWrongTag()
    {
        var error = Assert.Throws<CoseFormatException>(() => CoseSign1.Decode(CoseWgVector.Load("sign1-tests/sign-fail-01.json").Output));

        Assert.Contains("wrong tag 998", error.Problem);
    }

    /// <summary>
    /// EdDSA (-8) needs Ed25519/Ed448. .NET 10 has neither, and DeviceTrust.Cose deliberately references no third-party
    /// cryptography (BouncyCastle is only in Enrollment), so the message decodes and its ToBeSigned bytes are rebuilt
    /// exactly, but verification is refused with NotSupportedException rather than answered false.
    /// </summary>
    [Theory]
    [InlineData("eddsa-examples/eddsa-sig-01.json")]
    [InlineData("eddsa-examples/eddsa-sig-02.json")]
    public void Verify_EdDsaSign1Vector_RefusedAsNotSupported(string file)
    {
        var vector = CoseWgVector.Load(file);
        var message = CoseSign1.Decode(vector.Output);
        using var anyKey = System.Security.Cryptography.ECDsa.Create();

        var error = Assert.Throws<NotSupportedException>(() => message.Verify(anyKey));

        Assert.Equal(vector.ToBeSign, message.ToBeSigned());
        Assert.Contains("EdDSA (-8)", error.Message);
        Assert.Contains("Ed25519", error.Message);
    }

    /// <summary>Not COSE_Sign1 at all: COSE_Sign (98), COSE_Mac0 (17), COSE_Encrypt0 (16). Refused by tag.</summary>
    [Theory]
    [InlineData("ecdsa-examples/ecdsa-01.json", "98 (COSE_Sign)")]
    [InlineData("ecdsa-examples/ecdsa-02.json", "98 (COSE_Sign)")]
    [InlineData("ecdsa-examples/ecdsa-03.json", "98 (COSE_Sign)")]
    [InlineData("ecdsa-examples/ecdsa-04.json", "98 (COSE_Sign)")]
    [InlineData("eddsa-examples/eddsa-01.json", "98 (COSE_Sign)")]
    [InlineData("eddsa-examples/eddsa-02.json", "98 (COSE_Sign)")]
    [InlineData("CWT/A_4.json", "17 (COSE_Mac0)")]
    [InlineData("CWT/A_5.json", "16 (COSE_Encrypt0)")]
    [InlineData("CWT/A_6.json", "16 (COSE_Encrypt0)")]
    [InlineData("CWT/A_7.json", "17 (COSE_Mac0)")]
    public void Decode_OtherCoseStructure_RefusedByTag(string file, string tag)
    {
        var error = Assert.Throws<CoseFormatException>(() => CoseSign1.Decode(CoseWgVector.Load(file).Output));

        Assert.Contains($"wrong tag {tag}", error.Problem);
    }

    [Fact]
    public void AllVectorFiles_AreEachCoveredByATest()
    {
        var covered = new HashSet<string>(StringComparer.Ordinal)
        {
            "sign1-tests/sign-pass-01.json", "ecdsa-examples/ecdsa-sig-04.json",
            "eddsa-examples/eddsa-sig-01.json", "eddsa-examples/eddsa-sig-02.json",
            "ecdsa-examples/ecdsa-01.json", "ecdsa-examples/ecdsa-02.json", "ecdsa-examples/ecdsa-03.json",
            "ecdsa-examples/ecdsa-04.json", "eddsa-examples/eddsa-01.json", "eddsa-examples/eddsa-02.json",
            "CWT/A_4.json", "CWT/A_5.json", "CWT/A_6.json", "CWT/A_7.json",
        };
        covered.UnionWith(CoseWgVectorTests.PassingFiles);
        covered.UnionWith(FailFiles.Select(row => row.File));

        var files = CoseWgVector.AllFiles().ToList();
        var failing = files.Where(file => CoseWgVector.Load(file).Fail).ToList();

        Assert.Equal(26, files.Count);
        Assert.Empty(files.Except(covered));
        Assert.All(failing, file => Assert.Contains(file, FailFiles.Select(row => row.File)));
    }
}
