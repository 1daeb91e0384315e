using DeviceTrust.Attestation.Ear;

namespace DeviceTrust.Attestation.Tests.Ear;

/// <summary>Veraison's own EAR JWTs (VeraisonVectors.cs, sources in PROVENANCE.md) through our verifier.</summary>
public class VeraisonVectorTests
{
    private static readonly EarVerificationKey Key = EarVerificationKey.FromJwk(VeraisonVectors.PublicKeyJwk);

    [Fact]
    public async Task ArcTestJwt_VerifiesAndDecodes()
    {
        var verification = await EarJwt.VerifyAsync(VeraisonVectors.ArcTestJwt, Key);

        Assert.True(verification.IsVerified, verification.Reason);
        var ear = verification.Result;
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1666091373), ear.IssuedAt);
        Assert.Equal(new VerifierId("Acme Inc.", "rrtrap-v1.0.0"), ear.VerifierId);
        Assert.Equal(new byte[] { 0xde, 0xad, 0xbe, 0xef }, ear.RawEvidence!.Value.ToArray());   // "3q2-7w"
        Assert.Null(ear.Nonce);
        var test = ear.Submods["test"];
        Assert.Equal(TrustTier.Affirming, test.Status);
        Assert.Equal(8, test.Vector!.Count);
        Assert.Equal((sbyte)ExecutablesValues.ApprovedBoot, test.Vector[TrustworthinessClaim.Executables]);
        Assert.Equal(["https://veraison.example/policy/1/60a0068d"], test.AppraisalPolicyIds);
    }

    [Fact]
    public async Task GoVerifyPassJwt_VerifiesAndIgnoresVeraisonExtensions()
    {
        var verification = await EarJwt.VerifyAsync(VeraisonVectors.GoVerifyPassJwt, Key);

        Assert.True(verification.IsVerified, verification.Reason);
        var test = verification.Result.Submods["test"];
        Assert.Equal(TrustTier.Affirming, test.Status);
        Assert.Null(test.Vector);
        Assert.Equal(["policy://test/01234"], test.AppraisalPolicyIds);
    }

    [Fact]
    public async Task RustVerifyServicesJwt_VerifiesWithItsPaddedStandardBase64Nonce()
    {
        var verification = await EarJwt.VerifyAsync(VeraisonVectors.RustVerifyServicesJwt, Key);

        Assert.True(verification.IsVerified, verification.Reason);
        var ear = verification.Result;
        Assert.Equal(new VerifierId("Veraison Project", "N/A"), ear.VerifierId);
        Assert.Equal(Convert.FromBase64String("3WHyjndGOTI="), ear.Nonce!.Value.ToArray());
        var tpm = ear.Submods["PARSEC_TPM"];
        Assert.Equal(TrustTier.Affirming, tpm.Status);
        Assert.Equal(TrustTier.Affirming, tpm.Vector!.Tier);
        Assert.Equal((sbyte)SharedValues.NoClaim, tpm.Vector[TrustworthinessClaim.Configuration]);
        Assert.Equal(["policy:PARSEC_TPM"], tpm.AppraisalPolicyIds);
    }

    [Fact]
    public async Task VeraisonVectors_WithAnotherKey_SignatureInvalid()
    {
        using var other = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        var verification = await EarJwt.VerifyAsync(VeraisonVectors.ArcTestJwt, EarVerificationKey.FromECDsa(other));
        Assert.Equal(EarVerificationFailure.SignatureInvalid, verification.Failure);
    }

    [Theory]
    [InlineData(VeraisonVectors.GoFailHs256Jwt)]
    [InlineData(VeraisonVectors.GoFailNoneJwt)]
    public async Task GoVerifyFail_WrongAlg_Refused(string token) =>
        Assert.Equal(EarVerificationFailure.AlgorithmNotAllowed, (await EarJwt.VerifyAsync(token, Key)).Failure);

    [Fact]
    public async Task GoVerifyFail_SignedEmptyClaimsSet_FormatError()
    {
        var e = await Assert.ThrowsAsync<AttestationFormatException>(() => EarJwt.VerifyAsync(VeraisonVectors.GoFailEmptyClaimsJwt, Key));
        Assert.Equal("EAR", e.Where);
    }

    [Fact]
    public async Task GoVerifyFail_LeadingDot_FormatError() =>
        await Assert.ThrowsAsync<AttestationFormatException>(() => EarJwt.VerifyAsync(VeraisonVectors.GoFailLeadingDotJwt, Key));
}
