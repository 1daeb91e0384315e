using System.Security.Claims;
using System.Text.Encodings.Web;
using DeviceTrust.Application.Fleet.Telemetry;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace DeviceTrust.Web.Auth;

/// <summary>
/// Devices on the hub prove themselves with their LDevID as TLS client certificate on the device listener (after
/// BRSKI/EST enrollment) or, for devices that have not enrolled yet, with "X-Device-Serial" and
/// "Authorization: Device &lt;secret&gt;". The device's identity comes from here, never from a message, so one device
/// cannot write another's state.
/// </summary>
internal sealed class DeviceAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, DeviceAuthenticator devices)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SerialHeader = "X-Device-Serial";
    public const string AuthorizationPrefix = "Device ";
    public const string DeviceIdClaim = "device_id";

    /// <summary>"ldevid" or "secret": how the device proved itself.</summary>
    public const string MethodClaim = "device_auth";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        DeviceIdentity? identity;
        if (header.StartsWith(AuthorizationPrefix, StringComparison.Ordinal))
        {
            var serial = Request.Headers[SerialHeader].ToString();
            identity = await devices.AuthenticateAsync(serial, header[AuthorizationPrefix.Length..], Context.RequestAborted);
            if (identity is null)
            {
                Logger.LogWarning("Device authentication failed for serial {Serial} from {Address}", serial, Context.Connection.RemoteIpAddress);
                return AuthenticateResult.Fail("Unknown device or wrong secret.");
            }
        }
        else if (Request.IsHttps && Context.Connection.ClientCertificate is { } certificate)
        {
            identity = await devices.AuthenticateAsync(certificate, TimeProvider.GetUtcNow(), Context.RequestAborted);
            if (identity is null)
            {
                Logger.LogWarning("Device certificate {Subject} ({Serial}) refused from {Address}", certificate.Subject, certificate.SerialNumber,
                    Context.Connection.RemoteIpAddress);
                return AuthenticateResult.Fail("The client certificate is not a current LDevID of an enrolled device.");
            }
        }
        else
        {
            return AuthenticateResult.NoResult();
        }

        var method = header.StartsWith(AuthorizationPrefix, StringComparison.Ordinal) ? "secret" : "ldevid";
        var claims = new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, identity.SerialNumber), new Claim(DeviceIdClaim, identity.DeviceId.ToString()), new Claim(MethodClaim, method)], Scheme.Name);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(claims), Scheme.Name));
    }
}
