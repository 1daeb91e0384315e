using System.Collections.Concurrent;
using System.Security.Cryptography.X509Certificates;
using DeviceTrust.Cose;

namespace DeviceTrust.Enrollment.Pki;

/// <summary>
/// Certificates decoded once per process and shared. Decoding a certificate into an <see cref="X509Certificate2"/> costs
/// OpenSSL 3 over 100 µs, and the same few (the domain's CAs and registrar, the manufacturers' CAs and MASAs) arrive in
/// nearly every CMS message and are looked up for nearly every trust decision. The instances are shared: callers read
/// them and never dispose them. Bounded: beyond <see cref="Capacity"/> the cache starts afresh.
/// </summary>
public static class DecodedCertificates
{
    private const int Capacity = 1024;

    private static readonly ConcurrentDictionary<byte[], X509Certificate2> Cache = new(ByteArrayComparer.Instance);

    /// <summary>The certificate of these DER bytes if they were decoded before (not to be disposed).</summary>
    public static bool TryGet(ReadOnlySpan<byte> der, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out X509Certificate2? certificate) =>
        Cache.GetAlternateLookup<ReadOnlySpan<byte>>().TryGetValue(der, out certificate);

    /// <summary>The certificate of these DER bytes (not to be disposed).</summary>
    /// <exception cref="System.Security.Cryptography.CryptographicException">The bytes are not a certificate.</exception>
    public static X509Certificate2 Get(byte[] der)
    {
        ArgumentNullException.ThrowIfNull(der);
        if (Cache.TryGetValue(der, out var cached)) return cached;
        var decoded = X509CertificateLoader.LoadCertificate(der);
        if (Cache.Count >= Capacity) Cache.Clear();
        // Another thread may have decoded the same bytes meanwhile: either instance will do, the first one stays.
        return Cache.GetOrAdd(der.ToArray(), decoded);
    }
}
