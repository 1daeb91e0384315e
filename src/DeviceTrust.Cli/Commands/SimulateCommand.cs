using System.CommandLine;
using System.Globalization;
using System.Numerics;
using DeviceTrust.Cli.Network;
using DeviceTrust.Cli.Simulate;
using DeviceTrust.Simulator.Device;
using Spectre.Console;

namespace DeviceTrust.Cli.Commands;

/// <summary>
/// <c>devicetrust simulate</c>: seed devices that bootstrap for real (an IDevID minted by the development API, BRSKI,
/// EST) and then stream telemetry to the hub with their LDevIDs, with a live view of how they fare.
/// </summary>
public sealed class SimulateCommand : Command
{
    private const double MaxDurationSeconds = 366 * 24 * 3600;

    /// <summary>The provisioning, attestation and update faults by their --fault name, each setting its flag on top of the others.</summary>
    private static readonly IReadOnlyDictionary<string, Func<FaultInjection, FaultInjection>> FaultNames =
        new Dictionary<string, Func<FaultInjection, FaultInjection>>(StringComparer.Ordinal)
        {
            ["unknown-manufacturer"] = f => f with { UnknownManufacturer = true },
            ["expired-idevid"] = f => f with { ExpiredIdevid = true },
            ["tamper-voucher"] = f => f with { TamperVoucher = true },
            ["csr-key-mismatch"] = f => f with { CsrKeyMismatch = true },
            ["untrusted-certificate"] = f => f with { UntrustedCertificate = true },
            ["tampered-digest"] = f => f with { TamperedDigest = true },
            ["debug-enabled"] = f => f with { DebugEnabled = true },
            ["replay-nonce"] = f => f with { ReplayNonce = true },
            ["unendorsed-key"] = f => f with { UnendorsedKey = true },
            ["late-answer"] = f => f with { LateAnswer = true },
            ["corrupt-download"] = f => f with { CorruptDownload = true },
            ["wrong-class"] = f => f with { WrongClass = true },
            ["offline-mid-update"] = f => f with { OfflineMidUpdate = true },
            ["ahead-sequence-number"] = f => f with { AheadSequenceNumber = true },
            ["contraindicated-after-install"] = f => f with { ContraindicatedAfterInstall = true },
        };

    public SimulateCommand(TimeProvider timeProvider)
        : base("simulate", "Run seed devices against a DeviceTrust server: each gets a DEV-ONLY IDevID from the development API, "
            + "bootstraps with BRSKI and EST on the device listener, then streams telemetry to the hub with its LDevID.")
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        Connection.AddTo(this);
        Add(Api);
        Add(Token);
        ApiTokenOption.RequireOn(this, Token);
        Add(Devices);
        Add(SerialPrefix);
        Add(State);
        Add(SeedData);
        Add(Interval);
        Add(Duration);
        Add(DropRate);
        Add(MalformedRate);
        Add(InstallFailureRate);
        Add(Fault);

