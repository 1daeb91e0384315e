using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DeviceTrust.Cose;
using DeviceTrust.Enrollment.Pki;
using DeviceTrust.Simulator.Credentials;

namespace DeviceTrust.Simulator.Tests.Infrastructure;

/// <summary>A manufacturer's attestation endorsement CA, as the server's simulated manufacturers have one.</summary>
public sealed class TestEndorser
{
    public CertificateAuthority Ca { get; } = CertificateAuthority.CreateRoot(
        new X500DistinguishedName("CN=Test Attestation Endorsement CA"), TimeSpan.FromDays(30), TimeProvider.System, pathLength: 0);

    /// <summary>
    /// A fresh attestation key for <paramref name="serial"/>, its endorsement certificate and the CA above it; and the
    /// vendor secret, when the factory embeds one.
    /// </summary>
    public AttestationCredential Issue(string serial, CoseSymmetricKey? vendorSecret = null)
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        try
        {
            var certificate = Ca.IssueAttestationKeyCertificate(new AttestationKeyCertificateRequest(key.ExportSubjectPublicKeyInfo(), serial));
            return new AttestationCredential(key, certificate, [X509CertificateLoader.LoadCertificate(Ca.Certificate.RawData)], vendorSecret);
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }
}
