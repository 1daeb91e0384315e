using DeviceTrust.Cli.Network;

namespace DeviceTrust.Cli.Est;

/// <summary><c>est cacerts</c>: <paramref name="OutPath"/> null prints the PEM to stdout.</summary>
public sealed record EstCaCertsRequest(ServerConnection Server, string? OutPath);

public enum EstOperation
{
    /// <summary>simpleenroll (RFC 7030 4.2.1), authenticated by the IDevID or another client certificate.</summary>
    Enroll,

    /// <summary>simplereenroll (RFC 7030 4.2.2), authenticated by the certificate being renewed.</summary>
    Reenroll,

    /// <summary>serverkeygen (RFC 7030 4.4): the server makes the key pair.</summary>
    ServerKeyGen,
}

/// <summary>
/// <c>est enroll | reenroll | serverkeygen</c>. The CSR is <paramref name="CsrPath"/> as is, or built for a fresh key
/// written to <paramref name="KeyOutPath"/>; for reenroll without either, built with the current key (renewal without
/// re-keying). For serverkeygen <paramref name="KeyOutPath"/> receives the key the server made.
/// </summary>
public sealed record EstEnrollRequest(EstOperation Operation, ServerConnection Server, string CertificatePath, string KeyPath,
    string? CsrPath, string? KeyOutPath, string? OutPath);
