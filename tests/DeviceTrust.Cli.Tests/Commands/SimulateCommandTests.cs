using System.CommandLine;
using DeviceTrust.Cli.Commands;
using DeviceTrust.Cli.Tests.Infrastructure;
using DeviceTrust.Cli.Tests.Network;
using DeviceTrust.Simulator.Device;

namespace DeviceTrust.Cli.Tests.Commands;

public sealed class SimulateCommandTests
{
    private const string Required = "simulate --server https://localhost:5443 --token dt_abc --devices 3";

    [Fact]
    public void Parse_RequiredOptions_BindsWithDefaults()
    {
        var (command, result) = Parse(Required);

        Assert.Empty(result.Errors);
        Assert.Same(command, result.CommandResult.Command);
        var request = command.Bind(result);
        Assert.Equal(new Uri("https://localhost:5443"), request.Server);
        Assert.Equal(new Uri("http://localhost:5080"), request.Api);
        Assert.Equal("dt_abc", request.Token);
        Assert.Equal(3, request.Devices);
        Assert.Null(request.SerialPrefix);
        Assert.Null(request.StateDirectory);
        Assert.Null(request.SeedDataDirectory);
        Assert.Equal(TimeSpan.FromSeconds(2), request.Interval);
        Assert.Null(request.Duration);
        Assert.Equal(FaultInjection.None, request.Faults);
    }

    [Fact]
    public void Parse_EveryOption_Binds()
    {
        var (command, result) = Parse(
            "simulate --server https://dt.example:8443 --api https://dt.example --token dt_x -n 250 --serial-prefix KUMO-M7-NEW "
            + "--state /tmp/devices --seed-data /tmp/seed --interval 0.5 --duration 90 --drop-rate 0.1 --malformed-rate 0.02 "
            + "--install-failure-rate 0.25 --fault tamper-voucher --fault untrusted-certificate");

        Assert.Empty(result.Errors);
        var request = command.Bind(result);
        Assert.Equal(new Uri("https://dt.example:8443"), request.Server);
        Assert.Equal(new Uri("https://dt.example"), request.Api);
        Assert.Equal(250, request.Devices);
        Assert.Equal("KUMO-M7-NEW", request.SerialPrefix);
        Assert.Equal("/tmp/devices", request.StateDirectory);
        Assert.Equal("/tmp/seed", request.SeedDataDirectory);
        Assert.Equal(TimeSpan.FromMilliseconds(500), request.Interval);
        Assert.Equal(TimeSpan.FromSeconds(90), request.Duration);
        Assert.Equal(
            new FaultInjection { DropRate = 0.1, MalformedRate = 0.02, InstallFailureRate = 0.25, TamperVoucher = true, UntrustedCertificate = true },
            request.Faults);
    }

    [Theory]
    [InlineData("unknown-manufacturer")]
    [InlineData("expired-idevid")]
    [InlineData("tamper-voucher")]
    [InlineData("csr-key-mismatch")]
    [InlineData("untrusted-certificate")]
    [InlineData("tampered-digest")]
    [InlineData("debug-enabled")]
    [InlineData("replay-nonce")]
    [InlineData("unendorsed-key")]
    [InlineData("late-answer")]
    [InlineData("corrupt-download")]
    [InlineData("wrong-class")]
    [InlineData("offline-mid-update")]
    [InlineData("ahead-sequence-number")]
    [InlineData("contraindicated-after-install")]
    public void Parse_EachFault_SetsItsFlagAlone(string fault)
    {
        var (command, result) = Parse($"{Required} --fault {fault}");

        Assert.Empty(result.Errors);
        var expected = fault switch
        {
            "unknown-manufacturer" => new FaultInjection { UnknownManufacturer = true },
            "expired-idevid" => new FaultInjection { ExpiredIdevid = true },
            "tamper-voucher" => new FaultInjection { TamperVoucher = true },
            "csr-key-mismatch" => new FaultInjection { CsrKeyMismatch = true },
            "tampered-digest" => new FaultInjection { TamperedDigest = true },
            "debug-enabled" => new FaultInjection { DebugEnabled = true },
            "replay-nonce" => new FaultInjection { ReplayNonce = true },
            "unendorsed-key" => new FaultInjection { UnendorsedKey = true },
            "late-answer" => new FaultInjection { LateAnswer = true },
            "corrupt-download" => new FaultInjection { CorruptDownload = true },
            "wrong-class" => new FaultInjection { WrongClass = true },
            "offline-mid-update" => new FaultInjection { OfflineMidUpdate = true },
            "ahead-sequence-number" => new FaultInjection { AheadSequenceNumber = true },
            "contraindicated-after-install" => new FaultInjection { ContraindicatedAfterInstall = true },
            _ => new FaultInjection { UntrustedCertificate = true },
        };
        Assert.Equal(expected, command.Bind(result).Faults);
    }

