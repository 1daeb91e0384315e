using System.Security.Cryptography.X509Certificates;

namespace DeviceTrust.Enrollment.Pki;

/// <summary>
/// The chain policy for a TLS peer whose validation callback judges the chain itself (against a pinned certificate or
/// the domain's trust anchors, with <see cref="ChainValidator"/>). SslStream builds an <see cref="X509Chain"/> for the
/// peer's certificate before the callback runs; by default against the system store, which on Linux costs about a
/// millisecond a handshake. Its verdict is not used, so it is built against no roots and fetches nothing.
/// </summary>
public static class TlsChainPolicy
{
    public static X509ChainPolicy JudgedByTheCallback() => new()
    {
        TrustMode = X509ChainTrustMode.CustomRootTrust,
        RevocationMode = X509RevocationMode.NoCheck,
        DisableCertificateDownloads = true,
    };
}
