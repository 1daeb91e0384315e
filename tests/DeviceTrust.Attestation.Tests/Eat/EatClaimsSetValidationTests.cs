using DeviceTrust.Attestation.Eat;

namespace DeviceTrust.Attestation.Tests.Eat;

/// <summary>Each rule of RFC 8392 / RFC 9711 refused both ways, with a message that names the claim.</summary>
public sealed class EatClaimsSetValidationTests
{
    [Theory]
    [MemberData(nameof(EatValidationCases.Names), MemberType = typeof(EatValidationCases))]
    public void Decode_BreaksARule_AttestationFormatExceptionNamingTheClaim(string rule)
    {
        var @case = EatValidationCases.All[rule];

        var error = Assert.Throws<AttestationFormatException>(() => EatClaimsSet.Decode(EatSamples.Hex(@case.Hex)));

        Assert.Contains(@case.Names, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(EatValidationCases.EncodableNames), MemberType = typeof(EatValidationCases))]
    public void Encode_BreaksARule_ArgumentExceptionNamingTheClaim(string rule)
    {
        var @case = EatValidationCases.All[rule];

        var error = Assert.ThrowsAny<ArgumentException>(() => @case.Claims!.Encode());

        Assert.Contains(@case.Names, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_SubmodsEightDeep_Accepted()
    {
        var decoded = EatClaimsSet.Decode(EatValidationCases.Nested(EatClaimsSet.MaxSubmoduleDepth));

        Assert.NotNull(decoded.Submodules);
        Assert.Equal(EatValidationCases.Nested(EatClaimsSet.MaxSubmoduleDepth), EatValidationCases.NestedClaims(EatClaimsSet.MaxSubmoduleDepth).Encode());
    }

    [Fact]
    public void Decode_LargerThan64KiB_FormatError() =>
        Assert.Contains("larger than the 65536 bytes accepted",
            Assert.Throws<AttestationFormatException>(() => EatClaimsSet.Decode(new byte[EatToken.MaxEncodedLength + 1])).Message, StringComparison.Ordinal);

    [Fact]
    public void Decode_EmptyInput_FormatError() =>
        Assert.Throws<AttestationFormatException>(() => EatClaimsSet.Decode(ReadOnlyMemory<byte>.Empty));
}
