using DeviceTrust.Application.Common;
using DeviceTrust.Domain.Accounts;
using Microsoft.EntityFrameworkCore;

namespace DeviceTrust.Application.Accounts.ApiTokens;

public sealed record ApiTokenInfo(Guid Id, string Name, string Prefix, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, DateTimeOffset? RevokedAt, DateTimeOffset? LastUsedAt, bool Active)
{
    internal static ApiTokenInfo From(ApiToken t, DateTimeOffset now) =>
        new(t.Id, t.Name, t.Prefix, t.CreatedAt, t.ExpiresAt, t.RevokedAt, t.LastUsedAt, t.IsActive(now));
}

/// <summary>A user's API tokens, newest first: names and prefixes, never the secrets.</summary>
public sealed class ApiTokenQueries(IDeviceTrustDbContextFactory dbFactory, TimeProvider time)
{
    public async Task<IReadOnlyList<ApiTokenInfo>> ListAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateAsync(cancellationToken);
        var tokens = await db.ApiTokens.AsNoTracking().Where(t => t.UserId == userId).ToListAsync(cancellationToken);
        var now = time.GetUtcNow();
        return tokens.OrderByDescending(t => t.CreatedAt).Select(t => ApiTokenInfo.From(t, now)).ToList();
    }
}
