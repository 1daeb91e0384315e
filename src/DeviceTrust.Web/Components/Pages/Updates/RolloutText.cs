using DeviceTrust.Domain.Updates;
using MudBlazor;

namespace DeviceTrust.Web.Components.Pages.Updates;

/// <summary>How the rollout pages word and colour rollouts, their devices and their decisions.</summary>
internal static class RolloutText
{
    public static string Status(RolloutStatus status) => status switch
    {
        RolloutStatus.AwaitingApproval => "Awaiting approval",
        _ => status.ToString(),
    };

    public static Color StatusColor(RolloutStatus status) => status switch
    {
        RolloutStatus.AwaitingApproval => Color.Warning,
        RolloutStatus.Approved => Color.Info,
        RolloutStatus.Running => Color.Primary,
        RolloutStatus.Paused => Color.Warning,
        RolloutStatus.Completed => Color.Success,
        RolloutStatus.Cancelled => Color.Default,
        _ => Color.Default,
    };

    public static Color TargetColor(RolloutTargetStatus status) => status switch
    {
        RolloutTargetStatus.Offered => Color.Info,
        RolloutTargetStatus.Installed => Color.Primary,
        RolloutTargetStatus.Verified => Color.Success,
        RolloutTargetStatus.Failed => Color.Error,
        RolloutTargetStatus.Excluded or RolloutTargetStatus.Cancelled => Color.Dark,
        _ => Color.Default,
    };

    /// <summary>A timeline action ("wave-started") as a sentence start ("Wave started").</summary>
    public static string Decision(string action) => action.Length == 0 ? action : char.ToUpperInvariant(action[0]) + action[1..].Replace('-', ' ');

    public static string Rules(RolloutWave wave) =>
        $"success ≥ {wave.SuccessThresholdPercent}%, pause at ≥ {wave.ErrorThresholdPercent}% failed, " + (wave.AdvanceAutomatically ? "advances by itself" : "waits for a manual check");

    /// <summary>A share of a wave, for the stacked bar's segments.</summary>
    public static string Width(int part, int total) =>
        total == 0 ? "0%" : (part * 100.0 / total).ToString("0.##", System.Globalization.CultureInfo.InvariantCulture) + "%";

    public static string Utc(DateTimeOffset? at) => at?.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'") ?? "–";
}
