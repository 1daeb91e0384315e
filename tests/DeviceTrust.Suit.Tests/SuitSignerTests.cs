using System.Formats.Cbor;
using System.Security.Cryptography;

namespace DeviceTrust.Suit.Tests;

/// <summary>Envelopes built by <see cref="SuitManifestBuilder"/> and signed by <see cref="SuitSigner"/>: they decode,
/// verify with the public key, and re-encode to the same bytes; severed members verify against their digests.</summary>
public sealed class SuitSignerTests
{
    public static TheoryData<int, bool> Layouts => new()
    {
        { -7, true },
        { -7, false },
        { -9, true },
        { -9, false },
    };

    [Theory]
    [MemberData(nameof(Layouts))]
    public void Sign_BuiltManifest_DecodesVerifiesAndReencodesIdentically(int algorithm, bool tagged)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        var encoded = SuitSigner.Sign(SuitSamples.TwoComponents(), key, algorithm, SuitSamples.SeverAll(tagged));

        var envelope = SuitEnvelope.Decode(encoded);
        Assert.Equal(tagged, envelope.IsTagged);
        Assert.Equal(algorithm, Assert.Single(envelope.Authentication.Signatures).Algorithm.Integer);
        Assert.True(Assert.Single(envelope.Authentication.Signatures).IsDetached);
        Assert.Equal(SuitVerification.Verified, envelope.Verify(key));
        Assert.Equal(Convert.ToHexString(encoded), Convert.ToHexString(envelope.Encode()));
        Assert.Equal(7UL, envelope.Manifest.SequenceNumber);
        Assert.Equal(2, envelope.Manifest.Common.Components.Count);
        Assert.Equal(SuitSamples.Firmware, envelope.IntegratedPayloads[SuitSamples.FirmwareKey].ToArray());
    }

    [Fact]
    public void Sign_SeverInstallAndText_ManifestHoldsDigestsOfTheWrappedMembersAndEnvelopeTheMembers()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        var envelope = SuitEnvelope.Decode(SuitSigner.Sign(SuitSamples.TwoComponents(), key, -7, SuitSamples.SeverAll()));

        Assert.True(envelope.Manifest.Install!.IsSevered);
        Assert.True(envelope.Manifest.Text!.IsSevered);
        Assert.Null(envelope.Manifest.PayloadFetch);
        // The digest covers the member's byte string with its head.
        Assert.Equal(SHA256.HashData(envelope.SeveredInstall!.Wrapped.Span), envelope.Manifest.Install.Digest!.Bytes.ToArray());
        Assert.Equal(SHA256.HashData(envelope.SeveredText!.Wrapped.Span), envelope.Manifest.Text.Digest!.Bytes.ToArray());
        var uris = envelope.Install!.Commands.OfType<SuitParametersCommand>().Select(c => c.Parameters.Uri).ToList();
        Assert.Equal([SuitSamples.FirmwareKey, SuitSamples.AppUri], uris);
        Assert.Equal(SuitSamples.Description, envelope.Text!.Languages["en-US"].Texts[SuitTextKeys.ManifestDescription]);
        Assert.Equal("Beispiel", envelope.Text.Languages["de"].Texts[SuitTextKeys.ManifestDescription]);
        Assert.Equal(SuitSamples.VendorName, Assert.Single(envelope.Text.Languages["en-US"].Components).Texts[SuitTextKeys.VendorName]);
    }

    [Fact]
    public void Sign_NothingSevered_MembersInlineAndEnvelopeCarriesNone()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        var envelope = SuitEnvelope.Decode(SuitSigner.Sign(SuitSamples.TwoComponents(), key, -7));

        Assert.False(envelope.Manifest.Install!.IsSevered);
        Assert.False(envelope.Manifest.Text!.IsSevered);
        Assert.Null(envelope.SeveredInstall);
        Assert.Null(envelope.SeveredText);
        Assert.Equal(SuitVerification.Verified, envelope.Verify(key));
    }

    [Theory]
    [InlineData(SuitSamples.AppUri, "https://example.com/app.bix", SuitVerificationFailure.SeveredMemberMismatch, "install")]
    [InlineData(SuitSamples.Description, "DeviceTrust sample updatE", SuitVerificationFailure.SeveredMemberMismatch, "text")]
    [InlineData("integrated firmware image", "integrated firmware imagE", SuitVerificationFailure.None, null)]
    public void Verify_TamperedSeveredMember_FailsWithItsReason(string from, string to, SuitVerificationFailure failure, string? member)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var encoded = SuitSigner.Sign(SuitSamples.TwoComponents(), key, -7, SuitSamples.SeverAll());

        var result = SuitEnvelope.Decode(SuitSamples.Replace(encoded, from, to)).Verify(key);

        // An integrated payload is not covered by the signature, only by the image digest the processor checks.
        Assert.Equal(failure, result.Failure);
        if (member is not null)
            Assert.Contains($"severed {member} member does not match", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_TamperedManifestOrOtherKey_Fails()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var encoded = SuitSigner.Sign(SuitSamples.TwoComponents(), key, -9, SuitSamples.SeverAll());
        var vendor = Convert.FromHexString(SuitExampleTests.VendorId);
        var index = encoded.AsSpan().IndexOf(vendor);
        var tampered = encoded.ToArray();
        tampered[index] ^= 0x01;

        Assert.Equal(SuitVerificationFailure.ManifestDigestMismatch, SuitEnvelope.Decode(tampered).Verify(key).Failure);
        Assert.Equal(SuitVerificationFailure.SignatureInvalid, SuitEnvelope.Decode(encoded).Verify(other).Failure);
    }

    [Theory]
    [InlineData(-35)]
    [InlineData(-8)]
    public void Sign_OtherAlgorithm_Throws(int algorithm)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        Assert.Throws<ArgumentException>(() => SuitSigner.Sign(SuitSamples.TwoComponents(), key, algorithm));
    }

    [Fact]
    public void Sign_Esp256WithP384Key_Throws()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP384);

        Assert.Throws<ArgumentException>(() => SuitSigner.Sign(SuitSamples.TwoComponents(), key, -9));
    }

    [Fact]
    public void Sign_Example0ManifestWithFreshKey_VerifiesAndKeepsTheExampleDigest()
    {
        var example = SuitEnvelope.Decode(SuitVectors.Signed(0));
        using var fresh = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var published = SuitVectors.PublicKey();

        var envelope = SuitEnvelope.Decode(SuitSigner.Sign(example.Manifest, fresh, -7));

        Assert.Equal(SuitVerification.Verified, envelope.Verify(fresh));
        Assert.Equal(SuitVerificationFailure.SignatureInvalid, envelope.Verify(published).Failure);
        Assert.Equal(example.EncodedManifest.ToArray(), envelope.EncodedManifest.ToArray());
        Assert.Equal(example.Authentication.EncodedDigest.ToArray(), envelope.Authentication.EncodedDigest.ToArray());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void Build_ExampleManifest_IsByteIdenticalToTheDraftExample(int example)
    {
        var builder = new SuitManifestBuilder((ulong)example, Convert.FromHexString(SuitExampleTests.VendorId), Convert.FromHexString(SuitExampleTests.ClassId));
        var image = new SuitImage([[0x00]], Convert.FromHexString(SuitExampleTests.ImageDigest0), 34768);
        if (example == 0)
            builder.AddImage(image).Invoke(0);
        else
            builder.AddImage(image with { Uri = "http://example.com/file.bin" });

        var manifest = builder.Build().Encode();

        var expected = new CborReader(SuitEnvelope.Decode(SuitVectors.Signed(example)).EncodedManifest).ReadByteString();
        Assert.Equal(Convert.ToHexString(expected), Convert.ToHexString(manifest));
    }

    [Fact]
    public void Build_NoImage_Throws()
    {
        var builder = new SuitManifestBuilder(1, new byte[16], new byte[16]);

        Assert.Throws<InvalidOperationException>(builder.Build);
    }
}
