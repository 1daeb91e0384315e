using DeviceTrust.Application.Provisioning;
using DeviceTrust.Application.Provisioning.Registrar;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace DeviceTrust.Web.Brski;

internal static class EmbeddedMasaAddress
{
    /// <summary>
    /// Points the registrar at the embedded MASA: Brski:EmbeddedMasaBaseUrl when set, else this app's own HTTPS listener
    /// as bound at start (its port may be chosen by the OS, as in tests).
    /// </summary>
    public static void UseEmbeddedMasaAddress(this WebApplication app)
    {
        var endpoint = app.Services.GetRequiredService<EmbeddedMasaEndpoint>();
        var configured = app.Services.GetRequiredService<IOptions<BrskiOptions>>().Value.EmbeddedMasaBaseUrl;
        if (!string.IsNullOrWhiteSpace(configured))
        {
            endpoint.BaseUrl = new Uri(configured);
            return;
        }
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            var https = addresses.Select(a => new Uri(a)).FirstOrDefault(u => u.Scheme == Uri.UriSchemeHttps);
            if (https is null) return;
            // A wildcard binding (0.0.0.0, [::], +, *) is reached through loopback, which the registrar certificate names.
            var host = https.Host is "0.0.0.0" or "[::]" or "+" or "*" ? "localhost" : https.Host;
            endpoint.BaseUrl = new UriBuilder(Uri.UriSchemeHttps, host, https.Port).Uri;
        });
    }
}
