using DeviceTrust.Application.Accounts.ApiTokens.CreateApiToken;
using DeviceTrust.Application.Common;
using Microsoft.EntityFrameworkCore;

namespace DeviceTrust.Application.Accounts.ApiTokens;

/// <summary>Finds the owner of a presented API token (looked up by its SHA-256 hash) for the Web's bearer authentication.</summary>
public sealed class ApiTokenAuthenticator(IDeviceTrustDbContextFactory dbFactory, TimeProvider time)
{
    private static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);

    /// <summary>The owner's user id for an active token, or null.</summary>
    public async Task<string?> AuthenticateAsync(string? presented, CancellationToken cancellationToken = default)
    {
        if (presented is null || !presented.StartsWith(CreateApiTokenHandler.TokenPrefix, StringComparison.Ordinal) || presented.Length > 128) return null;
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
}
