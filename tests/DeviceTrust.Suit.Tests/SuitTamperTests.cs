namespace DeviceTrust.Suit.Tests;

/// <summary>
/// One flipped bit in a signed example (TestVectors/PROVENANCE.md), inside a byte string so the envelope still decodes:
/// verification fails, with the reason of the part that was changed. Each place is found by bytes copied from the
/// example's diagnostic notation.
/// </summary>
public sealed class SuitTamperTests
{
    private const string Manifest = "manifest digest does not match";
    private const string Signature = "signature does not verify";

    public static TheoryData<int, string, int, string> Places => new()
    {
        // In the manifest: vendor id, class id, image digest, the install URI, the reference URI.
        { 0, SuitExampleTests.VendorId, 0, Manifest },
        { 0, SuitExampleTests.ClassId, 15, Manifest },
        { 4, SuitExampleTests.ImageDigest1, 31, Manifest },
        { 1, "687474703a2f2f6578616d706c652e636f6d2f66696c652e62696e", 7, Manifest },   // "http://example.com/file.bin"
        { 2, "68747470733a2f2f6769742e696f2f4a4a596f6a", 12, Manifest },               // "https://git.io/JJYoj"
        // The severed install member's digest inside the manifest.
        { 2, "cfa90c5c58595e7f5119a72f803fd0370b3e6abbec6315cd38f63135281bc498", 3, Manifest },
        // The authentication wrapper's digest-bytes.
        { 0, "6658ea560262696dd1f13b782239a064da7c6c5cbaf52fded428a6fc83c7e5af", 0, Manifest },
        { 5, "15ce60f77657e4531dc329155f8b0ed78f94bdc6d165b2665473693dcc34f470", 31, Manifest },
        // The signature: first byte, the middle (s begins at byte 32), last byte.
        { 0, "408d0816f9b510749bf6a51b066951e08a4438", 0, Signature },
        { 1, "27a3d7986eddcc1bee04e1436746408c308ed3", 32, Signature },
        { 3, "0bbf7058c1a79dff23c7755d36aae5c6cc1aac", 63, Signature },
        // The protected header: alg -7 (0x26) becomes -9 (0x28, ESP256), so the signed bytes differ.
        { 0, "a10126a0f6", 2, Signature },
        // Severed members carried in the envelope of example 2.
        { 2, "687474703a2f2f6578616d706c652e636f6d2f766572792f6c6f6e67", 20, "severed install member does not match its digest" },
        { 2, "61726d2e636f6d", 0, "severed text member does not match its digest" },   // "arm.com"
    };

    [Theory]
    [MemberData(nameof(Places))]
    public void Verify_OneBitFlipped_FailsWithReason(int example, string found, int offset, string reason)
    {
        using var key = SuitVectors.PublicKey();
        var bytes = SuitVectors.Signed(example);
        Assert.True(SuitEnvelope.Decode(bytes).Verify(key).IsVerified);
        var at = bytes.AsSpan().IndexOf(Convert.FromHexString(found));
        Assert.True(at >= 0, $"{found} is not in example {example}");
        // 0x28 from 0x26 for the alg; a low bit elsewhere.
        bytes[at + offset] ^= (byte)(found == "a10126a0f6" ? 0x0E : 0x01);

        var result = SuitEnvelope.Decode(bytes).Verify(key);

        Assert.False(result.IsVerified);
        Assert.Equal(reason, result.Reason);
    }

    [Fact]
    public void Verify_OtherKey_SignatureDoesNotVerify()
    {
        using var other = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);

        var result = SuitEnvelope.Decode(SuitVectors.Signed(0)).Verify(other);

        Assert.Equal(SuitVerificationFailure.SignatureInvalid, result.Failure);
        Assert.Equal(Signature, result.Reason);
    }
}
