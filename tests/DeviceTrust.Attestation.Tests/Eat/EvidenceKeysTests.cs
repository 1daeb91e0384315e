using System.Security.Cryptography;
using DeviceTrust.Attestation.Eat;

namespace DeviceTrust.Attestation.Tests.Eat;

/// <summary>
/// Verifying evidence with a stored SubjectPublicKeyInfo: the key is imported once and kept, a bounded number of them,
/// and a kept key answers as a fresh import would, from any number of threads at once.
/// </summary>
public sealed class EvidenceKeysTests
{
    [Fact]
    public void VerifySignature_Spki_SameAnswersAsAFreshlyImportedKey()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var token = EatEvidence.Read(EatEvidence.Build(EatSamples.DeviceTrust(), key));
        var otherToken = EatEvidence.Read(EatEvidence.Build(EatSamples.DeviceTrust(), other));
        var spki = key.ExportSubjectPublicKeyInfo();
        using var fresh = ECDsa.Create();
        fresh.ImportSubjectPublicKeyInfo(spki, out _);

        for (var time = 0; time < 3; time++)
        {
            // The first call imports, the others use the kept key.
            Assert.Equal(token.VerifySignature(fresh), token.VerifySignature(spki));
            Assert.True(token.VerifySignature(spki));
            Assert.False(otherToken.VerifySignature(spki));
            Assert.False(token.VerifySignature(other.ExportSubjectPublicKeyInfo()));
        }
    }

    [Fact]
    public void VerifySignature_TamperedPayloadWithAKeptKey_False()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var spki = key.ExportSubjectPublicKeyInfo();
        var encoded = EatEvidence.Build(EatSamples.DeviceTrust(EatSamples.Hex("0101010101010101")), key);
        Assert.True(EatEvidence.Read(encoded).VerifySignature(spki));
        encoded[encoded.AsSpan().IndexOf(EatSamples.Hex("0101010101010101"))] = 0x02;

        Assert.False(EatEvidence.Read(encoded).VerifySignature(spki));
    }

    [Fact]
    public void VerifySignature_BytesThatAreNoEcKey_False()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var rsa = RSA.Create(2048);
        var token = EatEvidence.Read(EatEvidence.Build(EatSamples.DeviceTrust(), key));
        var spki = key.ExportSubjectPublicKeyInfo();

        Assert.False(token.VerifySignature(rsa.ExportSubjectPublicKeyInfo()));
        Assert.False(token.VerifySignature([0x30, 0x03, 0x02, 0x01, 0x00]));
        Assert.False(token.VerifySignature(ReadOnlySpan<byte>.Empty));
        Assert.False(token.VerifySignature(spki[..^1]));
        Assert.True(token.VerifySignature(spki));
    }

    [Fact]
    public void VerifySignature_CallerChangesItsBufferAfterwards_TheKeptKeyIsUnchanged()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var token = EatEvidence.Read(EatEvidence.Build(EatSamples.DeviceTrust(), key));
        var buffer = key.ExportSubjectPublicKeyInfo();
        Assert.True(token.VerifySignature(buffer));

        other.ExportSubjectPublicKeyInfo().CopyTo(buffer, 0);

        Assert.False(token.VerifySignature(buffer));
        Assert.True(token.VerifySignature(key.ExportSubjectPublicKeyInfo()));
    }

    [Fact]
    public void VerifySignature_MoreKeysThanTheCapacity_CacheStaysBoundedAndAnswersStayRight()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var token = EatEvidence.Read(EatEvidence.Build(EatSamples.DeviceTrust(), key));
        var spki = key.ExportSubjectPublicKeyInfo();
        Assert.True(token.VerifySignature(spki));

        // One-off keys, more than the cache keeps: each is imported, and none verifies the token.
        for (var i = 0; i < EvidenceKeys.Capacity + 16; i++)
        {
            using var oneOff = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            Assert.False(token.VerifySignature(oneOff.ExportSubjectPublicKeyInfo()));
            Assert.InRange(EvidenceKeys.Count, 0, EvidenceKeys.Capacity);
        }

        Assert.True(token.VerifySignature(spki));
    }

    [Fact]
    public async Task VerifySignature_ManyThreadsSharingKeys_EveryAnswerRight()
    {
        // Four devices, four tokens each; every thread checks every token against every device's key.
        var keys = Enumerable.Range(0, 4).Select(_ => ECDsa.Create(ECCurve.NamedCurves.nistP256)).ToArray();
        try
        {
            var spkis = keys.Select(k => k.ExportSubjectPublicKeyInfo()).ToArray();
            var tokens = keys.SelectMany((k, device) => Enumerable.Range(0, 4)
                .Select(_ => (Device: device, Token: EatEvidence.Read(EatEvidence.Build(EatSamples.DeviceTrust(RandomNumberGenerator.GetBytes(16)), k)))))
                .ToArray();

            var wrong = 0;
            await Parallel.ForAsync(0, 64, TestContext.Current.CancellationToken, (round, _) =>
            {
                foreach (var (device, token) in tokens)
                {
                    for (var candidate = 0; candidate < spkis.Length; candidate++)
                    {
                        // A fresh copy of the bytes each time: the cache matches by content.
                        if (token.VerifySignature(spkis[(candidate + round) % spkis.Length].ToArray()) != (device == (candidate + round) % spkis.Length))
                            Interlocked.Increment(ref wrong);
                    }
                }
                return ValueTask.CompletedTask;
            });

            Assert.Equal(0, wrong);
        }
        finally
        {
            foreach (var key in keys)
                key.Dispose();
        }
    }
}
