using DeviceTrust.Application.Audit;
using DeviceTrust.Application.Common;
using DeviceTrust.Domain.Audit;
using Microsoft.EntityFrameworkCore;

namespace DeviceTrust.Application.Accounts.ApiTokens.RevokeApiToken;

/// <summary>A user revokes one of their own API tokens; another user's token is not found.</summary>
public sealed class RevokeApiTokenHandler(IDeviceTrustDbContextFactory dbFactory, AuditTrail audit, TimeProvider time)
{
    public async Task HandleAsync(Actor owner, Guid tokenId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(owner);
        await using var db = await dbFactory.CreateAsync(cancellationToken);
        var token = await db.ApiTokens.FirstOrDefaultAsync(t => t.Id == tokenId && t.UserId == owner.UserId, cancellationToken)
                    ?? throw new NotFoundException($"API token {tokenId}");
        token.Revoke(time.GetUtcNow());
        await audit.SaveAsync(db, new AuditRecord(owner.Name, AuditActions.ApiTokenRevoked, AuditTargets.ApiToken, token.Id.ToString(),
            $"{{\"prefix\":\"{token.Prefix}\"}}"), cancellationToken);
    }
}
