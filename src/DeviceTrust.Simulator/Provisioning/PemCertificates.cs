using System.Security.Cryptography.X509Certificates;

namespace DeviceTrust.Simulator.Provisioning;

/// <summary>All CERTIFICATE blocks of a PEM text, in order (RFC 7468 5).</summary>
public static class PemCertificates
{
    public static IReadOnlyList<X509Certificate2> Read(string pem)
    {
        ArgumentNullException.ThrowIfNull(pem);
        var collection = new X509Certificate2Collection();
        collection.ImportFromPem(pem);
        return collection.ToList();
    }

    public static string Write(IEnumerable<X509Certificate2> certificates) =>
        string.Concat(certificates.Select(c => c.ExportCertificatePem() + "\n"));
}
