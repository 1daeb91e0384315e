using System.Security.Cryptography;
using System.Text;
using DeviceTrust.Application.Provisioning.Manufacturers;
using DeviceTrust.Attestation.Eat;
using DeviceTrust.Cose;

namespace DeviceTrust.Application.Tests.Attestation.Vendor;

/// <summary>
/// The per-device evidence secret of a simulated manufacturer (DEV-ONLY): HKDF-SHA256 (RFC 5869) of its master secret
/// and the serial, so its factory and its verifier derive the same secret and kid without a table.
/// </summary>
public sealed class VendorAttestationSecretsTests
{
    private static readonly byte[] Master = Enumerable.Range(0, 32).Select(i => (byte)(0xC0 ^ i)).ToArray();

    [Fact]
    public void ForDevice_SameMasterAndSerial_SameSecretAndKid()
    {
        var first = VendorAttestationSecrets.ForDevice(Master, "SN-0001");
        var again = VendorAttestationSecrets.ForDevice(Master.ToArray(), "SN-0001");

        Assert.Equal(first.ExportKeyValue(), again.ExportKeyValue());
        Assert.Equal(KidOf(first), KidOf(again));
    }

    [Theory]
    [InlineData("SN-0002")]
    [InlineData("sn-0001")]
    [InlineData("SN-00010")]
    [InlineData("SN-000")]
    public void ForDevice_OtherSerial_OtherSecretAndKid(string other)
    {
        var device = VendorAttestationSecrets.ForDevice(Master, "SN-0001");
        var otherDevice = VendorAttestationSecrets.ForDevice(Master, other);

        Assert.NotEqual(device.ExportKeyValue(), otherDevice.ExportKeyValue());
        Assert.NotEqual(KidOf(device), KidOf(otherDevice));
    }

    [Fact]
    public void ForDevice_OtherMaster_OtherSecretAndKid()
    {
        var otherMaster = Master.ToArray();
        otherMaster[31] ^= 0x01;

        var device = VendorAttestationSecrets.ForDevice(Master, "SN-0001");
        var sameSerialOtherManufacturer = VendorAttestationSecrets.ForDevice(otherMaster, "SN-0001");

        Assert.NotEqual(device.ExportKeyValue(), sameSerialOtherManufacturer.ExportKeyValue());
        Assert.NotEqual(KidOf(device), KidOf(sameSerialOtherManufacturer));
    }

    [Fact]
    public void ForDevice_Kid16Bytes_Secret32Bytes_KidIsNoPartOfTheSecret()
    {
        var secret = VendorAttestationSecrets.ForDevice(Master, "SN-0001");
        var value = secret.ExportKeyValue();
        var kid = KidOf(secret);

        Assert.Equal(VendorAttestationSecrets.KeyIdLength, kid.Length);
        Assert.Equal(16, kid.Length);
        Assert.Equal(32, value.Length);
        Assert.NotEqual(value[..16], kid);
        Assert.True(value.AsSpan().IndexOf(kid) < 0, "the kid appears inside the secret");
    }

    [Fact]
    public void ForDevice_SecretIsForHmac256_256_AndMacsEvidenceThatVerifies()
    {
        var secret = VendorAttestationSecrets.ForDevice(Master, "SN-0001");
        var claims = new EatClaimsSet
        {
            Profile = EatProfileId.FromUri(DeviceTrustEatProfile.ProfileUri),
            Nonce = [new byte[32]],
            IssuedAt = EatNumericDate.FromSeconds(1_765_000_000),
        };

        var token = VendorEvidence.Read(VendorEvidence.Build(claims, secret));

        Assert.Equal(CoseLabel.Of(CoseAlgorithms.HMAC256_256), secret.Algorithm);
        Assert.Equal(KidOf(secret), token.KeyId);
        Assert.True(token.VerifyTag(VendorAttestationSecrets.ForDevice(Master, "SN-0001")));   // the verifier derives it again
        Assert.False(token.VerifyTag(VendorAttestationSecrets.ForDevice(Master, "SN-0002")));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(16)]
    [InlineData(31)]
    [InlineData(33)]
    [InlineData(64)]
    public void ForDevice_MasterNot32Bytes_ArgumentException(int length)
    {
        var error = Assert.Throws<ArgumentException>(() => VendorAttestationSecrets.ForDevice(new byte[length], "SN-0001"));

        Assert.Equal("masterSecret", error.ParamName);
    }

    [Fact]
    public void ForDevice_EmptySerial_ArgumentException() =>
        Assert.Throws<ArgumentException>(() => VendorAttestationSecrets.ForDevice(Master, ""));

    [Theory]
    [InlineData("SN-0001")]
    [InlineData("Überwachung-42 ✓")]   // the serial is taken as UTF-8
    public void ForDevice_SameAsAnIndependentRfc5869Hkdf(string serial)
    {
        var secret = VendorAttestationSecrets.ForDevice(Master, serial);

        Assert.Equal(Hkdf(Master, [], "DeviceTrust DEV-ONLY vendor attestation secret v1|" + serial, 32), secret.ExportKeyValue());
        Assert.Equal(Hkdf(Master, [], "DeviceTrust DEV-ONLY vendor attestation secret id v1|" + serial, 16), KidOf(secret));
    }

    [Fact]
    public void Hkdf_InThisTest_GivesRfc5869TestCase3()
    {
        // RFC 5869 Appendix A.3: SHA-256, zero-length salt and info. Checks the helper the test above relies on.
        var okm = Hkdf(Enumerable.Repeat((byte)0x0b, 22).ToArray(), [], "", 42);

        Assert.Equal(Convert.FromHexString(
            "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8"), okm);
    }

    private static byte[] KidOf(CoseSymmetricKey key) =>
        key.KeyId?.ToArray() ?? throw new InvalidOperationException("the secret has no kid");

    /// <summary>HKDF (RFC 5869 §2.2 extract, §2.3 expand) with HMAC-SHA256, written out.</summary>
    private static byte[] Hkdf(byte[] ikm, byte[] salt, string info, int length)
    {
        byte[] prk;
        using (var extract = new HMACSHA256(salt))
            prk = extract.ComputeHash(ikm);
        var infoBytes = Encoding.UTF8.GetBytes(info);
        var okm = new List<byte>();
        var previous = Array.Empty<byte>();
        using var expand = new HMACSHA256(prk);
        for (byte i = 1; okm.Count < length; i++)
        {
            previous = expand.ComputeHash([.. previous, .. infoBytes, i]);
            okm.AddRange(previous);
        }
        return okm.Take(length).ToArray();
    }
}
