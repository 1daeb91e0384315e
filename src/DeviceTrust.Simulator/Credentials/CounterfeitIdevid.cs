using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DeviceTrust.Enrollment.Pki;
using DeviceTrust.Simulator.Provisioning;

namespace DeviceTrust.Simulator.Credentials;

/// <summary>
/// Fault injection: an IDevID from a manufacturer no domain trusts, made on the spot by a throwaway CA, with a MASA
/// certificate of the same provenance. It is well formed in every way, so the only thing wrong is who issued it.
/// </summary>
internal static class CounterfeitIdevid
{
    private const string Maker = "Counterfeit Devices (SIMULATED)";

    public static DeviceIdentity Create(string serialNumber, TimeProvider time)
    {
        var now = time.GetUtcNow();
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest(Name($"{Maker} IDevID CA"), caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        using var ca = caRequest.CreateSelfSigned(now.AddMinutes(-5), now.AddYears(10));

        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        try
        {
            var subject = new X500DistinguishedNameBuilder();
            subject.AddCommonName($"{Maker} {serialNumber}");
            subject.Add(EnrollmentOids.SerialNumber, serialNumber, UniversalTagNumber.PrintableString);
            var request = new CertificateRequest(subject.Build(), key, HashAlgorithmName.SHA256);
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
            request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
            var certificate = request.Create(ca, now.AddMinutes(-5), now.AddYears(10), RandomNumberGenerator.GetBytes(16));

            using var masaKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var masa = new CertificateRequest(Name($"{Maker} MASA"), masaKey, HashAlgorithmName.SHA256).CreateSelfSigned(now.AddMinutes(-5), now.AddYears(10));
            return new DeviceIdentity(certificate, key, [X509CertificateLoader.LoadCertificate(ca.RawData)], masa);
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    private static X500DistinguishedName Name(string commonName)
    {
        var builder = new X500DistinguishedNameBuilder();
        builder.AddCommonName(commonName);
        builder.AddOrganizationName(Maker);
        return builder.Build();
    }
}
