using System.Security.Cryptography;
using DeviceTrust.Cose;

namespace DeviceTrust.Suit.Reports;

/// <summary>
/// Protects a report with the device's attestation key (draft-ietf-suit-report, "SUIT_Report container" and its CDDL):
/// <code>
/// SUIT_Report_COSE_Sign1_Tagged = #6.18(SUIT_Report_COSE_Sign1)
/// SUIT_Report_COSE_Sign1 = [ protected : bstr, unprotected : {* int => any},
///                            payload : bstr .cbor SUIT_Report_Unprotected, signature : bstr ]
/// </code>
/// The payload is attached: the deterministically encoded SUIT_Report. ES256 (-7), alg in the protected header, through
/// System.Security.Cryptography.Cose (CoseSign1Signer).
/// </summary>
public static class SuitReportSigner
{
    /// <summary>The COSE_Sign1_Tagged report, signed ES256 with <paramref name="attestationKey"/>.</summary>
    /// <exception cref="ArgumentException">The key is not a P-256 private key.</exception>
    public static byte[] Sign(SuitReport report, ECDsa attestationKey, CoseSignOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(attestationKey);
        if (options?.DetachedPayload == true)
            throw new ArgumentException("A SUIT report travels as the COSE_Sign1 payload; it cannot be detached.", nameof(options));
        return CoseSign1Signer.SignEs256(report.Encode(), attestationKey, options);
    }
}
