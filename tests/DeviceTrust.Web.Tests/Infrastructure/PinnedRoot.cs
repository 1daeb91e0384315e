using System.Security.Cryptography.X509Certificates;

namespace DeviceTrust.Web.Tests.Infrastructure;

/// <summary>TLS as a device that pinned the domain root from its voucher sees it: that root is the only trust anchor.</summary>
public static class PinnedRoot
{
    /// <summary>Builds the server's chain to <paramref name="root"/> alone; the status flags say why it failed, if it did.</summary>
    public static (bool Trusted, X509ChainStatusFlags Status) Check(X509Certificate2 root, X509Certificate2 presented, X509Chain sent)
    {
        using var pinned = new X509Chain();
        pinned.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        pinned.ChainPolicy.CustomTrustStore.Add(root);
        pinned.ChainPolicy.ExtraStore.AddRange(sent.ChainElements.Select(e => e.Certificate).ToArray());
        pinned.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        var trusted = pinned.Build(presented);
        return (trusted, pinned.ChainStatus.Aggregate(X509ChainStatusFlags.NoError, (all, s) => all | s.Status));
    }

    public static HttpClient Client(X509Certificate2 root, Uri baseAddress) =>
        new(new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, cert, chain, _) => Check(root, cert!, chain!).Trusted })
        {
            BaseAddress = baseAddress,
        };
}
