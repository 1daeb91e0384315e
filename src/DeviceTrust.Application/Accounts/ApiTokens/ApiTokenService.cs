using DeviceTrust.Application.Audit;
using DeviceTrust.Application.Common;
using DeviceTrust.Domain.Accounts;
using DeviceTrust.Domain.Audit;
using Microsoft.EntityFrameworkCore;

namespace DeviceTrust.Application.Accounts.ApiTokens;

public sealed record ApiTokenInfo(Guid Id, string Name, string Prefix, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, DateTimeOffset? RevokedAt, DateTimeOffset? LastUsedAt, bool Active);

/// <param name="Token">The full token: shown to the user once, never stored.</param>
public sealed record CreatedApiToken(ApiTokenInfo Info, string Token);

/// <summary>Personal API tokens: "dt_" + 256 random bits, stored as a SHA-256 hash, acting as their owner.</summary>
public sealed class ApiTokenService(IDeviceTrustDbContextFactory dbFactory, AuditTrail audit, TimeProvider time)
{
    public const string TokenPrefix = "dt_";
    private static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);

    public async Task<CreatedApiToken> CreateAsync(Actor owner, string name, int? expiresInDays, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(owner);
        if (owner.UserId is null) throw new ForbiddenException("Only a user can own an API token.");
        if (string.IsNullOrWhiteSpace(name) || name.Length > 64) throw RequestValidationException.For("name", "Give the token a name of 1-64 characters.");
        if (expiresInDays is < 1 or > 366) throw RequestValidationException.For("expiresInDays", "A token expires in 1-366 days, or never.");

        var now = time.GetUtcNow();
        var token = TokenPrefix + SecretHash.NewSecret();
        var entity = ApiToken.Issue(owner.UserId, name, token[..(TokenPrefix.Length + 6)], SecretHash.Of(token), now,
            expiresInDays is { } days ? now.AddDays(days) : null);
        await using var db = await dbFactory.CreateAsync(cancellationToken);
        db.ApiTokens.Add(entity);
        await audit.SaveAsync(db, new AuditRecord(owner.Name, AuditActions.ApiTokenCreated, AuditTargets.ApiToken, entity.Id.ToString(),
            $"{{\"name\":{System.Text.Json.JsonSerializer.Serialize(entity.Name)},\"prefix\":\"{entity.Prefix}\"}}"), cancellationToken);
        return new CreatedApiToken(ToInfo(entity, now), token);
    }

    public async Task<IReadOnlyList<ApiTokenInfo>> ListAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateAsync(cancellationToken);
        var tokens = await db.ApiTokens.AsNoTracking().Where(t => t.UserId == userId).ToListAsync(cancellationToken);
        var now = time.GetUtcNow();
        return tokens.OrderByDescending(t => t.CreatedAt).Select(t => ToInfo(t, now)).ToList();
    }

    public async Task RevokeAsync(Actor owner, Guid tokenId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(owner);
        await using var db = await dbFactory.CreateAsync(cancellationToken);
        var token = await db.ApiTokens.FirstOrDefaultAsync(t => t.Id == tokenId && t.UserId == owner.UserId, cancellationToken)
                    ?? throw new NotFoundException($"API token {tokenId}");
        token.Revoke(time.GetUtcNow());
        await audit.SaveAsync(db, new AuditRecord(owner.Name, AuditActions.ApiTokenRevoked, AuditTargets.ApiToken, token.Id.ToString(),
            $"{{\"prefix\":\"{token.Prefix}\"}}"), cancellationToken);
    }

    /// <summary>The owner's user id for an active token, or null.</summary>
    public async Task<string?> ValidateAsync(string? presented, CancellationToken cancellationToken = default)
    {
        if (presented is null || !presented.StartsWith(TokenPrefix, StringComparison.Ordinal) || presented.Length > 128) return null;
        var hash = SecretHash.Of(presented);
        await using var db = await dbFactory.CreateAsync(cancellationToken);
        var token = await db.ApiTokens.FirstOrDefaultAsync(t => t.Hash == hash, cancellationToken);
        var now = time.GetUtcNow();
        if (token is null || !token.IsActive(now)) return null;
        if (token.LastUsedAt is null || now - token.LastUsedAt > LastUsedResolution)
        {
            token.MarkUsed(now);
            await db.SaveChangesAsync(cancellationToken);
        }

        return token.UserId;
    }

    private static ApiTokenInfo ToInfo(ApiToken t, DateTimeOffset now) =>
        new(t.Id, t.Name, t.Prefix, t.CreatedAt, t.ExpiresAt, t.RevokedAt, t.LastUsedAt, t.IsActive(now));
}
