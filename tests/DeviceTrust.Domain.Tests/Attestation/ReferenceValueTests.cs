using DeviceTrust.Domain.Attestation;

namespace DeviceTrust.Domain.Tests.Attestation;

public sealed class ReferenceValueTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);
    private static readonly byte[] Sha256Digest = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();

    private static ReferenceValue Add(DigestAlgorithm algorithm = DigestAlgorithm.Sha256, byte[]? digest = null, string version = " 3.2.1 ", string component = " application ") =>
        ReferenceValue.Add(Guid.NewGuid(), "Kumo Meter M7", version, component, algorithm, digest ?? Sha256Digest, "user:officer", Now);

    [Fact]
    public void Add_TrimsNames_CopiesTheDigest_AndTheAdditionIsAnEvent()
    {
        var digest = Sha256Digest.ToArray();

        var value = Add(digest: digest);
        digest[0] = 0xFF;

        Assert.Equal(("3.2.1", "application", DigestAlgorithm.Sha256), (value.FirmwareVersion, value.Component, value.DigestAlgorithm));
        Assert.Equal(Sha256Digest, value.Digest);
        var added = Assert.IsType<ReferenceValueAdded>(Assert.Single(value.DomainEvents));
        Assert.Equal(("Kumo Meter M7", Convert.ToHexStringLower(Sha256Digest)), (added.DeviceClass, added.DigestHex));
    }

    [Theory]
    [InlineData(DigestAlgorithm.Sha256, 31)]
    [InlineData(DigestAlgorithm.Sha256, 48)]
    [InlineData(DigestAlgorithm.Sha384, 32)]
    [InlineData(DigestAlgorithm.Sha512, 48)]
    public void Add_DigestOfTheWrongLengthForItsAlgorithm_Refused(DigestAlgorithm algorithm, int length)
    {
        var e = Assert.Throws<DomainException>(() => Add(algorithm, new byte[length]));
        Assert.Contains($"{algorithm.Length()} bytes", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Add_UnknownAlgorithmOrMissingNames_Refused()
    {
        Assert.Throws<DomainException>(() => Add((DigestAlgorithm)(-18)));
        Assert.Throws<DomainException>(() => Add(version: " "));
        Assert.Throws<DomainException>(() => Add(component: new string('c', 65)));
    }

    [Fact]
    public void Matches_SameAlgorithmAndDigestOnly_AndNotOnceRemoved()
    {
        var value = Add();

        Assert.True(value.Matches(DigestAlgorithm.Sha256, Sha256Digest));
        Assert.False(value.Matches(DigestAlgorithm.Sha256, new byte[32]));
        Assert.False(value.Matches(DigestAlgorithm.Sha384, Sha256Digest));

        value.Remove("Kumo Meter M7", "user:officer", Now.AddHours(1));

        Assert.False(value.Matches(DigestAlgorithm.Sha256, Sha256Digest));
        Assert.IsType<ReferenceValueRemoved>(value.DomainEvents[^1]);
        Assert.Throws<DomainException>(() => value.Remove("Kumo Meter M7", "user:officer", Now.AddHours(2)));
    }
}
