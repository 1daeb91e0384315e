using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.SignalR.Client;

namespace DeviceTrust.Web.Tests.Infrastructure;

/// <summary>What an impostor brings to the device listener, and how the hub turns it away.</summary>
internal static class Impostor
{
    /// <summary>A self-signed client certificate with the subject the real one has: only who signed it tells them apart.</summary>
    public static X509Certificate2 LookAlike(X500DistinguishedName subject)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.2")], critical: false));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
    }

    /// <summary>The hub refuses the connection with 401 at connect, before any message is exchanged.</summary>
    public static async Task AssertHubRefusesAsync(HubConnection connection, CancellationToken cancellationToken)
    {
        await using var _ = connection;
        var failure = await Assert.ThrowsAsync<HttpRequestException>(() => connection.StartAsync(cancellationToken));
        Assert.Equal(HttpStatusCode.Unauthorized, failure.StatusCode);
    }
}
