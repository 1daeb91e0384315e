using System.Security.Cryptography;
using System.Text.RegularExpressions;
using DeviceTrust.Cose;
using DeviceTrust.Simulator.Credentials;
using DeviceTrust.Simulator.Provisioning;
using DeviceTrust.Simulator.Tests.Infrastructure;

namespace DeviceTrust.Simulator.Tests.Credentials;

/// <summary>Real PEM, so what storage tests look for on disk is what a device would keep.</summary>
internal static class StoredCredentialsSamples
{
    public static StoredCredentials FactoryNew()
    {
        using var idevid = new CountingIssuer().Issue("Acme Sensors", "ACME-T1-STO-00001");
        return Of(idevid);
    }

    /// <summary>A factory-new device of a VendorVerified class: the factory embedded <paramref name="secret"/> beside its attestation key.</summary>
    public static StoredCredentials FactoryNew(CoseSymmetricKey secret)
    {
        using var idevid = new CountingIssuer { VendorSecret = secret }.Issue("Acme Sensors", "ACME-T1-STO-00001");
        return Of(idevid);
    }

    public static StoredCredentials Enrolled()
    {
        var ca = new TestCa();
        using var ldevid = ca.IssueLdevid("ACME-T1-STO-00001");
        return FactoryNew() with
        {
            LdevidPem = ldevid.ExportCertificatePem(),
            LdevidKeyPem = ldevid.ExportPrivateKeyPem(),
            DomainTrustAnchorPem = ca.Root.ExportCertificatePem(),
        };
    }

    public static StoredCredentials Of(DeviceIdentity idevid) => new()
    {
        IdevidPem = PemCertificates.Write([idevid.Certificate, .. idevid.Chain]),
        IdevidKeyPem = idevid.ExportPrivateKeyPem(),
        MasaCertificatePem = idevid.MasaCertificate!.ExportCertificatePem(),
        AttestationKeyPem = idevid.Attestation?.ExportPrivateKeyPem(),
        AttestationCertificatePem = idevid.Attestation?.ExportCertificatesPem(),
        VendorAttestationSecret = idevid.Attestation?.ExportVendorSecret(),
    };

    /// <summary>
    /// A run of the key's base64 that a JSON writer leaves as it is (letters and digits only; it escapes '+'), so finding
    /// it in a file means the key is stored readable.
    /// </summary>
    public static string KeyMaterial(string pem)
    {
        var fields = PemEncoding.Find(pem);
        return Regex.Matches(pem[fields.Base64Data], "[A-Za-z0-9]+").MaxBy(run => run.Length)!.Value;
    }
}
