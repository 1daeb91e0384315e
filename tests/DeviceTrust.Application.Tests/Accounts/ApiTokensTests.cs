using DeviceTrust.Application.Accounts.ApiTokens;
using DeviceTrust.Application.Accounts.ApiTokens.CreateApiToken;
using DeviceTrust.Application.Accounts.ApiTokens.RevokeApiToken;
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

/// <summary>API tokens end to end: created, listed, revoked, and authenticated as the Web's bearer scheme does.</summary>
public sealed class ApiTokensTests : IAsyncLifetime
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

    private Task<CreatedApiToken> CreateAsync(Actor owner, string name, int? expiresInDays) =>
        _database.Get<CreateApiTokenHandler>().HandleAsync(owner, name, expiresInDays, Ct);

    private Task RevokeAsync(Actor owner, Guid tokenId) => _database.Get<RevokeApiTokenHandler>().HandleAsync(owner, tokenId, Ct);

    private Task<IReadOnlyList<ApiTokenInfo>> ListAsync(string userId) => _database.Get<ApiTokenQueries>().ListAsync(userId, Ct);

    private Task<string?> AuthenticateAsync(string? presented) => _database.Get<ApiTokenAuthenticator>().AuthenticateAsync(presented, Ct);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void TimeProvider_RegisteredBeforeInfrastructure_IsTheFakeClock()
    {
        Assert.Same(_clock, _database.Get<TimeProvider>());
    }

    [Fact]
    public async Task CreateAsync_ValidRequest_ReturnsADtTokenThatValidatesToItsOwner()
    {
        var created = await CreateAsync(_operator, "ci pipeline", 30);

        Assert.StartsWith("dt_", created.Token, StringComparison.Ordinal);
        Assert.True(created.Token.Length >= 3 + 43, "A token carries at least 256 random bits.");
        Assert.Equal("ci pipeline", created.Info.Name);
        Assert.Equal(created.Token[..9], created.Info.Prefix);
        Assert.Equal(_clock.GetUtcNow().AddDays(30), created.Info.ExpiresAt);
        Assert.True(created.Info.Active);

        Assert.Equal(_operator.UserId, await AuthenticateAsync(created.Token));
    }

    [Fact]
    public async Task AuthenticateAsync_RevokedToken_ReturnsNull()
    {
        var created = await CreateAsync(_operator, "laptop", null);

        await RevokeAsync(_operator, created.Info.Id);

        Assert.Null(await AuthenticateAsync(created.Token));
        await Assert.ThrowsAsync<DomainException>(() => RevokeAsync(_operator, created.Info.Id));
    }

    [Fact]
    public async Task AuthenticateAsync_ExpiredToken_ReturnsNull()
    {
        var created = await CreateAsync(_operator, "short-lived", 1);

        _clock.Advance(TimeSpan.FromDays(1) - TimeSpan.FromSeconds(1));
        Assert.Equal(_operator.UserId, await AuthenticateAsync(created.Token));

        _clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Null(await AuthenticateAsync(created.Token));
        Assert.False(Assert.Single(await ListAsync(_operator.UserId!)).Active);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not-a-token")]
    [InlineData("dt_")]
    [InlineData("dt_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public async Task AuthenticateAsync_UnknownOrMalformed_ReturnsNull(string? presented)
    {
        await CreateAsync(_operator, "existing", null);

        Assert.Null(await AuthenticateAsync(presented));
    }

    [Fact]
    public async Task AuthenticateAsync_TokenWithAnotherPrefix_ReturnsNull()
    {
        var created = await CreateAsync(_operator, "ci", null);

        Assert.Null(await AuthenticateAsync("xx_" + created.Token[3..]));
        Assert.Null(await AuthenticateAsync(created.Token + "x"));
    }

    [Fact]
    public async Task AuthenticateAsync_Used_RecordsLastUsed()
    {
        var created = await CreateAsync(_operator, "ci", null);
        _clock.Advance(TimeSpan.FromMinutes(10));

        await AuthenticateAsync(created.Token);

        Assert.Equal(_clock.GetUtcNow(), Assert.Single(await ListAsync(_operator.UserId!)).LastUsedAt);
    }

    [Fact]
    public async Task ListAsync_OwnTokens_ShowsPrefixesNotSecretsNewestFirst()
    {
        var first = await CreateAsync(_operator, "first", null);
        _clock.Advance(TimeSpan.FromMinutes(1));
        var second = await CreateAsync(_operator, "second", 7);
        await CreateAsync(_auditor, "someone else's", null);

        var listed = await ListAsync(_operator.UserId!);

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
        var created = await CreateAsync(_operator, "audited", null);
        await RevokeAsync(_operator, created.Info.Id);

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
        var created = await CreateAsync(_operator, "mine", null);

        await Assert.ThrowsAsync<NotFoundException>(() => RevokeAsync(_auditor, created.Info.Id));

        Assert.Equal(_operator.UserId, await AuthenticateAsync(created.Token));
    }

    [Theory]
    [InlineData("", 30, "name")]
    [InlineData("   ", 30, "name")]
    [InlineData("a-name-that-is-far-too-long-for-a-token-because-it-exceeds-64-chars", 30, "name")]
    [InlineData("ok", 0, "expiresInDays")]
    [InlineData("ok", 367, "expiresInDays")]
    public async Task CreateAsync_InvalidRequest_ThrowsNamingTheField(string name, int expiresInDays, string field)
    {
        var e = await Assert.ThrowsAsync<RequestValidationException>(() => CreateAsync(_operator, name, expiresInDays));

        Assert.Equal([field], e.Errors.Keys);
        Assert.Empty(await ListAsync(_operator.UserId!));
    }

    [Fact]
    public async Task CreateAsync_ActorWithoutUser_Forbidden()
    {
        await Assert.ThrowsAsync<ForbiddenException>(() => CreateAsync(Actor.System, "system token", null));
    }

    private async Task<Actor> SeededUserAsync(string userName, string role)
    {
        var user = await _database.InScopeAsync<UserManager<IdentityUser>, IdentityUser?>(u => u.FindByNameAsync(userName));
        Assert.NotNull(user);
        return Actor.User(userName, user.Id, [role]);
    }
}
