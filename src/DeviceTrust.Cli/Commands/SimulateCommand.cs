using System.CommandLine;
using System.Globalization;
using System.Numerics;
using DeviceTrust.Cli.Simulate;
using Spectre.Console;

namespace DeviceTrust.Cli.Commands;

/// <summary><c>devicetrust simulate</c>: runs seeded devices against a server and shows how they fare.</summary>
public sealed class SimulateCommand : Command
{
    private const double MaxDurationSeconds = 366 * 24 * 3600;

    public SimulateCommand()
        : base("simulate", "Run simulated devices from the seed fleet against a DeviceTrust server.")
    {
        Add(Server);
        Add(Devices);
        Add(FleetSecret);
        Add(SeedData);
        Add(Interval);
        Add(Duration);
        Add(DropRate);
        Add(MalformedRate);

        Server.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<string>();
            if (!Uri.TryCreate(value, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
            {
                result.AddError(
                    $"--server must be an absolute http or https URL such as http://localhost:5080, not '{value}'.");
            }
        });
        SetAction(async (parseResult, cancellationToken) =>
        {
            var console = AnsiConsole.Console;
            var live = !Console.IsOutputRedirected && console.Profile.Capabilities.Interactive ? console : null;
            var runner = new SimulateRunner(Console.Out, Console.Error, live, Environment.CurrentDirectory);
            return await runner.RunAsync(Bind(parseResult), cancellationToken);
        });
    }

    public Option<string> Server { get; } = new("--server")
    {
        Description = "Base URL of the DeviceTrust server, e.g. http://localhost:5080.",
        Required = true,
    };

    public Option<int> Devices { get; } = RequiredCount();

    public Option<string?> FleetSecret { get; } = new("--fleet-secret")
    {
        Description = "Fleet secret the device secrets derive from. "
            + "Default: Simulator:FleetSecret in appsettings.Development.json.",
    };

    public Option<string?> SeedData { get; } = new("--seed-data")
    {
        Description = "Directory holding fleets.json. Default: seed-data/ beside appsettings.Development.json.",
    };

    public Option<double> Interval { get; } = NumberOption(
        "--interval", "Seconds between two telemetry messages of one device.", 0.05, 3600, defaultValue: 2.0);

    public Option<double> Duration { get; } = NumberOption(
        "--duration", "Stop after this many seconds. Default: run until Ctrl+C.", 0.001, MaxDurationSeconds);

    public Option<double> DropRate { get; } = NumberOption(
        "--drop-rate", "Probability (0..1) that a device skips a telemetry message.", 0.0, 1.0);

    public Option<double> MalformedRate { get; } = NumberOption(
        "--malformed-rate", "Probability (0..1) that a device sends a malformed message instead.", 0.0, 1.0);

    public SimulateRequest Bind(ParseResult parseResult) => new(
        new Uri(parseResult.GetRequiredValue(Server)),
        parseResult.GetValue(Devices),
        parseResult.GetValue(FleetSecret),
        parseResult.GetValue(SeedData),
        TimeSpan.FromSeconds(parseResult.GetValue(Interval)),
        parseResult.GetResult(Duration) is null ? null : TimeSpan.FromSeconds(parseResult.GetValue(Duration)),
        parseResult.GetValue(DropRate),
        parseResult.GetValue(MalformedRate));

    private static Option<int> RequiredCount()
    {
        var option = NumberOption(
            "--devices", "How many devices to simulate, taken in order from the seed fleet.", 1, 100_000);
        option.Aliases.Add("-n");
        option.Required = true;
        return option;
    }

    // Parses and range-checks in one step; a validator alone would also run after a failed conversion.
    private static Option<T> NumberOption<T>(string name, string description, T min, T max, T? defaultValue = null)
        where T : struct, INumber<T>
    {
        var option = new Option<T>(name)
        {
            Description = description,
            CustomParser = result =>
            {
                var token = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
                if (!T.TryParse(token, CultureInfo.InvariantCulture, out var value))
                {
                    result.AddError($"{name} must be a number, not '{token}'.");
                }
                else if (T.IsNaN(value) || value < min || value > max)
                {
                    result.AddError(string.Create(
                        CultureInfo.InvariantCulture, $"{name} must be between {min} and {max}, not {value}."));
                }

                return value;
            },
        };
        if (defaultValue is { } fallback)
        {
            option.DefaultValueFactory = _ => fallback;
        }

        return option;
    }
}
