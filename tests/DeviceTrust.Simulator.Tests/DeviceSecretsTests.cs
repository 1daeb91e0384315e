using System.Security.Cryptography;
using System.Text;

namespace DeviceTrust.Simulator.Tests;

public sealed class DeviceSecretsTests
{
    [Theory]
    [InlineData("DEV-ONLY fleet secret: not for production", "ACME-T1-TKY-00001")]
    [InlineData("k", "KUMO-M7-00100")]
    [InlineData("ünïcødé key", "SERIAL-ÄÖ")]
    public void Derive_AnyInput_MatchesIndependentHmacBase64Url(string fleetSecret, string serial)
    {
        using var hmac = new HMACSHA256(Encoding.UTF8.GetBytes(fleetSecret));
        var expected = Convert.ToBase64String(hmac.ComputeHash(Encoding.UTF8.GetBytes(serial)))
            .TrimEnd('=')
            .Replace('+', '-')
            .Replace('/', '_');

        Assert.Equal(expected, DeviceSecrets.Derive(fleetSecret, serial));
    }

    [Fact]
    public void Derive_KnownVector_MatchesRfc4231TestCase2()
    {
        // RFC 4231 section 4.3: key "Jefe", data "what do ya want for nothing?".
        const string ExpectedHex = "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843";
        var expected = Convert.ToBase64String(Convert.FromHexString(ExpectedHex))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');

        var secret = DeviceSecrets.Derive("Jefe", "what do ya want for nothing?");

        Assert.Equal(expected, secret);
        Assert.Equal(43, secret.Length);
        Assert.DoesNotContain('=', secret);
    }

    [Fact]
    public void Derive_DifferentSerials_GiveDifferentSecrets()
    {
        Assert.NotEqual(DeviceSecrets.Derive("fleet", "A-00001"), DeviceSecrets.Derive("fleet", "A-00002"));
    }
}
