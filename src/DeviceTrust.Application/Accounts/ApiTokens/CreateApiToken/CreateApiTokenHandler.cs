using DeviceTrust.Application.Audit;
using DeviceTrust.Application.Common;
using DeviceTrust.Domain.Accounts;
using DeviceTrust.Domain.Audit;

namespace DeviceTrust.Application.Accounts.ApiTokens.CreateApiToken;

/// <param name="Token">The full token: shown to the user once, never stored.</param>
public sealed record CreatedApiToken(ApiTokenInfo Info, string Token);

/// <summary>Issues a personal API token: "dt_" + 256 random bits, stored as a SHA-256 hash, acting as its owner.</summary>
public sealed class CreateApiTokenHandler(IDeviceTrustDbContextFactory dbFactory, AuditTrail audit, TimeProvider time)
{
    public const string TokenPrefix = "dt_";

    public async Task<CreatedApiToken> HandleAsync(Actor owner, string name, int? expiresInDays, CancellationToken cancellationToken = default)
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
        return new CreatedApiToken(ApiTokenInfo.From(entity, now), token);
    }
}
