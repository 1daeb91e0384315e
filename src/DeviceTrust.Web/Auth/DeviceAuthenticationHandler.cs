using System.Security.Claims;
using System.Text.Encodings.Web;
using DeviceTrust.Application.Fleet.Telemetry;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace DeviceTrust.Web.Auth;

/// <summary>
/// Devices on the hub prove themselves with "X-Device-Serial" and "Authorization: Device &lt;secret&gt;" until
/// BRSKI/EST enrollment gives them certificates. The device's identity comes from here, never from a message,
/// so one device cannot write another's state.
/// </summary>
internal sealed class DeviceAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, DeviceAuthenticator devices)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SerialHeader = "X-Device-Serial";
    public const string AuthorizationPrefix = "Device ";
    public const string DeviceIdClaim = "device_id";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith(AuthorizationPrefix, StringComparison.Ordinal)) return AuthenticateResult.NoResult();
        var serial = Request.Headers[SerialHeader].ToString();
        var identity = await devices.AuthenticateAsync(serial, header[AuthorizationPrefix.Length..], Context.RequestAborted);
        if (identity is null)
        {
            Logger.LogWarning("Device authentication failed for serial {Serial} from {Address}", serial, Context.Connection.RemoteIpAddress);
            return AuthenticateResult.Fail("Unknown device or wrong secret.");
        }

        var claims = new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, identity.SerialNumber), new Claim(DeviceIdClaim, identity.DeviceId.ToString())], Scheme.Name);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(claims), Scheme.Name));
    }
}
