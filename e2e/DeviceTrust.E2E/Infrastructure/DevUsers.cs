namespace DeviceTrust.E2E.Infrastructure;

/// <summary>The development users seeded from seed-data/users.json, one per role.</summary>
public static class DevUsers
{
    public const string Password = "DeviceTrust-dev-2026!";
    public const string Operator = "operator";
    public const string SecurityOfficer = "security";
    public const string Auditor = "auditor";
}
