using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DeviceTrust.Cose;

namespace DeviceTrust.Enrollment.Vouchers;

/// <summary>
/// A decoded COSE-signed constrained voucher or voucher-request. <see cref="Content"/> is what the signer claims;
/// it is authenticated only once <see cref="Verify(AsymmetricAlgorithm)"/> has returned true for a key the caller
/// trusts for this role (MASA for vouchers, pledge IDevID for PVRs, registrar for RVRs).
/// </summary>
public sealed class SignedVoucher<T> where T : VoucherArtifact
{
    internal SignedVoucher(CoseSign1 message, T content)
    {
        Message = message;
        Content = content;
    }

    /// <summary>The decoded voucher or voucher-request (not yet authenticated, see the class remarks).</summary>
    public T Content { get; }

    /// <summary>The COSE_Sign1 envelope (RFC 9052 §4.2) with its headers.</summary>
    public CoseSign1 Message { get; }

    /// <summary>
    /// DER certificates in the x5bag header (RFC 9360 §2), protected or unprotected; the constrained RVR example
    /// carries the registrar certificate and its CA there. Untrusted hints for path building, not trust anchors.
    /// </summary>
    public IReadOnlyList<byte[]> X5Bag => Message.ProtectedHeaders.Contains(CoseHeaderLabels.X5Bag)
        ? Message.ProtectedHeaders.GetCertificates(CoseHeaderLabels.X5Bag)
        : Message.UnprotectedHeaders.GetCertificates(CoseHeaderLabels.X5Bag);

    /// <summary>True when the COSE signature verifies with <paramref name="publicKey"/>.</summary>
    /// <exception cref="NotSupportedException">The envelope uses an algorithm this library cannot verify.</exception>
    public bool Verify(AsymmetricAlgorithm publicKey) => Message.Verify(publicKey);

    /// <summary>True when the COSE signature verifies with the EC or RSA public key of <paramref name="signer"/>.
    /// Checking that the certificate is the right one (chain, role, validity) is the caller's policy.</summary>
    public bool Verify(X509Certificate2 signer)
    {
        ArgumentNullException.ThrowIfNull(signer);
        using AsymmetricAlgorithm? key = (AsymmetricAlgorithm?)signer.GetECDsaPublicKey() ?? signer.GetRSAPublicKey();
        return key is not null && Message.Verify(key);
    }
}
