using System.Globalization;
using DeviceTrust.Simulator.Fleet;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace DeviceTrust.Cli.Simulate;

/// <summary>Renders fleet snapshots for people: a live table, a plain status line for logs, a final summary.</summary>
public static class StatusFormatter
{
    public static string StatusLine(FleetSnapshot snapshot, double sendRate, TimeSpan elapsed) => string.Create(
        CultureInfo.InvariantCulture,
        $"[{elapsed:hh\\:mm\\:ss}] devices {snapshot.Total}: connected {snapshot.Connected}, "
        + $"connecting {snapshot.Connecting + snapshot.Pending}, reconnecting {snapshot.Reconnecting}, "
        + $"rejected {snapshot.Rejected} | sent {snapshot.MessagesSent} ({sendRate:F1}/s), "
        + $"errors {snapshot.SendErrors}, reconnects {snapshot.Reconnects}");

    public static string Summary(FleetSnapshot final, TimeSpan elapsed)
    {
        var seconds = Math.Max(elapsed.TotalSeconds, 0.001);
        return string.Create(
            CultureInfo.InvariantCulture,
            $"Simulated {final.Total} devices for {elapsed.TotalSeconds:F1} s: {final.MessagesSent} messages sent "
            + $"({final.MessagesSent / seconds:F1}/s), {final.SendErrors} send errors, {final.Reconnects} reconnects, "
            + $"{final.Rejected} rejected, {final.Dropped} dropped, {final.Malformed} malformed.");
    }

    public static IRenderable Table(FleetSnapshot snapshot, double sendRate, TimeSpan elapsed, Uri server)
    {
        var table = new Table()
            .Title($"DeviceTrust simulator -> {Markup.Escape(server.ToString())}")
            .Caption("Ctrl+C to stop")
            .AddColumn("Devices")
            .AddColumn(new TableColumn("").RightAligned())
            .AddColumn("Traffic")
            .AddColumn(new TableColumn("").RightAligned());

        Row(table, "[green]Connected[/]", snapshot.Connected, "Messages sent", Count(snapshot.MessagesSent));
        Row(table, "Connecting", snapshot.Connecting + snapshot.Pending, "Send rate", Rate(sendRate));
        Row(table, "[yellow]Reconnecting[/]", snapshot.Reconnecting, "Send errors", Count(snapshot.SendErrors));
        Row(table, "[red]Rejected[/]", snapshot.Rejected, "Reconnects", Count(snapshot.Reconnects));
        var faults = Count(snapshot.Dropped) + " / " + Count(snapshot.Malformed);
        Row(table, "Total", snapshot.Total, "Dropped / malformed", faults);
        table.AddRow("", "", "Elapsed", elapsed.ToString(@"hh\:mm\:ss", CultureInfo.InvariantCulture));
        return table;
    }

    private static void Row(Table table, string status, int devices, string metric, string value) =>
        table.AddRow(status, devices.ToString(CultureInfo.InvariantCulture), metric, value);

    private static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Rate(double perSecond) => perSecond.ToString("F1", CultureInfo.InvariantCulture) + "/s";
}