        Api.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<string>();
            if (!Uri.TryCreate(value, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
            {
                result.AddError($"--api must be an absolute http or https URL such as http://localhost:5080, not '{value}'.");
            }
        });
        SetAction(async (parseResult, cancellationToken) =>
        {
            var configuration = parseResult.InvocationConfiguration;
            var runner = new SimulateRunner(configuration.Output, configuration.Error, LiveConsole(configuration.Output), Environment.CurrentDirectory)
            {
                TimeProvider = timeProvider,
            };
            return await runner.RunAsync(Bind(parseResult), cancellationToken);
        });
    }

    /// <summary>No --trust: each device authenticates the registrar by BRSKI itself, then pins the domain CA its voucher names.</summary>
    public ServerOptions Connection { get; } = new(
        "The server's HTTPS device listener, where devices bootstrap and reach the hub, e.g. https://localhost:5443.", httpsOnly: true, withTrust: false);

    public Option<string> Api { get; } = new("--api")
    {
        Description = "The server's HTTP API, which mints the devices' IDevIDs (Development only); https is checked against the system's roots.",
        HelpName = "URL",
        DefaultValueFactory = _ => "http://localhost:5080",
    };

    public Option<string?> Token { get; } = ApiTokenOption.Create("A security officer's API token (dt_...), to mint the devices' IDevIDs.");

    public Option<int> Devices { get; } = RequiredCount();

    public Option<string?> SerialPrefix { get; } = new("--serial-prefix")
    {
        Description = "Only seed devices whose serial starts with this, e.g. KUMO-M7-NEW (which the app's own simulator leaves alone).",
        HelpName = "PREFIX",
    };

    public Option<string?> State { get; } = new("--state")
    {
        Description = "Directory where each device keeps its IDevID, LDevID and PRIVATE KEYS (unencrypted) between runs. "
            + "Default: in memory, so every run starts factory-new.",
        HelpName = "DIR",
    };

    public Option<string?> SeedData { get; } = new("--seed-data")
    {
        Description = "Directory holding fleets.json and device-classes.json. Default: seed-data/ beside appsettings.Development.json.",
        HelpName = "DIR",
    };

    public Option<double> Interval { get; } = NumberOption(
        "--interval", "SECONDS", "Seconds between two telemetry messages of one device.", 0.05, 3600, defaultValue: 2.0);

    public Option<double> Duration { get; } = NumberOption(
        "--duration", "SECONDS", "Stop after this many seconds. Default: run until Ctrl+C.", 0.001, MaxDurationSeconds);

    public Option<double> DropRate { get; } = NumberOption(
        "--drop-rate", "P", "Probability (0..1) that a device skips a telemetry message.", 0.0, 1.0);

    public Option<double> MalformedRate { get; } = NumberOption(
        "--malformed-rate", "P", "Probability (0..1) that a device sends a malformed message instead.", 0.0, 1.0);

    public Option<double> InstallFailureRate { get; } = NumberOption(
        "--install-failure-rate", "P", "Probability (0..1) that writing an offered update's image fails on a device (an operation-failed report).", 0.0, 1.0);

    public Option<string[]> Fault { get; } = FaultOption();

    public SimulateRequest Bind(ParseResult parseResult)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        var faults = new FaultInjection
        {
            DropRate = parseResult.GetValue(DropRate),
            MalformedRate = parseResult.GetValue(MalformedRate),
            InstallFailureRate = parseResult.GetValue(InstallFailureRate),
        };
        foreach (var name in parseResult.GetValue(Fault) ?? [])
        {
            faults = FaultNames[name](faults);
        }

        return new SimulateRequest(
            Connection.Bind(parseResult).Server,
            new Uri(parseResult.GetRequiredValue(Api)),
            ApiTokenOption.Resolve(parseResult, Token),
            parseResult.GetValue(Devices))
        {
            SerialPrefix = parseResult.GetValue(SerialPrefix),
            StateDirectory = parseResult.GetValue(State),
            SeedDataDirectory = parseResult.GetValue(SeedData),
            Interval = TimeSpan.FromSeconds(parseResult.GetValue(Interval)),
            Duration = parseResult.GetResult(Duration) is null ? null : TimeSpan.FromSeconds(parseResult.GetValue(Duration)),
            Faults = faults,
        };
    }

    /// <summary>The live table only on an interactive terminal that is this process's own standard output.</summary>
    private static IAnsiConsole? LiveConsole(TextWriter output) =>
        ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected && AnsiConsole.Console.Profile.Capabilities.Interactive
            ? AnsiConsole.Console
            : null;

    private static Option<string[]> FaultOption()
    {
        var option = new Option<string[]>("--fault")
        {
            Description = "A fault every device shows (repeat for several): " + string.Join(", ", FaultNames.Keys) + ".",
            HelpName = "FAULT",
        };
        option.AcceptOnlyFromAmong([.. FaultNames.Keys]);
        return option;
    }

    private static Option<int> RequiredCount()
    {
        var option = NumberOption(
            "--devices", "N", "How many devices to simulate: the first N of the seed fleet (of those --serial-prefix selects).", 1, 100_000);
        option.Aliases.Add("-n");
        option.Required = true;
        return option;
    }

    // Parses and range-checks in one step; a validator alone would also run after a failed conversion.
    private static Option<T> NumberOption<T>(string name, string helpName, string description, T min, T max, T? defaultValue = null)
        where T : struct, INumber<T>
    {
        var option = new Option<T>(name)
        {
            Description = description,
            HelpName = helpName,
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
