using System.Globalization;
using DeviceTrust.Simulator.Fleet;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace DeviceTrust.Cli.Simulate;

/// <summary>Renders fleet snapshots for people: a live table, a plain status line for logs, a final summary.</summary>
public static class StatusFormatter
{
    /// <summary>Distinct problems shown per state; a fleet with one broken setting would otherwise repeat it per device.</summary>
    public const int MaxProblemsShown = 3;

    public static string StatusLine(FleetSnapshot snapshot, double sendRate, TimeSpan elapsed)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        return string.Create(
            CultureInfo.InvariantCulture,
            $"[{elapsed:hh\\:mm\\:ss}] devices {snapshot.Total}: connected {snapshot.Connected}, enrolling {snapshot.Enrolling}, "
            + $"connecting {Connecting(snapshot)}, reconnecting {snapshot.Reconnecting}, "
            + $"rejected {snapshot.Rejected} | sent {snapshot.MessagesSent} ({sendRate:F1}/s), "
            + $"errors {snapshot.SendErrors}, reconnects {snapshot.Reconnects}");
    }

    /// <param name="atStop">The fleet as the run ended, before its devices were stopped: what state each had reached.</param>
    /// <param name="final">After the stop: the message counters, complete.</param>
    public static string Summary(FleetView atStop, FleetSnapshot final, TimeSpan elapsed)
    {
        ArgumentNullException.ThrowIfNull(atStop);
        ArgumentNullException.ThrowIfNull(final);
        var seconds = Math.Max(elapsed.TotalSeconds, 0.001);
        var states = atStop.Counts;
        var summary = string.Create(
            CultureInfo.InvariantCulture,
            $"Simulated {final.Total} devices for {elapsed.TotalSeconds:F1} s: {states.Connected} connected, {states.Enrolling} enrolling, "
            + $"{Connecting(states) + states.Reconnecting} connecting, {states.Rejected} rejected; {final.MessagesSent} messages sent "
            + $"({final.MessagesSent / seconds:F1}/s), {final.SendErrors} send errors, {final.Reconnects} reconnects, "
            + $"{final.Dropped} dropped, {final.Malformed} malformed.");
        return string.Join(Environment.NewLine, [summary, .. ProblemLines(atStop)]);
    }

    /// <summary>
    /// "  rejected (2 devices, e.g. KUMO-M7-00001): why", the most common problems first, for rejected devices, then for
    /// devices still enrolling or connecting.
    /// </summary>
    public static IReadOnlyList<string> ProblemLines(FleetView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        return [.. Lines("rejected", view.Rejections), .. Lines("enrolling", view.EnrollmentProblems), .. Lines("connecting", view.ConnectionProblems)];

        static IEnumerable<string> Lines(string state, IReadOnlyList<ProblemGroup> groups)
        {
            foreach (var group in groups.Take(MaxProblemsShown))
            {
                var devices = group.Devices == 1 ? group.FirstSerial : $"{group.Devices} devices, e.g. {group.FirstSerial}";
                yield return $"  {state} ({devices}): {group.Problem}";
            }

            if (groups.Count > MaxProblemsShown)
                yield return string.Create(CultureInfo.InvariantCulture, $"  {state}: {groups.Count - MaxProblemsShown} more distinct problems");
        }
    }

    public static IRenderable Table(FleetView view, double sendRate, TimeSpan elapsed, Uri server)
    {
        ArgumentNullException.ThrowIfNull(view);
        var snapshot = view.Counts;
        var table = new Table()
            .Title($"DeviceTrust simulator -> {Markup.Escape(server.ToString())}")
            .Caption("Ctrl+C to stop")
            .AddColumn("Devices")
            .AddColumn(new TableColumn("").RightAligned())
            .AddColumn("Traffic")
            .AddColumn(new TableColumn("").RightAligned());

        Row(table, "[green]Connected[/]", snapshot.Connected, "Messages sent", Count(snapshot.MessagesSent));
        Row(table, "[blue]Enrolling[/]", snapshot.Enrolling, "Send rate", Rate(sendRate));
        Row(table, "Connecting", Connecting(snapshot), "Send errors", Count(snapshot.SendErrors));
        Row(table, "[yellow]Reconnecting[/]", snapshot.Reconnecting, "Reconnects", Count(snapshot.Reconnects));
        var faults = Count(snapshot.Dropped) + " / " + Count(snapshot.Malformed);
        Row(table, "[red]Rejected[/]", snapshot.Rejected, "Dropped / malformed", faults);
        table.AddRow("Total", snapshot.Total.ToString(CultureInfo.InvariantCulture),
            "Elapsed", elapsed.ToString(@"hh\:mm\:ss", CultureInfo.InvariantCulture));

        var problems = ProblemLines(view);
        return problems.Count == 0 ? table : new Rows([table, .. problems.Select(line => new Text(line))]);
    }

    /// <summary>Devices not started yet (a fleet staggers its starts) are shown as connecting.</summary>
    private static int Connecting(FleetSnapshot snapshot) => snapshot.Connecting + snapshot.Pending;

    private static void Row(Table table, string status, int devices, string metric, string value) =>
        table.AddRow(status, devices.ToString(CultureInfo.InvariantCulture), metric, value);

    private static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Rate(double perSecond) => perSecond.ToString("F1", CultureInfo.InvariantCulture) + "/s";
}
