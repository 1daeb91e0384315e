using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace DeviceTrust.Simulator.Hosting;

public static class SimulatorHostingExtensions
{
    /// <summary>
    /// Binds section "Simulator", validated from its data annotations when the host starts, and registers the hosted
    /// simulator. The host registers its own <see cref="ISimulatedFleetSource"/>.
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
        builder.Services.AddHostedService<SimulatorHostedService>();
        return builder;
    }
}
