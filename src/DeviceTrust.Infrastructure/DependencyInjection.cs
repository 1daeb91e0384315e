using DeviceTrust.Application;
using DeviceTrust.Application.Common;
using DeviceTrust.Application.Fleet;
using DeviceTrust.Application.Fleet.Telemetry;
using DeviceTrust.Infrastructure.Fleet;
using DeviceTrust.Infrastructure.Persistence;
using DeviceTrust.Infrastructure.Seeding;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace DeviceTrust.Infrastructure;

public static class DependencyInjection
{
    /// <summary>
    /// Database (SQLite or SQL Server by Database:Provider), Identity stores, Data Protection keys in the database,
    /// the device report pipeline and development seeding.
    /// </summary>
    public static IdentityBuilder AddInfrastructureServices(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddApplicationServices();
        var services = builder.Services;

        services.AddOptions<DatabaseOptions>()
            .BindConfiguration(DatabaseOptions.Section)
            .Configure<IConfiguration>((o, config) => o.ConnectionString = config.GetConnectionString("DeviceTrust"))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<FleetOptions>().BindConfiguration(FleetOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<SeedOptions>().BindConfiguration(SeedOptions.Section);

        var provider = builder.Configuration.GetValue(DatabaseOptions.Section + ":Provider", DatabaseProvider.Sqlite);
        var connectionString = builder.Configuration.GetConnectionString("DeviceTrust");
        var identity = provider == DatabaseProvider.SqlServer
            ? AddStore<SqlServerDeviceTrustDbContext>(services, builder.Configuration, o => o.UseSqlServer(connectionString))
            : AddStore<SqliteDeviceTrustDbContext>(services, builder.Configuration, o => o.UseSqlite(connectionString).AddInterceptors(new BusyTimeoutInterceptor()));

        services.AddSingleton<IFleetNotifier, InProcessFleetNotifier>();
        services.AddSingleton<ChannelDeviceReportQueue>();
        services.AddSingleton<IDeviceReportQueue>(sp => sp.GetRequiredService<ChannelDeviceReportQueue>());
        services.AddHostedService<DeviceReportWorker>();
        services.AddHostedService<PresenceMonitor>();
        services.AddSingleton<Application.Refusals.IRefusalNotifier, Refusals.InProcessRefusalNotifier>();
        services.AddSingleton<Refusals.ChannelRefusalRecorder>();
        services.AddSingleton<Application.Refusals.IRefusalRecorder>(sp => sp.GetRequiredService<Refusals.ChannelRefusalRecorder>());
        services.AddHostedService<Refusals.RefusalWriter>();
        services.AddHostedService<Attestation.SessionPruner>();
        services.AddScoped<DevelopmentSeeder>();
        services.AddScoped<Application.Accounts.Users.IIdentityService, Identity.IdentityService>();
        services.AddSingleton<Application.Provisioning.IPrivateKeyProtector, Provisioning.DataProtectionKeyProtector>();
        services.AddSingleton<Application.Provisioning.Registrar.IMasaClient, Provisioning.MasaHttpClient>();
        services.AddSingleton<Application.Attestation.Vendor.IVendorVerifierClient, Attestation.VendorVerifierHttpClient>();
        return identity;
    }

    private static IdentityBuilder AddStore<TContext>(IServiceCollection services, IConfiguration configuration, Action<DbContextOptionsBuilder> configure)
        where TContext : DeviceTrustDbContext
    {
        // The factory serves the application (a context per operation); Identity's stores get a scoped context. Contexts
        // come from a pool: setting up a new one (its internal services, the model lookup) cost more than a query.
        // Pooling needs a context without state of its own beyond EF's (DeviceTrustDbContext keeps none).
        services.AddPooledDbContextFactory<TContext>(configure);
        services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<TContext>>().CreateDbContext());
        services.AddScoped<DeviceTrustDbContext>(sp => sp.GetRequiredService<TContext>());
        services.AddSingleton<IDeviceTrustDbContextFactory, DeviceTrustDbContextFactory<TContext>>();
        var dataProtection = services.AddDataProtection().SetApplicationName("DeviceTrust").PersistKeysToDbContext<TContext>();
        // The key ring protects the PKI's private keys, so in production it is itself encrypted with a certificate
        // kept outside the database (DataProtection:CertificatePath, a PKCS#12 file with an RSA key).
        if (configuration["DataProtection:CertificatePath"] is { Length: > 0 } certificatePath)
        {
            dataProtection.ProtectKeysWithCertificate(
                X509CertificateLoader.LoadPkcs12FromFile(certificatePath, configuration["DataProtection:CertificatePassword"]));
        }

        return services.AddIdentityCore<IdentityUser>(o =>
            {
                o.Password.RequiredLength = 12;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(5);
                o.User.RequireUniqueEmail = false;
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<TContext>()
            .AddDefaultTokenProviders();
    }
}
