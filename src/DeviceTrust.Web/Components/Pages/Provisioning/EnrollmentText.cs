using DeviceTrust.Domain.Provisioning;
using MudBlazor;

namespace DeviceTrust.Web.Components.Pages.Provisioning;

/// <summary>How provisioning states read on the pages.</summary>
internal static class EnrollmentText
{
    public static string Status(PledgeStatus status) => status switch
    {
        PledgeStatus.AwaitingApproval => "Awaiting approval",
        PledgeStatus.Approved => "Approved",
        PledgeStatus.Rejected => "Rejected",
        PledgeStatus.VoucherIssued => "Voucher issued",
        PledgeStatus.Enrolled => "Enrolled",
        _ => status.ToString(),
    };

    public static Color StatusColor(PledgeStatus status) => status switch
    {
        PledgeStatus.AwaitingApproval => Color.Warning,
        PledgeStatus.Rejected => Color.Error,
        PledgeStatus.Enrolled => Color.Success,
        _ => Color.Info,
    };

    public static string Reason(CertificateRevocationReason reason) => reason switch
    {
        CertificateRevocationReason.KeyCompromise => "Key compromise",
        CertificateRevocationReason.AffiliationChanged => "Affiliation changed",
        CertificateRevocationReason.Superseded => "Superseded",
        CertificateRevocationReason.CessationOfOperation => "Cessation of operation",
        CertificateRevocationReason.PrivilegeWithdrawn => "Privilege withdrawn",
        _ => "Unspecified",
    };

    /// <summary>"accepted", "failed: why", or "–" for a pledge's voucher_status / enrollstatus report.</summary>
    public static string Report(bool? ok, string? reason) => ok switch
    {
        true => "accepted",
        false => $"failed{(reason is null ? "" : ": " + reason)}",
        null => "–",
    };
}