    [Theory]
    [InlineData("simulate --token dt_x --devices 3", "--server")]
    [InlineData("simulate --server https://h --devices 3", "--token")]
    [InlineData("simulate --server https://h --token dt_x", "--devices")]
    [InlineData("simulate --server http://localhost:5080 --token dt_x --devices 3", "https URL")]
    [InlineData("simulate --server localhost:5443 --token dt_x --devices 3", "https URL")]
    [InlineData("simulate --server https://h --api ftp://h --token dt_x --devices 3", "--api")]
    [InlineData("simulate --server https://h --api localhost:5080 --token dt_x --devices 3", "--api")]
    [InlineData("simulate --server https://h --token dt_x --devices 0", "--devices")]
    [InlineData("simulate --server https://h --token dt_x --devices three", "three")]
    [InlineData("simulate --server https://h --token dt_x --devices 3 --interval 0.01", "--interval")]
    [InlineData("simulate --server https://h --token dt_x --devices 3 --duration 0", "--duration")]
    [InlineData("simulate --server https://h --token dt_x --devices 3 --drop-rate 1.5", "--drop-rate")]
    [InlineData("simulate --server https://h --token dt_x --devices 3 --malformed-rate -0.1", "--malformed-rate")]
    [InlineData("simulate --server https://h --token dt_x --devices 3 --install-failure-rate 2", "--install-failure-rate")]
    [InlineData("simulate --server https://h --token dt_x --devices 3 --fault wrong-secret", "wrong-secret")]
    [InlineData("simulate --server https://h --token dt_x --devices 3 --fleet-secret s3cret", "--fleet-secret")]
    [InlineData("simulate --server https://h --token dt_x --devices 3 --trust root.pem", "--trust")]
    public void Parse_InvalidCommandLine_ReportsErrorNamingIt(string commandLine, string named)
    {
        var (_, result) = Parse(commandLine);

        Assert.Contains(result.Errors, error => error.Message.Contains(named, StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_MissingServer_ExitsUsageNamingIt()
    {
        var run = await NetworkCli.RunAsync("simulate", "--token", "dt_x", "--devices", "3");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("--server", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_SeedDataThatDoesNotExist_ExitsMalformedInputOnTheInvocationsWriters()
    {
        using var workspace = new SeedWorkspace();

        var run = await NetworkCli.RunAsync("simulate", "--server", NetworkCli.ClosedPortUrl(), "--token", "dt_x", "--devices", "1",
            "--seed-data", workspace.PathOf("nowhere"));

        Assert.Equal(ExitCodes.MalformedInput, run.ExitCode);
        Assert.Contains("nowhere", run.Error, StringComparison.Ordinal);
    }

    private static (SimulateCommand Command, ParseResult Result) Parse(string commandLine)
    {
        var root = CliApplication.CreateRootCommand();
        var command = root.Subcommands.OfType<SimulateCommand>().Single();
        return (command, root.Parse(commandLine));
    }
}
