using System.Security.Cryptography;

namespace DeviceTrust.Suit.Tests;

/// <summary>
/// draft-ietf-suit-manifest-37 examples 0..5 (TestVectors/PROVENANCE.md). Each expected value below is copied from the
/// diagnostic notation of the example's .txt file.
/// </summary>
public sealed class SuitExampleTests
{
    internal const string VendorId = "fa6b4a53d5ad5fdfbe9de663e4d41ffe";
    internal const string ClassId = "1492af1425695e48bf429b2d51f2ab45";
    internal const string ImageDigest0 = "00112233445566778899aabbccddeeff0123456789abcdeffedcba9876543210";
    internal const string ImageDigest1 = "0123456789abcdeffedcba987654321000112233445566778899aabbccddeeff";
    private const ulong ImageSize0 = 34768;
    private const ulong ImageSize1 = 76834;
    private const SuitReportingPolicy All = (SuitReportingPolicy)15;
    private const SuitReportingPolicy SysInfoOnSuccess = (SuitReportingPolicy)2;

    // The authentication wrapper's digest-bytes of each example.
    public static TheoryData<int, ulong, string> Manifests => new()
    {
        { 0, 0, "6658ea560262696dd1f13b782239a064da7c6c5cbaf52fded428a6fc83c7e5af" },
        { 1, 1, "1f2e7acca0dc2786f2fe4eb947f50873a6a3cfaa98866c5b02e621f42074daf2" },
        { 2, 2, "6a5197ed8f9dccf733d1c89a359441708e070b4c6dcb9a1c2c82c6165f609b90" },
        { 3, 3, "f6d44a62ec906b392500c242e78e908e9cc5057f3f04104a06a8566200da2ee0" },
        { 4, 4, "5b5f6586b1e6cdf19ee479a5adabf206581000bd584b0832a9bdaf4f72cdbdd6" },
        { 5, 5, "15ce60f77657e4531dc329155f8b0ed78f94bdc6d165b2665473693dcc34f470" },
    };

    [Theory]
    [MemberData(nameof(Manifests))]
    public void Decode_SignedExample_VerifiesWithPublicKey(int example, ulong sequenceNumber, string digest)
    {
        using var key = SuitVectors.PublicKey();
        var envelope = SuitEnvelope.Decode(SuitVectors.Signed(example));

        Assert.True(envelope.IsTagged);
        Assert.Equal(1UL, envelope.Manifest.Version);
        Assert.Equal(sequenceNumber, envelope.Manifest.SequenceNumber);
        Assert.Equal(-16, envelope.Authentication.Digest.Algorithm);
        Assert.Equal(digest, Convert.ToHexStringLower(envelope.Authentication.Digest.Bytes.Span));
        var signature = Assert.Single(envelope.Authentication.Signatures);
        Assert.Equal(-7, signature.Algorithm.Integer);
        Assert.Equal(SuitVerification.Verified, envelope.Verify(key));
    }

    [Theory]
    [MemberData(nameof(Manifests))]
    public void Decode_UnsignedExample_DigestMatchesButNoSignature(int example, ulong sequenceNumber, string digest)
    {
        using var key = SuitVectors.PublicKey();
        var envelope = SuitEnvelope.Decode(SuitVectors.Unsigned(example));

        Assert.Equal(sequenceNumber, envelope.Manifest.SequenceNumber);
        Assert.Empty(envelope.Authentication.Signatures);
        Assert.Equal(SuitVerification.Verified, envelope.VerifyDigests());
        var result = envelope.Verify(key);
        Assert.Equal(SuitVerificationFailure.NoSignature, result.Failure);
        // The digest covers the manifest byte string with its head (0x58 or 0x59 and the length), not only its content.
        var wrapped = envelope.EncodedManifest.ToArray();
        Assert.True(wrapped[0] is 0x58 or 0x59);
        Assert.Equal(digest, Convert.ToHexStringLower(SHA256.HashData(wrapped)));
        Assert.NotEqual(digest, Convert.ToHexStringLower(SHA256.HashData(wrapped.AsSpan(wrapped[0] == 0x58 ? 2 : 3))));
    }

    [Fact]
    public void Decode_Example0_CommonAndSequencesAsShown()
    {
        var manifest = SuitEnvelope.Decode(SuitVectors.Signed(0)).Manifest;

        Assert.Equal(["00"], ComponentIds(manifest));
        var shared = manifest.Common.SharedSequence!.Commands;
        Assert.Equal(3, shared.Count);
        AssertImageParameters(shared[0], vendorAndClass: true, ImageDigest0, ImageSize0);
        Assert.Equal(new SuitReportingCommand(SuitCommandCodes.ConditionVendorIdentifier, All), shared[1]);
        Assert.Equal(new SuitReportingCommand(SuitCommandCodes.ConditionClassIdentifier, All), shared[2]);
        Assert.Equal([new SuitReportingCommand(SuitCommandCodes.ConditionImageMatch, All)], manifest.Validate!.Commands);
        Assert.Equal([new SuitReportingCommand(SuitCommandCodes.DirectiveInvoke, SysInfoOnSuccess)], manifest.Invoke!.Commands);
        Assert.Null(manifest.Install);
        Assert.Null(manifest.Load);
    }

