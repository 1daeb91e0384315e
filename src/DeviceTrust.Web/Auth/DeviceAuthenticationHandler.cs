using System.Security.Claims;
using System.Text.Encodings.Web;
using DeviceTrust.Application.Fleet.Telemetry;
using DeviceTrust.Application.Refusals;
using DeviceTrust.Domain.Refusals;
using DeviceTrust.Web.Refusals;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace DeviceTrust.Web.Auth;

/// <summary>
/// Devices on the hub prove themselves only with their LDevID as TLS client certificate on the device listener (issued by
/// BRSKI/EST enrollment); there is no other device credential. The device's identity comes from here, never from a
/// message, so one device cannot write another's state. A refused connection is recorded for security officers (the
/// refusal store tells why from the certificate: the device is only told 401). A connection's authentication stands for
/// a second (<see cref="RecentDeviceAuthentications"/>), so a session's two requests ask the database once.
/// </summary>
internal sealed class DeviceAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, DeviceAuthenticator devices, IRefusalRecorder refusals)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string DeviceIdClaim = "device_id";

    /// <summary>Per connection, held by its certificate instance: one for the process, as the connections are.</summary>
    private static readonly RecentDeviceAuthentications Recent = new();

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        // TLS accepts any client certificate, or none (DeviceListener); whether it is a current LDevID is decided here.
        if (!Request.IsHttps || Context.Connection.ClientCertificate is not { } certificate) return AuthenticateResult.NoResult();

        var now = TimeProvider.GetUtcNow();
        if (Recent.Recent(certificate, now) is not { } identity)
        {
            identity = await devices.AuthenticateAsync(certificate, now, Context.RequestAborted);
            if (identity is not null) Recent.Remember(certificate, identity, now);
        }
        if (identity is null)
        {
            Logger.LogWarning("Device certificate {Subject} ({Serial}) refused from {Address}", certificate.Subject, certificate.SerialNumber,
                Context.Connection.RemoteIpAddress);
            const string why = "The client certificate is not a current LDevID of an enrolled device.";
            refusals.RecordHub(Context, category: null, why, TimeProvider);
            return AuthenticateResult.Fail(why);
        }

        var claims = new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, identity.SerialNumber), new Claim(DeviceIdClaim, identity.DeviceId.ToString())], Scheme.Name);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(claims), Scheme.Name));
    }

    /// <summary>A connection without any certificate is refused here (401); one with a bad certificate was recorded above.</summary>
    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (Context.Connection.ClientCertificate is null)
            refusals.RecordHub(Context, RefusalCategory.NoClientCertificate, "No TLS client certificate: the hub needs the device's LDevID.", TimeProvider);
        return base.HandleChallengeAsync(properties);
    }
}
