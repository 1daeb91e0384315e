using DeviceTrust.Domain.Trust;

namespace DeviceTrust.Web.Components.Pages.Trust;

internal static class TrustText
{
    public static string Purpose(TrustAnchorPurpose purpose) => purpose switch
    {
        TrustAnchorPurpose.ManufacturerIdevidCa => "Manufacturer IDevID CA",
        TrustAnchorPurpose.Masa => "MASA",
        TrustAnchorPurpose.DomainCa => "Domain CA",
        TrustAnchorPurpose.FirmwareAuthor => "Firmware author",
        TrustAnchorPurpose.AttestationEndorsement => "Attestation endorsement",
        TrustAnchorPurpose.Tam => "TAM",
        TrustAnchorPurpose.AttestationVerifier => "Attestation verifier",
        _ => purpose.ToString(),
    };
}
