using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using DeviceTrust.Enrollment.Pki;

namespace DeviceTrust.Simulator.Provisioning;

/// <summary>The certificate a TLS server presented, and the CA certificates it sent with it (RFC 8446 4.4.2).</summary>
public sealed record PresentedCertificate(X509Certificate2 Leaf, IReadOnlyList<X509Certificate2> Intermediates)
{
    /// <summary>
    /// Copies what a validation callback sees, as shared decodings (<see cref="DecodedCertificates"/>: the same registrar
    /// and CA certificates come with every handshake); the callback's chain is disposed after it returns.
    /// </summary>
    public static PresentedCertificate From(X509Certificate certificate, X509Chain? chain)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var leaf = DecodedCertificates.Get(certificate.GetRawCertData());
        var sent = new List<X509Certificate2>();
        // ExtraStore holds what the peer sent; ChainElements what the platform built from it.
        var candidates = (chain?.ChainPolicy.ExtraStore ?? []).Concat(chain?.ChainElements.Select(e => e.Certificate) ?? []);
        foreach (var candidate in candidates)
        {
            if (!candidate.RawData.AsSpan().SequenceEqual(leaf.RawData) && !sent.Any(s => s.RawData.AsSpan().SequenceEqual(candidate.RawData)))
                sent.Add(DecodedCertificates.Get(candidate.RawData));
        }
        return new PresentedCertificate(leaf, sent);
    }
}

/// <summary>
/// How a device judges the TLS server it talks to, as BRSKI moves it from provisional to pinned trust
/// (RFC 8995 5.1, 5.6.2): accept anything and remember it, accept exactly the certificate seen before, or require a
/// chain to the pinned domain certificate from the voucher. Remembers the last certificate and the last rejection so a
/// failed handshake can say why.
/// </summary>
public sealed class ServerCertificatePolicy
{
    private readonly Func<PresentedCertificate, SslPolicyErrors, string?> _judge;
    private PresentedCertificate? _lastPresented;
    private string? _lastRejection;

    private ServerCertificatePolicy(string description, Func<PresentedCertificate, SslPolicyErrors, string?> judge)
    {
        Description = description;
        _judge = judge;
    }

    public string Description { get; }

    public PresentedCertificate? LastPresented => Volatile.Read(ref _lastPresented);

    /// <summary>Why the last refused handshake was refused; null when none was.</summary>
    public string? LastRejection => Volatile.Read(ref _lastRejection);

    /// <summary>RFC 8995 5.1 provisional TLS: the server is not authenticated yet, only recorded.</summary>
    public static ServerCertificatePolicy Provisional() => new("provisional (any certificate, recorded)", (_, _) => null);

    /// <summary>Only the very certificate seen before (the one a voucher-request names as proximity-registrar-cert).</summary>
    public static ServerCertificatePolicy Exactly(X509Certificate2 expected)
    {
        ArgumentNullException.ThrowIfNull(expected);
        return new($"exactly '{expected.Subject}' ({expected.Thumbprint})", (presented, _) =>
            presented.Leaf.RawData.AsSpan().SequenceEqual(expected.RawData)
                ? null
                : $"server presented '{presented.Leaf.Subject}' ({presented.Leaf.Thumbprint}), not the certificate seen before ({expected.Thumbprint})");
    }

    /// <summary>
    /// A chain from the server certificate to <paramref name="anchor"/> alone (the voucher's pinned-domain-cert, or a
    /// --trust root), valid now. <paramref name="requireRegistrar"/>: also id-kp-cmcRA, which a registrar's TLS
    /// certificate carries (RFC 8995 2.5.3). <paramref name="checkHostName"/>: also the name in the URL (RFC 6125);
    /// a pledge reaches its registrar by discovery, so BRSKI trust rests on the pinned chain instead.
    /// </summary>
    public static ServerCertificatePolicy PinnedTo(X509Certificate2 anchor, TimeProvider timeProvider, bool requireRegistrar = false,
        bool checkHostName = false)
    {
        ArgumentNullException.ThrowIfNull(anchor);
        ArgumentNullException.ThrowIfNull(timeProvider);
        return new($"pinned to '{anchor.Subject}'", (presented, errors) =>
        {
            var chain = ChainValidator.Validate(presented.Leaf, anchor, timeProvider.GetUtcNow(), presented.Intermediates);
            if (!chain.IsValid)
                return $"server certificate '{presented.Leaf.Subject}' does not chain to '{anchor.Subject}': {chain.Reason}";
            if (requireRegistrar && !DeviceCertificateFields.HasExtendedKeyUsage(presented.Leaf, EnrollmentOids.CmcRegistrationAuthority))
                return $"server certificate '{presented.Leaf.Subject}' lacks id-kp-cmcRA, so it is not a registrar's (RFC 8995 2.5.3)";
            if (checkHostName && errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
                return $"server certificate '{presented.Leaf.Subject}' does not name the host in the URL (RFC 6125)";
            return null;
        });
    }

    /// <summary>Null when <paramref name="presented"/> is acceptable, else why not. Does not record anything.</summary>
    public string? Judge(PresentedCertificate presented, SslPolicyErrors errors = SslPolicyErrors.None)
    {
        ArgumentNullException.ThrowIfNull(presented);
        return _judge(presented, errors);
    }

    /// <summary>The shape of <see cref="RemoteCertificateValidationCallback"/>.</summary>
    public bool Validate(X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (certificate is null)
        {
            Volatile.Write(ref _lastRejection, "server presented no certificate");
            return false;
        }
        var presented = PresentedCertificate.From(certificate, chain);
        Volatile.Write(ref _lastPresented, presented);
        var rejection = _judge(presented, errors);
        if (rejection is not null)
            Volatile.Write(ref _lastRejection, rejection);
        return rejection is null;
    }
}
