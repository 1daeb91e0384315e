using DeviceTrust.Application.Accounts.ApiTokens;
using DeviceTrust.Application.Audit;
using DeviceTrust.Application.Common;
using DeviceTrust.Domain;
using DeviceTrust.Domain.Accounts;
using DeviceTrust.Testing;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace DeviceTrust.Application.Tests.Accounts;

public sealed class ApiTokenServiceTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 27, 9, 0, 0, TimeSpan.Zero));
    private TestDatabase _database = null!;
    private Actor _operator = null!;
    private Actor _auditor = null!;

    public async ValueTask InitializeAsync()
    {
        // Registered before AddInfrastructureServices, whose TryAddSingleton then keeps it.
        _database = await TestDatabase.CreateAsync(configure: b => b.Services.AddSingleton<TimeProvider>(_clock));
        _operator = await SeededUserAsync("operator", Roles.Operator);
        _auditor = await SeededUserAsync("auditor", Roles.Auditor);
    }

    public async ValueTask DisposeAsync() => await _database.DisposeAsync();

    private ApiTokenService Tokens => _database.Get<ApiTokenService>();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void TimeProvider_RegisteredBeforeInfrastructure_IsTheFakeClock()
    {
        Assert.Same(_clock, _database.Get<TimeProvider>());
    }

    [Fact]
    public async Task CreateAsync_ValidRequest_ReturnsADtTokenThatValidatesToItsOwner()
    {
        var created = await Tokens.CreateAsync(_operator, "ci pipeline", 30, Ct);

        Assert.StartsWith("dt_", created.Token, StringComparison.Ordinal);
        Assert.True(created.Token.Length >= 3 + 43, "A token carries at least 256 random bits.");
        Assert.Equal("ci pipeline", created.Info.Name);
        Assert.Equal(created.Token[..9], created.Info.Prefix);
        Assert.Equal(_clock.GetUtcNow().AddDays(30), created.Info.ExpiresAt);
        Assert.True(created.Info.Active);

        Assert.Equal(_operator.UserId, await Tokens.ValidateAsync(created.Token, Ct));
    }

    [Fact]
    public async Task ValidateAsync_RevokedToken_ReturnsNull()
    {
        var created = await Tokens.CreateAsync(_operator, "laptop", null, Ct);

        await Tokens.RevokeAsync(_operator, created.Info.Id, Ct);

        Assert.Null(await Tokens.ValidateAsync(created.Token, Ct));
        await Assert.ThrowsAsync<DomainException>(() => Tokens.RevokeAsync(_operator, created.Info.Id, Ct));
    }

    [Fact]
    public async Task ValidateAsync_ExpiredToken_ReturnsNull()
    {
        var created = await Tokens.CreateAsync(_operator, "short-lived", 1, Ct);

        _clock.Advance(TimeSpan.FromDays(1) - TimeSpan.FromSeconds(1));
        Assert.Equal(_operator.UserId, await Tokens.ValidateAsync(created.Token, Ct));

        _clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Null(await Tokens.ValidateAsync(created.Token, Ct));
        Assert.False(Assert.Single(await Tokens.ListAsync(_operator.UserId!, Ct)).Active);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not-a-token")]
    [InlineData("dt_")]
    [InlineData("dt_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public async Task ValidateAsync_UnknownOrMalformed_ReturnsNull(string? presented)
    {
        await Tokens.CreateAsync(_operator, "existing", null, Ct);

        Assert.Null(await Tokens.ValidateAsync(presented, Ct));
    }

    [Fact]
    public async Task ValidateAsync_TokenWithAnotherPrefix_ReturnsNull()
    {
        var created = await Tokens.CreateAsync(_operator, "ci", null, Ct);

        Assert.Null(await Tokens.ValidateAsync("xx_" + created.Token[3..], Ct));
        Assert.Null(await Tokens.ValidateAsync(created.Token + "x", Ct));
    }

    [Fact]
    public async Task ValidateAsync_Used_RecordsLastUsed()
    {
        var created = await Tokens.CreateAsync(_operator, "ci", null, Ct);
        _clock.Advance(TimeSpan.FromMinutes(10));

        await Tokens.ValidateAsync(created.Token, Ct);

        Assert.Equal(_clock.GetUtcNow(), Assert.Single(await Tokens.ListAsync(_operator.UserId!, Ct)).LastUsedAt);
    }

    [Fact]
    public async Task ListAsync_OwnTokens_ShowsPrefixesNotSecretsNewestFirst()
    {
        var first = await Tokens.CreateAsync(_operator, "first", null, Ct);
        _clock.Advance(TimeSpan.FromMinutes(1));
        var second = await Tokens.CreateAsync(_operator, "second", 7, Ct);
        await Tokens.CreateAsync(_auditor, "someone else's", null, Ct);

        var listed = await Tokens.ListAsync(_operator.UserId!, Ct);

        Assert.Equal(["second", "first"], listed.Select(t => t.Name));
        Assert.Equal([second.Token[..9], first.Token[..9]], listed.Select(t => t.Prefix));
        foreach (var info in listed)
        {
            Assert.DoesNotContain(first.Token, info.ToString(), StringComparison.Ordinal);
            Assert.DoesNotContain(second.Token, info.ToString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task CreateAndRevoke_Audited_WithoutTheSecret()
    {
        var created = await Tokens.CreateAsync(_operator, "audited", null, Ct);
        await Tokens.RevokeAsync(_operator, created.Info.Id, Ct);

        await using var db = await _database.CreateDbContextAsync();
        var entries = await db.AuditEntries.Where(e => e.TargetType == AuditTargets.ApiToken).OrderBy(e => e.Sequence).ToListAsync(Ct);
        Assert.Equal([AuditActions.ApiTokenCreated, AuditActions.ApiTokenRevoked], entries.Select(e => e.Action));
        Assert.All(entries, e =>
        {
            Assert.Equal("user:operator", e.Actor);
            Assert.Equal(created.Info.Id.ToString(), e.TargetId);
            Assert.Contains(created.Info.Prefix, e.Details, StringComparison.Ordinal);
            Assert.DoesNotContain(created.Token, e.Details, StringComparison.Ordinal);
        });
        var stored = await db.ApiTokens.SingleAsync(Ct);
        Assert.Equal(Convert.ToHexString(SecretHash.Of(created.Token)), Convert.ToHexString(stored.Hash));
    }

    [Fact]
    public async Task RevokeAsync_AnotherUsersToken_NotFoundAndStillValid()
    {
        var created = await Tokens.CreateAsync(_operator, "mine", null, Ct);

        await Assert.ThrowsAsync<NotFoundException>(() => Tokens.RevokeAsync(_auditor, created.Info.Id, Ct));

        Assert.Equal(_operator.UserId, await Tokens.ValidateAsync(created.Token, Ct));
    }

    [Theory]
    [InlineData("", 30, "name")]
    [InlineData("   ", 30, "name")]
    [InlineData("a-name-that-is-far-too-long-for-a-token-because-it-exceeds-64-chars", 30, "name")]
    [InlineData("ok", 0, "expiresInDays")]
    [InlineData("ok", 367, "expiresInDays")]
    public async Task CreateAsync_InvalidRequest_ThrowsNamingTheField(string name, int expiresInDays, string field)
    {
        var e = await Assert.ThrowsAsync<RequestValidationException>(() => Tokens.CreateAsync(_operator, name, expiresInDays, Ct));

        Assert.Equal([field], e.Errors.Keys);
        Assert.Empty(await Tokens.ListAsync(_operator.UserId!, Ct));
    }

    [Fact]
    public async Task CreateAsync_ActorWithoutUser_Forbidden()
    {
        await Assert.ThrowsAsync<ForbiddenException>(() => Tokens.CreateAsync(Actor.System, "system token", null, Ct));
    }

    private async Task<Actor> SeededUserAsync(string userName, string role)
    {
        var user = await _database.InScopeAsync<UserManager<IdentityUser>, IdentityUser?>(u => u.FindByNameAsync(userName));
        Assert.NotNull(user);
        return Actor.User(userName, user.Id, [role]);
    }
}
