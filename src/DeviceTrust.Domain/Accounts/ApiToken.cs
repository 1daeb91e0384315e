namespace DeviceTrust.Domain.Accounts;

/// <summary>
/// A personal API token. Only a SHA-256 hash of the secret is kept; the secret is shown to its owner once.
/// It acts with its owner's current role, so a role change applies to the token at once.
/// </summary>
public sealed class ApiToken
{
    private ApiToken() { }

    public Guid Id { get; private set; }
    public string UserId { get; private set; } = "";
    public string Name { get; private set; } = "";
    /// <summary>The first characters of the token, shown so a user can tell tokens apart.</summary>
    public string Prefix { get; private set; } = "";
    public byte[] Hash { get; private set; } = [];
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset? ExpiresAt { get; private set; }
    public DateTimeOffset? RevokedAt { get; private set; }
    public DateTimeOffset? LastUsedAt { get; private set; }

    public static ApiToken Issue(string userId, string name, string prefix, byte[] hash, DateTimeOffset now, DateTimeOffset? expiresAt)
    {
        if (string.IsNullOrWhiteSpace(userId)) throw new DomainException("A token belongs to a user.");
        if (string.IsNullOrWhiteSpace(name) || name.Length > 64) throw new DomainException("A token needs a name of 1-64 characters.");
        if (hash is not { Length: 32 }) throw new DomainException("A token hash is 32 bytes (SHA-256).");
        if (expiresAt is not null && expiresAt <= now) throw new DomainException("A token must expire in the future.");
        return new ApiToken
        {
            Id = Guid.CreateVersion7(now), UserId = userId, Name = name.Trim(), Prefix = prefix, Hash = hash,
            CreatedAt = now, ExpiresAt = expiresAt,
        };
    }

    public bool IsActive(DateTimeOffset now) => RevokedAt is null && (ExpiresAt is null || ExpiresAt > now);

    public void Revoke(DateTimeOffset now)
    {
        if (RevokedAt is not null) throw new DomainException("The token is already revoked.");
        RevokedAt = now;
    }

    public void MarkUsed(DateTimeOffset now) => LastUsedAt = now;
}
