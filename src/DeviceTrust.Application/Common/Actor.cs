namespace DeviceTrust.Application.Common;

/// <summary>Who is asking, as the audit trail names them.</summary>
public sealed record Actor(string Name, string? UserId = null)
{
    public static readonly Actor System = new("system");

    public static Actor User(string userName, string userId) => new($"user:{userName}", userId);

    public static Actor Device(string serialNumber) => new($"device:{serialNumber}");

    public override string ToString() => Name;
}
