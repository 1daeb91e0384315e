using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace DeviceTrust.Cli.Vouchers;

/// <summary>Loads the <c>--trust</c> certificate: the first CERTIFICATE block of a PEM file, or DER.</summary>
public static class TrustCertificate
{
    /// <exception cref="CliException">The file cannot be read or holds no certificate.</exception>
    public static X509Certificate2 Load(string path)
    {
        var bytes = VoucherFile.ReadAllBytes(path, "--trust");
        try
        {
            return bytes.AsSpan().IndexOf("-----BEGIN"u8) >= 0
                ? X509Certificate2.CreateFromPem(System.Text.Encoding.ASCII.GetString(bytes))
                : X509CertificateLoader.LoadCertificate(bytes);
        }
        catch (CryptographicException e)
        {
            throw new CliException($"--trust {path}: not a PEM or DER X.509 certificate ({e.Message})");
        }
    }
}
