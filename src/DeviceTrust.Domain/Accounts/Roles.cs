namespace DeviceTrust.Domain.Accounts;

public static class Roles
{
    /// <summary>Runs the fleet: registers devices, changes their state, approves enrollments.</summary>
    public const string Operator = "Operator";
    /// <summary>Makes trust decisions: trust anchors, TPAs, user roles.</summary>
    public const string SecurityOfficer = "SecurityOfficer";
    /// <summary>Reads everything, changes nothing.</summary>
    public const string Auditor = "Auditor";

    public static readonly IReadOnlyList<string> All = [Operator, SecurityOfficer, Auditor];
}
