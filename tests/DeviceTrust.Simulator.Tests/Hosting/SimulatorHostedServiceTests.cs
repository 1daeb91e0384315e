using DeviceTrust.Simulator.Credentials;
using DeviceTrust.Simulator.Hosting;
using DeviceTrust.Simulator.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DeviceTrust.Simulator.Tests.Hosting;

public sealed class SimulatorHostedServiceTests
{
    private static readonly string[] Serials = ["ACME-G2-HST-00001", "ACME-G2-HST-00002", "ACME-G2-HST-00003"];

    [Fact]
    public async Task StartAsync_Enabled_RunsTheFleetSourceDevicesCappedAtMaxDevices()
    {
        await using var server = await TestDeviceServer.StartAsync();
        var credentials = server.NewCredentials();
        using var host = BuildHost(new()
        {
            ["Simulator:Enabled"] = "true",
            ["Simulator:ServerUrl"] = server.Url.ToString(),
            ["Simulator:TelemetryIntervalSeconds"] = "0.05",
            ["Simulator:MaxDevices"] = "2",
        }, services => services.AddSingleton<IDeviceCredentialSource>(credentials));

        await host.StartAsync(TestContext.Current.CancellationToken);
        await Wait.UntilAsync(
            () => server.Recorder.Telemetry(Serials[0]).Count > 0 && server.Recorder.Telemetry(Serials[1]).Count > 0,
            "both devices sent readings");
        await host.StopAsync(TestContext.Current.CancellationToken);

        Assert.Equal(0, credentials.Calls(Serials[2]));
        Assert.Equal(0, server.Recorder.Negotiations(Serials[2]));
        Assert.All(server.Recorder.Telemetry(Serials[0]), reading => Assert.Equal(100, reading.BatteryPercent));
    }

    [Fact]
    public async Task StartAsync_Enabled_RunningSimulationHoldsTheDevicesUntilTheHostStops()
    {
        await using var server = await TestDeviceServer.StartAsync();
        using var host = BuildHost(new()
        {
            ["Simulator:Enabled"] = "true",
            ["Simulator:ServerUrl"] = server.Url.ToString(),
            ["Simulator:MaxDevices"] = "2",
        }, services => services.AddSingleton<IDeviceCredentialSource>(server.NewCredentials()));
        var running = host.Services.GetRequiredService<RunningSimulation>();
        Assert.False(running.IsRunning);

        await host.StartAsync(TestContext.Current.CancellationToken);
        await Wait.UntilAsync(() => running.IsRunning, "the simulator started its devices");

        Assert.Equal(Serials[..2], running.Devices.Select(d => d.Serial));
        Assert.Same(running.Devices[1], running.Find(Serials[1]));
        Assert.Null(running.Find(Serials[2]));
        await host.StopAsync(TestContext.Current.CancellationToken);
        Assert.False(running.IsRunning);
        Assert.Empty(running.Devices);
    }

