using System.Security.Cryptography.X509Certificates;
using DeviceTrust.Enrollment.Pki;

namespace DeviceTrust.Web;

/// <summary>
/// The certificates a TLS client sent after its own in its Certificate message (RFC 8446 4.4.2, RFC 5246 7.4.2): the
/// intermediates between a device certificate and its anchor (RFC 7030 3.3.2). Untrusted input, kept only so an endpoint
/// can build a path to an anchor it trusts.
/// </summary>
public interface ITlsClientChainFeature
{
    /// <summary>The sent certificates other than the client certificate, in the order sent; empty when more than the limit were sent.</summary>
    IReadOnlyList<X509Certificate2> Intermediates { get; }

    /// <summary>How many certificates other than its own the client sent (kept only up to <see cref="TlsClientChain.MaxIntermediates"/>).</summary>
    int Sent { get; }
}

internal sealed class TlsClientChain(IReadOnlyList<X509Certificate2> intermediates, int sent) : ITlsClientChainFeature
{
    /// <summary>ChainValidator follows at most 8 certificates; a longer list cannot help and is refused where it is used.</summary>
    public const int MaxIntermediates = 8;

    public static readonly TlsClientChain None = new([], 0);

    public IReadOnlyList<X509Certificate2> Intermediates { get; } = intermediates;

    public int Sent { get; } = sent;

    public bool Exceeded => Sent > MaxIntermediates;

    /// <summary>
    /// What SslStream put into <paramref name="chain"/>'s ExtraStore: the peer's certificates as received
    /// (System.Net.Security SslStream VerifyRemoteCertificate, ExtraStore.AddRange of the remote certificate store).
    /// Copied, because SslStream disposes its own once the callback returns; shared decodings (a manufacturer's CAs arrive
    /// with every pledge of its devices).
    /// </summary>
    public static TlsClientChain From(X509Certificate? clientCertificate, X509Chain? chain)
    {
        if (clientCertificate is null || chain is null) return None;
        var leaf = clientCertificate.GetRawCertData();
        var others = chain.ChainPolicy.ExtraStore.Where(c => !c.RawData.AsSpan().SequenceEqual(leaf)).ToList();
        if (others.Count > MaxIntermediates) return new TlsClientChain([], others.Count);
        return new TlsClientChain(others.Select(c => DecodedCertificates.Get(c.RawData)).ToList(), others.Count);
    }
}