    [Fact]
    public void Decode_Example1_InstallFetchesUri()
    {
        var manifest = SuitEnvelope.Decode(SuitVectors.Signed(1)).Manifest;

        var install = manifest.Install!.Inline!.Commands;
        Assert.False(manifest.Install.IsSevered);
        Assert.Equal(3, install.Count);
        Assert.Equal("http://example.com/file.bin", Parameters(install[0]).Uri);
        Assert.Equal(new SuitReportingCommand(SuitCommandCodes.DirectiveFetch, SysInfoOnSuccess), install[1]);
        Assert.Equal(new SuitReportingCommand(SuitCommandCodes.ConditionImageMatch, All), install[2]);
    }

    [Fact]
    public void Decode_Example2_SeveredInstallAndTextMatchTheirDigests()
    {
        using var key = SuitVectors.PublicKey();
        var blocks = SuitVectors.ExampleBlocks(2);
        Assert.Equal(3, blocks.Count);
        var withoutSevered = SuitEnvelope.Decode(blocks[1]);
        var envelope = SuitEnvelope.Decode(blocks[2]);

        var manifest = envelope.Manifest;
        Assert.Equal("https://git.io/JJYoj", manifest.ReferenceUri);
        Assert.True(manifest.Install!.IsSevered);
        Assert.Equal("cfa90c5c58595e7f5119a72f803fd0370b3e6abbec6315cd38f63135281bc498", Convert.ToHexStringLower(manifest.Install.Digest!.Bytes.Span));
        Assert.Equal("302196d452bce5e8bfeaf71e395645ede6d365e63507a081379721eeecf00007", Convert.ToHexStringLower(manifest.Text!.Digest!.Bytes.Span));

        // Without its severable elements the envelope still verifies: a severed member may travel elsewhere.
        Assert.Null(withoutSevered.SeveredInstall);
        Assert.Null(withoutSevered.Install);
        Assert.Equal(SuitVerification.Verified, withoutSevered.Verify(key));

        Assert.Equal(SuitVerification.Verified, envelope.Verify(key));
        var install = envelope.Install!.Commands;
        Assert.Equal("http://example.com/very/long/path/to/file/file.bin", Parameters(install[0]).Uri);
        Assert.Equal(new SuitReportingCommand(SuitCommandCodes.DirectiveFetch, SysInfoOnSuccess), install[1]);
        Assert.Equal(new SuitReportingCommand(SuitCommandCodes.ConditionImageMatch, All), install[2]);

        var english = envelope.Text!.Languages["en-US"];
        Assert.StartsWith("## Example 2: Simultaneous Download, Installation, Secure Boot, Severed Fields", english.Texts[SuitTextKeys.ManifestDescription]);
        var component = Assert.Single(english.Components);
        Assert.Equal("00", Convert.ToHexStringLower(Assert.Single(component.ComponentId)));
        Assert.Equal("arm.com", component.Texts[SuitTextKeys.VendorDomain]);
        Assert.Equal("This component is a demonstration. The digest is a sample pattern, not a real one.",
            component.Texts[SuitTextKeys.ComponentDescription]);
    }

    [Fact]
    public void Decode_Example3_TryEachChoosesSlots()
    {
        var manifest = SuitEnvelope.Decode(SuitVectors.Signed(3)).Manifest;

        var shared = manifest.Common.SharedSequence!.Commands;
        Assert.Equal(4, shared.Count);
        var identity = Parameters(shared[0]);
        Assert.Equal(VendorId, Convert.ToHexStringLower(identity.VendorId!));
        Assert.Equal(ClassId, Convert.ToHexStringLower(identity.ClassId!));
        var slots = Assert.IsType<SuitTryEach>(shared[1]);
        Assert.Equal(2, slots.Candidates.Count);
        Assert.False(slots.EmptyAllowed);
        AssertSlot(slots.Candidates[0], 0, ImageDigest0, ImageSize0);
        AssertSlot(slots.Candidates[1], 1, ImageDigest1, ImageSize1);

        var install = manifest.Install!.Inline!.Commands;
        var uris = Assert.IsType<SuitTryEach>(install[0]);
        Assert.Equal(0UL, Parameters(uris.Candidates[0].Commands[0]).ComponentSlot);
        Assert.Equal("http://example.com/file1.bin", Parameters(uris.Candidates[0].Commands[2]).Uri);
        Assert.Equal(1UL, Parameters(uris.Candidates[1].Commands[0]).ComponentSlot);
        Assert.Equal("http://example.com/file2.bin", Parameters(uris.Candidates[1].Commands[2]).Uri);
        Assert.Equal(new SuitReportingCommand(SuitCommandCodes.DirectiveFetch, SysInfoOnSuccess), install[1]);
    }

