using DeviceTrust.Domain.Accounts;
using DeviceTrust.Domain.Audit;
using DeviceTrust.Domain.Common;
using DeviceTrust.Domain.Devices;
using DeviceTrust.Domain.Fleet;
using DeviceTrust.Domain.Provisioning;
using DeviceTrust.Domain.Refusals;
using DeviceTrust.Domain.Trust;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace DeviceTrust.Application.Common;

/// <summary>The application's view of the database. One instance per operation (see <see cref="IDeviceTrustDbContextFactory"/>).</summary>
public interface IDeviceTrustDbContext : IAsyncDisposable
{
    DbSet<Device> Devices { get; }
    DbSet<DeviceClass> DeviceClasses { get; }
    DbSet<Manufacturer> Manufacturers { get; }
    DbSet<DeviceGroup> DeviceGroups { get; }
    DbSet<TelemetrySample> TelemetrySamples { get; }
    DbSet<AuditEntry> AuditEntries { get; }
    DbSet<ApiToken> ApiTokens { get; }
    DbSet<TrustAnchor> TrustAnchors { get; }
    DbSet<ProvisioningAuthority> ProvisioningAuthorities { get; }
    DbSet<PkiCredential> PkiCredentials { get; }
    DbSet<PledgeEnrollment> PledgeEnrollments { get; }
    DbSet<IssuedCertificate> IssuedCertificates { get; }
    DbSet<MasaLogEntry> MasaLog { get; }
    DbSet<Refusal> Refusals { get; }
    DatabaseFacade Database { get; }

    /// <summary>The aggregates this context tracks, to take their domain events (see <see cref="Audit.AuditTrail"/>).</summary>
    IReadOnlyList<AggregateRoot> TrackedAggregates();

    /// <summary>Saves. Refuses while a tracked aggregate holds domain events: those are saved through <see cref="Audit.AuditTrail"/>.</summary>
    Task<int> SaveChangesAsync(CancellationToken cancellationToken = default);
}

public interface IDeviceTrustDbContextFactory
{
    Task<IDeviceTrustDbContext> CreateAsync(CancellationToken cancellationToken = default);
}
