using DeviceTrust.Domain.Accounts;
using DeviceTrust.Domain.Attestation;
using DeviceTrust.Domain.Audit;
using DeviceTrust.Domain.Common;
using DeviceTrust.Domain.Devices;
using DeviceTrust.Domain.Fleet;
using DeviceTrust.Domain.Provisioning;
using DeviceTrust.Domain.Refusals;
using DeviceTrust.Domain.Trust;
using DeviceTrust.Domain.Updates;
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
    DbSet<AttestationKey> AttestationKeys { get; }
    DbSet<ReferenceValue> ReferenceValues { get; }
    DbSet<AttestationSession> AttestationSessions { get; }
    DbSet<AttestationAppraisal> AttestationAppraisals { get; }
    DbSet<FirmwareRelease> FirmwareReleases { get; }
    DbSet<FirmwareImage> FirmwareImages { get; }
    DbSet<Rollout> Rollouts { get; }
    DbSet<RolloutTarget> RolloutTargets { get; }
    DatabaseFacade Database { get; }

    /// <summary>The aggregates this context tracks, to take their domain events (see <see cref="Audit.AuditTrail"/>).</summary>
    IReadOnlyList<AggregateRoot> TrackedAggregates();

    /// <summary>Saves. Refuses while a tracked aggregate holds domain events: those are saved through <see cref="Audit.AuditTrail"/>.</summary>
    Task<int> SaveChangesAsync(CancellationToken cancellationToken = default);

    /// <summary>Saves as <see cref="SaveChangesAsync(CancellationToken)"/>, with the durability given (see <see cref="SaveDurability"/>).</summary>
    Task<int> SaveChangesAsync(SaveDurability durability, CancellationToken cancellationToken = default);
}

/// <summary>
/// When a save's commit reaches the disk. Every save is atomic and, once committed, seen by every reader and kept if
/// the app crashes; the difference is a power cut or operating-system crash right after the commit (PostgreSQL's
/// per-transaction synchronous_commit, SQLite's synchronous=NORMAL in WAL mode).
/// </summary>
public enum SaveDurability
{
    /// <summary>On disk when the save returns (SQLite synchronous=FULL). Vouchers, certificates, decisions: everything by default.</summary>
    Flushed,

    /// <summary>
    /// On disk with the next flushed save or checkpoint, a moment later; a power cut before that loses it, as the most
    /// recent of a run of commits, never a part of one. For high-rate reports whose loss in a power cut costs nothing
    /// that matters (a device's status telemetry, the embedded MASA's log): the writers' turn at the database then
    /// waits for no disk flush. SQL Server flushes every save (delayed durability is not turned on).
    /// </summary>
    Deferred,
}

public interface IDeviceTrustDbContextFactory
{
    Task<IDeviceTrustDbContext> CreateAsync(CancellationToken cancellationToken = default);
}
