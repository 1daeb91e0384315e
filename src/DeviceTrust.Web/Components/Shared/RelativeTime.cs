namespace DeviceTrust.Web.Components.Shared;

public static class RelativeTime
{
    public static string Format(DateTimeOffset? at, DateTimeOffset now)
    {
        if (at is null) return "never";
        var ago = now - at.Value;
        return ago switch
        {
            { TotalSeconds: < 5 } => "just now",
            { TotalMinutes: < 1 } => $"{(int)ago.TotalSeconds} s ago",
            { TotalHours: < 1 } => $"{(int)ago.TotalMinutes} min ago",
            { TotalDays: < 1 } => $"{(int)ago.TotalHours} h ago",
            _ => at.Value.ToString("yyyy-MM-dd HH:mm"),
        };
    }

    public static string Uptime(long seconds)
    {
        var t = TimeSpan.FromSeconds(seconds);
        return t.TotalDays >= 1 ? $"{(int)t.TotalDays}d {t.Hours}h {t.Minutes}m" : t.TotalHours >= 1 ? $"{t.Hours}h {t.Minutes}m {t.Seconds}s" : $"{t.Minutes}m {t.Seconds}s";
    }
}
