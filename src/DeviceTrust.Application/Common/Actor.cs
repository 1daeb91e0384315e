namespace DeviceTrust.Application.Common;

/// <summary>Who is asking: the name the audit trail records and the roles the use cases check.</summary>
public sealed record Actor(string Name, string? UserId = null, IReadOnlySet<string>? Roles = null)
{
    public static readonly Actor System = new("system");

    public static Actor User(string userName, string userId, IEnumerable<string> roles) => new($"user:{userName}", userId, roles.ToHashSet());

    public static Actor Device(string serialNumber) => new($"device:{serialNumber}");

    public bool IsInRole(string role) => Roles?.Contains(role) == true;

    /// <summary>
    /// Use cases check the role themselves, so a page or endpoint that forgot its own check still cannot act
    /// beyond the caller's rights.
    /// </summary>
    public void EnsureInRole(string role)
    {
        if (!IsInRole(role)) throw new ForbiddenException($"{Name} is not a {role} and may not do this.");
    }

    public override string ToString() => Name;
}
