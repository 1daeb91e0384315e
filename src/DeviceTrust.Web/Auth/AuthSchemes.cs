using DeviceTrust.Domain.Accounts;

namespace DeviceTrust.Web.Auth;

public static class AuthSchemes
{
    /// <summary>Picks the API token handler for "Authorization: Bearer dt_..." and the sign-in cookie otherwise.</summary>
    public const string UserOrToken = "UserOrToken";
    public const string ApiToken = "ApiToken";
    public const string Device = "Device";
}

public static class Policies
{
    /// <summary>Any signed-in user (every role can read).</summary>
    public const string Reader = "Reader";
    public const string Operator = Roles.Operator;
    public const string SecurityOfficer = Roles.SecurityOfficer;
}
