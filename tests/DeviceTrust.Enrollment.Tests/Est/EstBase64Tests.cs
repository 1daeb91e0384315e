using System.Text;
using DeviceTrust.Enrollment.Est;

namespace DeviceTrust.Enrollment.Tests.Est;

public class EstBase64Tests
{
    private static readonly byte[] Der = Enumerable.Range(0, 200).Select(i => (byte)i).ToArray();

    [Fact]
    public void Encode_WithLineBreaks_UsesCrLfLinesOfAtMost64()
    {
        var text = EstBase64.Encode(Der);

        var lines = text.Split("\r\n");
        Assert.Equal("", lines[^1]);
        Assert.All(lines[..^2], l => Assert.Equal(64, l.Length));
        Assert.Equal(Convert.ToBase64String(Der), string.Concat(lines));
    }

    [Fact]
    public void Encode_WithoutLineBreaks_IsPlainBase64()
    {
        Assert.Equal(Convert.ToBase64String(Der), EstBase64.Encode(Der, lineBreaks: false));
    }

    [Theory]
    [InlineData("\r\n")]
    [InlineData("\n")]
    [InlineData(" ")]
    [InlineData("\t")]
    public void Decode_WhitespaceBetweenCharacters_Tolerated(string separator)
    {
        var plain = Convert.ToBase64String(Der);
        var spaced = string.Join(separator, plain.Chunk(10).Select(c => new string(c))) + separator;

        Assert.Equal(Der, EstBase64.Decode(spaced));
        Assert.Equal(Der, EstBase64.Decode(Encoding.ASCII.GetBytes(spaced)));
    }

    [Theory]
    [InlineData("AAA*", "invalid base64 character '*'", 3)]
    [InlineData("AA-_", "invalid base64 character '-'", 2)]
    [InlineData("AA=A", "'A' after '=' padding", 3)]
    [InlineData("AA\0A", "invalid base64 character '\\u0000'", 2)]
    public void Decode_InvalidCharacter_ThrowsNamingCharacterAndOffset(string body, string what, int offset)
    {
        var error = Assert.Throws<EnrollmentFormatException>(() => EstBase64.Decode(body));

        Assert.Equal(what, error.What);
        Assert.Equal($"EST base64 body at offset {offset}", error.Where);
    }

    [Theory]
    [InlineData("AAA")]
    [InlineData("AAAAA===")]
    [InlineData("A===")]
    public void Decode_IncompleteGroupOrPadding_Throws(string body)
    {
        Assert.Throws<EnrollmentFormatException>(() => EstBase64.Decode(body));
    }

    [Theory]
    [InlineData("")]
    [InlineData(" \r\n ")]
    public void Decode_Empty_ThrowsEmptyBody(string body)
    {
        Assert.Equal("empty body", Assert.Throws<EnrollmentFormatException>(() => EstBase64.Decode(body)).What);
    }
}
