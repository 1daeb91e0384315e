using DeviceTrust.Domain.Accounts;
using DeviceTrust.Infrastructure.Seeding;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DeviceTrust.Infrastructure.Persistence;

/// <summary>Brings the database to the current schema, makes sure the roles exist, and seeds development data.</summary>
public static class DatabaseInitializer
{
    public static async Task InitializeDatabaseAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(services);
        await using var scope = services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var logger = sp.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DatabaseInitializer));
        var db = sp.GetRequiredService<DeviceTrustDbContext>();

        if (sp.GetRequiredService<IOptions<DatabaseOptions>>().Value.MigrateOnStart)
        {
            var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
            await db.Database.MigrateAsync(cancellationToken);
            if (pending.Count > 0) logger.LogInformation("Applied {Count} migrations: {Migrations}", pending.Count, string.Join(", ", pending));
        }

        if (db.Database.IsSqlite())
        {
            // WAL lets the dashboard read while the telemetry writer writes.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }

        var roles = sp.GetRequiredService<RoleManager<IdentityRole>>();
        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role)) await roles.CreateAsync(new IdentityRole(role));
        }

        // The domain PKI exists from the first start on, in every environment.
        await sp.GetRequiredService<Application.Provisioning.DomainPki>().EnsureCreatedAsync(cancellationToken);
        await sp.GetRequiredService<Application.Attestation.Verifier.AttestationResultSigner>().EnsureCreatedAsync(cancellationToken);
        await sp.GetRequiredService<Application.Updates.Catalog.FirmwareAuthorKey>().EnsureCreatedAsync(cancellationToken);

        if (sp.GetRequiredService<IOptions<SeedOptions>>().Value.Enabled)
        {
            await sp.GetRequiredService<DevelopmentSeeder>().SeedAsync(cancellationToken);
        }

        // DEV-ONLY manufacturer CAs and MASA keys, for manufacturers without a MASA of their own (Brski:SimulateManufacturers).
        await sp.GetRequiredService<Application.Provisioning.Manufacturers.SimulatedManufacturers>().EnsureCreatedAsync(cancellationToken);
    }
}
