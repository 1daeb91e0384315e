using DeviceTrust.Domain.Attestation;
using MudBlazor;

namespace DeviceTrust.Web.Components.Pages.Attestation;

/// <summary>How verdicts read and look, the same on every page.</summary>
public static class AttestationText
{
    public static Color VerdictColor(AttestationVerdict verdict) => verdict switch
    {
        AttestationVerdict.Affirming => Color.Success,
        AttestationVerdict.Warning => Color.Warning,
        AttestationVerdict.Contraindicated => Color.Error,
        _ => Color.Default,
    };

    public static string Verdict(AttestationVerdict verdict) => verdict switch
    {
        AttestationVerdict.Affirming => "Affirming",
        AttestationVerdict.Warning => "Warning",
        AttestationVerdict.Contraindicated => "Contraindicated",
        _ => "No verdict",
    };

    /// <summary>The first 16 hex digits of a kid: enough to tell keys apart on a page.</summary>
    public static string ShortKid(string kid) => kid.Length > 16 ? kid[..16] + "…" : kid;
}