    [Fact]
    public void Decode_Example4_LoadAndPayloadFetch()
    {
        var manifest = SuitEnvelope.Decode(SuitVectors.Signed(4)).Manifest;

        Assert.Equal(["00", "02", "01"], ComponentIds(manifest));
        var shared = manifest.Common.SharedSequence!.Commands;
        AssertIndex(0, shared[0]);
        AssertImageParameters(shared[1], vendorAndClass: true, ImageDigest0, ImageSize0);

        var load = manifest.Load!.Commands;
        AssertIndex(2, load[0]);
        var loaded = Parameters(load[1]);
        Assert.Equal(ImageDigest1, Convert.ToHexStringLower(loaded.ImageDigest!.Bytes.Span));
        Assert.Equal(ImageSize1, loaded.ImageSize);
        Assert.Equal(0UL, loaded.SourceComponent);
        Assert.Equal(new SuitReportingCommand(SuitCommandCodes.DirectiveCopy, SysInfoOnSuccess), load[2]);
        Assert.Equal(new SuitReportingCommand(SuitCommandCodes.ConditionImageMatch, All), load[3]);

        AssertIndex(2, manifest.Invoke!.Commands[0]);
        Assert.Equal(new SuitReportingCommand(SuitCommandCodes.DirectiveInvoke, SysInfoOnSuccess), manifest.Invoke.Commands[1]);

        var fetch = manifest.PayloadFetch!.Inline!.Commands;
        AssertIndex(1, fetch[0]);
        var fetched = Parameters(fetch[1]);
        Assert.Equal(ImageDigest0, Convert.ToHexStringLower(fetched.ImageDigest!.Bytes.Span));
        Assert.Equal("http://example.com/file.bin", fetched.Uri);
        Assert.Equal(new SuitReportingCommand(SuitCommandCodes.DirectiveFetch, SysInfoOnSuccess), fetch[2]);

        var install = manifest.Install!.Inline!.Commands;
        AssertIndex(0, install[0]);
        Assert.Equal(1UL, Parameters(install[1]).SourceComponent);
        Assert.Equal(new SuitReportingCommand(SuitCommandCodes.DirectiveCopy, SysInfoOnSuccess), install[2]);
    }

    [Fact]
    public void Decode_Example5_TwoComponents()
    {
        var manifest = SuitEnvelope.Decode(SuitVectors.Signed(5)).Manifest;

        Assert.Equal(["00", "01"], ComponentIds(manifest));
        var shared = manifest.Common.SharedSequence!.Commands;
        Assert.Equal(6, shared.Count);
        AssertIndex(0, shared[0]);
        AssertImageParameters(shared[1], vendorAndClass: true, ImageDigest0, ImageSize0);
        AssertIndex(1, shared[4]);
        AssertImageParameters(shared[5], vendorAndClass: false, ImageDigest1, ImageSize1);

        var install = manifest.Install!.Inline!.Commands;
        Assert.Equal(8, install.Count);
        Assert.Equal("http://example.com/file1.bin", Parameters(install[1]).Uri);
        AssertIndex(1, install[4]);
        Assert.Equal("http://example.com/file2.bin", Parameters(install[5]).Uri);
    }

    private static void AssertIndex(ulong index, SuitCommand command)
    {
        var set = Assert.IsType<SuitSetComponentIndex>(command);
        Assert.False(set.AllComponents);
        Assert.Equal([index], set.Indexes);
    }

    private static string[] ComponentIds(SuitManifest manifest) =>
        [.. manifest.Common.Components.Select(id => string.Concat(id.Select(Convert.ToHexStringLower)))];

    private static SuitParameters Parameters(SuitCommand command)
    {
        var parameters = Assert.IsType<SuitParametersCommand>(command);
        Assert.Equal(SuitCommandCodes.DirectiveOverrideParameters, parameters.Code);
        return parameters.Parameters;
    }

    private static void AssertImageParameters(SuitCommand command, bool vendorAndClass, string digest, ulong size)
    {
        var parameters = Parameters(command);
        Assert.Equal(vendorAndClass ? VendorId : null, parameters.VendorId is { } v ? Convert.ToHexStringLower(v) : null);
        Assert.Equal(vendorAndClass ? ClassId : null, parameters.ClassId is { } c ? Convert.ToHexStringLower(c) : null);
        Assert.False(parameters.VendorIdIsPen);
        Assert.Equal(-16, parameters.ImageDigest!.Algorithm);
        Assert.Equal(digest, Convert.ToHexStringLower(parameters.ImageDigest.Bytes.Span));
        Assert.Equal(size, parameters.ImageSize);
    }

    private static void AssertSlot(SuitCommandSequence candidate, ulong slot, string digest, ulong size)
    {
        Assert.Equal(3, candidate.Commands.Count);
        Assert.Equal(slot, Parameters(candidate.Commands[0]).ComponentSlot);
        Assert.Equal(new SuitReportingCommand(SuitCommandCodes.ConditionComponentSlot, (SuitReportingPolicy)5), candidate.Commands[1]);
        AssertImageParameters(candidate.Commands[2], vendorAndClass: false, digest, size);
    }
}
