using DeviceTrust.Domain.Accounts;

namespace DeviceTrust.Domain.Tests.Accounts;

public sealed class ApiTokenTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 9, 0, 0, TimeSpan.Zero);
    private static readonly byte[] Hash = new byte[32];

    [Fact]
    public void Issue_ValidInput_IsActiveAndKeepsFields()
    {
        var token = ApiToken.Issue("user-1", "  ci pipeline ", "dt_abcdef", Hash, Now, Now.AddDays(30));

        Assert.Equal("user-1", token.UserId);
        Assert.Equal("ci pipeline", token.Name);
        Assert.Equal("dt_abcdef", token.Prefix);
        Assert.Equal(Now, token.CreatedAt);
        Assert.Equal(Now.AddDays(30), token.ExpiresAt);
        Assert.Null(token.RevokedAt);
        Assert.NotEqual(Guid.Empty, token.Id);
        Assert.True(token.IsActive(Now));
    }

    [Fact]
    public void IsActive_AtAndAfterExpiry_False()
    {
        var token = ApiToken.Issue("user-1", "t", "dt_abcdef", Hash, Now, Now.AddDays(1));

        Assert.True(token.IsActive(Now.AddDays(1).AddTicks(-1)));
        Assert.False(token.IsActive(Now.AddDays(1)));
        Assert.False(token.IsActive(Now.AddDays(2)));
    }

    [Fact]
    public void IsActive_NoExpiry_ActiveUntilRevoked()
    {
        var token = ApiToken.Issue("user-1", "t", "dt_abcdef", Hash, Now, null);
        Assert.True(token.IsActive(Now.AddYears(50)));

        token.Revoke(Now.AddDays(1));

        Assert.Equal(Now.AddDays(1), token.RevokedAt);
        Assert.False(token.IsActive(Now.AddDays(1)));
        Assert.False(token.IsActive(Now));
    }

    [Fact]
    public void Revoke_Twice_ThrowsAndKeepsFirstRevocation()
    {
        var token = ApiToken.Issue("user-1", "t", "dt_abcdef", Hash, Now, null);
        token.Revoke(Now.AddHours(1));

        Assert.Throws<DomainException>(() => token.Revoke(Now.AddHours(2)));
        Assert.Equal(Now.AddHours(1), token.RevokedAt);
    }

    [Fact]
    public void MarkUsed_Any_SetsLastUsed()
    {
        var token = ApiToken.Issue("user-1", "t", "dt_abcdef", Hash, Now, null);

        token.MarkUsed(Now.AddMinutes(3));

        Assert.Equal(Now.AddMinutes(3), token.LastUsedAt);
    }

    [Theory]
    [InlineData("", "name", 32, 1)]
    [InlineData("user-1", "", 32, 1)]
    [InlineData("user-1", "  ", 32, 1)]
    [InlineData("user-1", "name", 31, 1)]
    [InlineData("user-1", "name", 32, 0)]
    [InlineData("user-1", "name", 32, -1)]
    public void Issue_InvalidInput_Throws(string userId, string name, int hashLength, int expiresInDays)
    {
        Assert.Throws<DomainException>(() => ApiToken.Issue(userId, name, "dt_abcdef", new byte[hashLength], Now, Now.AddDays(expiresInDays)));
    }

    [Fact]
    public void Issue_NameLongerThan64_Throws()
    {
        Assert.Throws<DomainException>(() => ApiToken.Issue("user-1", new string('n', 65), "dt_abcdef", Hash, Now, null));
        Assert.Equal(64, ApiToken.Issue("user-1", new string('n', 64), "dt_abcdef", Hash, Now, null).Name.Length);
    }
}
