using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.SignalR.Client;

namespace DeviceTrust.Web.Tests.Infrastructure;

/// <summary>A SignalR client of the device hub as a device runs it: TLS to the device listener, the domain root pinned.</summary>
public static class DeviceHubClient
{
    /// <param name="https">The device listener.</param>
    /// <param name="certificate">The TLS client certificate (with its key); none when null.</param>
    /// <param name="pinnedRoot">The domain root the device learnt from its voucher: the only anchor for the server's chain.</param>
    public static HubConnection Connect(Uri https, X509Certificate2? certificate, X509Certificate2 pinnedRoot) =>
        new HubConnectionBuilder()
            .WithUrl(new Uri(https, "/hubs/devices"), o =>
            {
                if (certificate is not null) o.ClientCertificates = [certificate];
                o.HttpMessageHandlerFactory = handler =>
                {
                    if (handler is HttpClientHandler h)
                        h.ServerCertificateCustomValidationCallback = (_, cert, chain, _) => PinnedRoot.Check(pinnedRoot, cert!, chain!).Trusted;
                    return handler;
                };
                o.WebSocketConfiguration = ws =>
                {
                    if (certificate is not null) ws.ClientCertificates = [certificate];
                    ws.RemoteCertificateValidationCallback = (_, cert, chain, _) => PinnedRoot.Check(pinnedRoot, (X509Certificate2)cert!, chain!).Trusted;
                };
            })
            .Build();
}
