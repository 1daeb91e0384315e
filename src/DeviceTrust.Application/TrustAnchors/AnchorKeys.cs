using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DeviceTrust.Cose;
using DeviceTrust.Domain.Trust;

namespace DeviceTrust.Application.TrustAnchors;

/// <summary>The public key of an anchor, for the checks that verify signatures with it (attestation results, SUIT manifests).</summary>
public static class AnchorKeys
{
    /// <summary>The EC public key of an anchor: a certificate's, a bare SubjectPublicKeyInfo, or a COSE_Key; null for any other.</summary>
    public static ECDsa? EcdsaPublicKeyOf(AnchorMaterial material)
    {
        try
        {
            switch (material.Format)
            {
                case KeyMaterialFormat.X509Certificate:
                    using (var certificate = X509CertificateLoader.LoadCertificate(material.Encoded))
                        return certificate.GetECDsaPublicKey();
                case KeyMaterialFormat.SubjectPublicKeyInfo:
                    var key = ECDsa.Create();
                    try
                    {
                        key.ImportSubjectPublicKeyInfo(material.Encoded, out _);
                        return key;
                    }
                    catch
                    {
                        key.Dispose();
                        throw;
                    }
                case KeyMaterialFormat.CoseKey:
                    return CoseKey.Decode(material.Encoded).ToECDsa();
                default:
                    return null;
            }
        }
        catch (Exception e) when (e is CryptographicException or CoseFormatException or ArgumentException)
        {
            return null;
        }
    }

}
