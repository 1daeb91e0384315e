using DeviceTrust.Domain.Refusals;
using MudBlazor;

namespace DeviceTrust.Web.Components.Pages.Refusals;

/// <summary>How refusal values read on the page.</summary>
internal static class RefusalText
{
    public static string Category(RefusalCategory category) => category switch
    {
        RefusalCategory.UntrustedIdevid => "Untrusted IDevID",
        RefusalCategory.UnknownSerial => "Unknown serial",
        RefusalCategory.SerialMismatch => "Serial mismatch",
        RefusalCategory.RevokedCertificate => "Revoked certificate",
        RefusalCategory.ExpiredCertificate => "Expired certificate",
        RefusalCategory.UntrustedCertificate => "Untrusted certificate",
        RefusalCategory.RejectedPledge => "Rejected pledge",
        RefusalCategory.DeviceNotEligible => "Device not eligible",
        RefusalCategory.NoClientCertificate => "No client certificate",
        _ => "Other",
    };

    /// <summary>Red for what looks like an impersonation or a revoked credential in use; amber for the rest.</summary>
    public static Color CategoryColor(RefusalCategory category) => category switch
    {
        RefusalCategory.UntrustedIdevid or RefusalCategory.RevokedCertificate or RefusalCategory.UntrustedCertificate or RefusalCategory.SerialMismatch => Color.Error,
        RefusalCategory.NoClientCertificate or RefusalCategory.Other => Color.Default,
        _ => Color.Warning,
    };

    public static string Endpoint(RefusalEndpoint endpoint) => endpoint switch
    {
        RefusalEndpoint.Registrar => "Registrar",
        RefusalEndpoint.Est => "EST",
        RefusalEndpoint.Hub => "Hub",
        RefusalEndpoint.Masa => "MASA",
        _ => endpoint.ToString(),
    };

    /// <summary>The first 8 and last 4 hex digits: enough to tell certificates apart at a glance; the full value is in the title.</summary>
    public static string ShortFingerprint(string fingerprint) => fingerprint.Length <= 16 ? fingerprint : $"{fingerprint[..8]}…{fingerprint[^4..]}";
}