    [Fact]
    public async Task StartAsync_EnabledWithoutServerUrl_FailsNamingTheSetting()
    {
        using var host = BuildHost(new() { ["Simulator:Enabled"] = "true" });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(
            () => host.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains("Simulator:ServerUrl", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://127.0.0.1:5080")]
    [InlineData("localhost:5443")]
    public async Task StartAsync_ServerUrlNotHttps_FailsAskingForTheHttpsListener(string serverUrl)
    {
        using var host = BuildHost(new() { ["Simulator:Enabled"] = "true", ["Simulator:ServerUrl"] = serverUrl });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(
            () => host.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains("Simulator:ServerUrl must be the absolute https URL", error.Message, StringComparison.Ordinal);
        Assert.Contains(serverUrl, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Simulator:TelemetryIntervalSeconds", "0.001", "TelemetryIntervalSeconds")]
    [InlineData("Simulator:MaxConcurrentEnrollments", "0", "MaxConcurrentEnrollments")]
    public async Task StartAsync_ValueOutOfRange_FailsValidation(string key, string value, string named)
    {
        using var host = BuildHost(new()
        {
            ["Simulator:Enabled"] = "true",
            ["Simulator:ServerUrl"] = DeviceFixtures.Nowhere.ToString(),
            [key] = value,
        });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(
            () => host.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_Disabled_NeverAsksForDevicesOrCredentials()
    {
        var source = new FixedFleetSource();
        var credentialSourcesBuilt = 0;
        using var host = BuildHost(new() { ["Simulator:Enabled"] = "false" }, services =>
            services.AddSingleton<IDeviceCredentialSource>(_ =>
            {
                credentialSourcesBuilt++;
                return new TestCredentials(new TestCa());
            }), source);

        await host.StartAsync(TestContext.Current.CancellationToken);
        await host.StopAsync(TestContext.Current.CancellationToken);

        Assert.Equal(0, source.Requests);
        Assert.Equal(0, credentialSourcesBuilt);
    }

    [Fact]
    public async Task StartAsync_FleetSourceFails_HostKeepsRunning()
    {
        var source = new FixedFleetSource { Failure = new InvalidOperationException("database not ready") };
        using var host = BuildHost(
            new() { ["Simulator:Enabled"] = "true", ["Simulator:ServerUrl"] = DeviceFixtures.Nowhere.ToString() }, source: source);

        await host.StartAsync(TestContext.Current.CancellationToken);
        var simulator = host.Services.GetServices<IHostedService>().OfType<SimulatorHostedService>().Single();
        await simulator.ExecuteTask!.WaitAsync(TimeSpan.FromSeconds(20), TestContext.Current.CancellationToken);

        Assert.Equal(1, source.Requests);
        Assert.True(simulator.ExecuteTask.IsCompletedSuccessfully);
        Assert.False(host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.IsCancellationRequested);
        await host.StopAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public void AddDeviceSimulator_IssuerRegistered_CredentialsComeFromBrskiWithInMemoryStorage()
    {
        using var host = BuildHost(
            new() { ["Simulator:Enabled"] = "true", ["Simulator:ServerUrl"] = DeviceFixtures.Nowhere.ToString() },
            services => services.AddSingleton<IIdevidIssuer>(new CountingIssuer()));

        Assert.IsType<BrskiCredentialSource>(host.Services.GetRequiredService<IDeviceCredentialSource>());
        Assert.IsType<InMemoryDeviceStorage>(host.Services.GetRequiredService<IDeviceStorage>());
    }

    [Fact]
    public void AddDeviceSimulator_HostRegisteredCredentialsAndStorage_AreKept()
    {
        var credentials = new TestCredentials(new TestCa());
        var storage = new InMemoryDeviceStorage();
        using var host = BuildHost(new() { ["Simulator:Enabled"] = "false" }, services => services
            .AddSingleton<IDeviceCredentialSource>(credentials)
            .AddSingleton<IDeviceStorage>(storage));

        Assert.Same(credentials, host.Services.GetRequiredService<IDeviceCredentialSource>());
        Assert.Same(storage, host.Services.GetRequiredService<IDeviceStorage>());
    }

    /// <param name="configure">Registrations made before <see cref="SimulatorHostingExtensions.AddDeviceSimulator"/>, as a host's would be.</param>
    private static IHost BuildHost(
        Dictionary<string, string?> settings,
        Action<IServiceCollection>? configure = null,
        FixedFleetSource? source = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.ConfigureContainer(new DefaultServiceProviderFactory(
            new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true }));
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.ClearProviders();
        configure?.Invoke(builder.Services);
        builder.AddDeviceSimulator();

        // Scoped, as a source reading the application's database would be.
        source ??= new FixedFleetSource();
        builder.Services.AddScoped<ISimulatedFleetSource>(_ => source);
        return builder.Build();
    }

    private sealed class FixedFleetSource : ISimulatedFleetSource
    {
        public int Requests { get; private set; }

        public Exception? Failure { get; init; }

        public Task<IReadOnlyList<SimulatedDeviceSpec>> GetDevicesAsync(CancellationToken cancellationToken)
        {
            Requests++;
            if (Failure is not null)
            {
                return Task.FromException<IReadOnlyList<SimulatedDeviceSpec>>(Failure);
            }

            return Task.FromResult<IReadOnlyList<SimulatedDeviceSpec>>(
                Serials.Select(serial => DeviceFixtures.Spec(serial, mainsPowered: true)).ToList());
        }
    }
}
