using DeviceTrust.Domain.Devices;

namespace DeviceTrust.Domain.Tests.Devices;

public sealed class SerialNumberTests
{
    [Theory]
    [InlineData("A")]
    [InlineData("ACME-T1-TKY-00001")]
    [InlineData("kumo-m7.rev-2")]
    public void Validate_LettersDigitsDashDot_ReturnsTheValue(string serial)
    {
        Assert.True(SerialNumber.IsValid(serial));
        Assert.Equal(serial, SerialNumber.Validate(serial));
    }

    [Fact]
    public void Validate_MaxLength_AcceptedAndOneMoreRefused()
    {
        Assert.True(SerialNumber.IsValid(new string('a', SerialNumber.MaxLength)));
        Assert.False(SerialNumber.IsValid(new string('a', SerialNumber.MaxLength + 1)));
        Assert.Equal(64, SerialNumber.MaxLength);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("SN 1")]
    [InlineData("SN/1")]
    [InlineData("SN:1")]
    [InlineData("SN,1")]
    [InlineData("SN_1")] // not a PrintableString character: the serial could not go into a certificate subject
    [InlineData("SN\n")]
    [InlineData("SNé")]
    [InlineData("SN١")]
    public void Validate_OtherCharactersOrEmpty_Throws(string? serial)
    {
        Assert.False(SerialNumber.IsValid(serial));
        Assert.Throws<DomainException>(() => SerialNumber.Validate(serial));
    }
}
