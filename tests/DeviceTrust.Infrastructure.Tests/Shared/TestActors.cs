using DeviceTrust.Application.Common;
using DeviceTrust.Domain.Accounts;

namespace DeviceTrust.Testing;

/// <summary>Actors with the roles the use cases check (the user ids need not exist unless a use case looks them up).</summary>
public static class TestActors
{
    public static Actor Operator(string userId = "test-operator-id") => Actor.User("operator", userId, [Roles.Operator]);

    public static Actor Auditor(string userId = "test-auditor-id") => Actor.User("auditor", userId, [Roles.Auditor]);

    public static Actor SecurityOfficer(string userId = "test-officer-id") => Actor.User("officer", userId, [Roles.SecurityOfficer]);
}
