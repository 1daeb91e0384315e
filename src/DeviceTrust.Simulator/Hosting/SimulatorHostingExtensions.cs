using DeviceTrust.Simulator.Credentials;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DeviceTrust.Simulator.Hosting;

public static class SimulatorHostingExtensions
{
    /// <summary>
    /// Binds section "Simulator", validated from its data annotations when the host starts, and registers the hosted
    /// simulator. The host registers its own <see cref="ISimulatedFleetSource"/> and, unless it replaces the
    /// credential source, the <see cref="IIdevidIssuer"/> its devices get their IDevIDs from; devices keep their
    /// credentials in memory unless the host registers another <see cref="IDeviceStorage"/>. The running devices are
    /// reachable through <see cref="RunningSimulation"/>.
    /// </summary>
    public static IHostApplicationBuilder AddDeviceSimulator(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);

        builder.Services.AddOptions<SimulatorOptions>()
            .BindConfiguration(SimulatorOptions.SectionName)
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<SimulatorOptions>,
            DataAnnotationsOptionsValidator<SimulatorOptions>>();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton<IDeviceStorage, InMemoryDeviceStorage>();
        builder.Services.TryAddSingleton<RunningSimulation>();
        builder.Services.TryAddSingleton<IDeviceCredentialSource>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<SimulatorOptions>>().Value;
            return new BrskiCredentialSource(new BrskiCredentialOptions
            {
                // Only reached when the simulator is enabled, which validation ties to a ServerUrl.
                Registrar = new Uri(options.ServerUrl!),
                Issuer = sp.GetRequiredService<IIdevidIssuer>(),
                Storage = sp.GetRequiredService<IDeviceStorage>(),
                MaxConcurrentEnrollments = options.MaxConcurrentEnrollments,
                TimeProvider = sp.GetRequiredService<TimeProvider>(),
                LoggerFactory = sp.GetRequiredService<ILoggerFactory>(),
            });
        });
        builder.Services.AddHostedService<SimulatorHostedService>();
        return builder;
    }
}
