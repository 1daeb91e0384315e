using DeviceTrust.Application.Common;
using DeviceTrust.Domain.Accounts;
using DeviceTrust.Domain.Audit;
using DeviceTrust.Domain.Common;
using DeviceTrust.Domain.Devices;
using DeviceTrust.Domain.Fleet;
using DeviceTrust.Domain.Provisioning;
using DeviceTrust.Domain.Trust;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DeviceTrust.Infrastructure.Persistence;

/// <summary>
/// The model, shared by both providers. Each provider has a subclass with its own migrations
/// (<see cref="SqliteDeviceTrustDbContext"/>, <see cref="SqlServerDeviceTrustDbContext"/>), the EF Core pattern
/// for one model with provider-specific migration sets.
/// </summary>
public abstract class DeviceTrustDbContext(DbContextOptions options)
    : IdentityDbContext<IdentityUser>(options), IDeviceTrustDbContext, IDataProtectionKeyContext
{
    public DbSet<Device> Devices => Set<Device>();
    public DbSet<DeviceClass> DeviceClasses => Set<DeviceClass>();
    public DbSet<Manufacturer> Manufacturers => Set<Manufacturer>();
    public DbSet<DeviceGroup> DeviceGroups => Set<DeviceGroup>();
    public DbSet<TelemetrySample> TelemetrySamples => Set<TelemetrySample>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();
    public DbSet<TrustAnchor> TrustAnchors => Set<TrustAnchor>();
    public DbSet<ProvisioningAuthority> ProvisioningAuthorities => Set<ProvisioningAuthority>();
    public DbSet<PkiCredential> PkiCredentials => Set<PkiCredential>();
    public DbSet<PledgeEnrollment> PledgeEnrollments => Set<PledgeEnrollment>();
    public DbSet<IssuedCertificate> IssuedCertificates => Set<IssuedCertificate>();
    public DbSet<MasaLogEntry> MasaLog => Set<MasaLogEntry>();
    public DbSet<Domain.Refusals.Refusal> Refusals => Set<Domain.Refusals.Refusal>();
    public DbSet<Domain.Attestation.AttestationKey> AttestationKeys => Set<Domain.Attestation.AttestationKey>();
    public DbSet<Domain.Attestation.ReferenceValue> ReferenceValues => Set<Domain.Attestation.ReferenceValue>();
    public DbSet<Domain.Attestation.AttestationSession> AttestationSessions => Set<Domain.Attestation.AttestationSession>();
    public DbSet<Domain.Attestation.AttestationAppraisal> AttestationAppraisals => Set<Domain.Attestation.AttestationAppraisal>();
    public DbSet<Domain.Updates.FirmwareRelease> FirmwareReleases => Set<Domain.Updates.FirmwareRelease>();
    public DbSet<Domain.Updates.FirmwareImage> FirmwareImages => Set<Domain.Updates.FirmwareImage>();
    public DbSet<Domain.Updates.Rollout> Rollouts => Set<Domain.Updates.Rollout>();
    public DbSet<Domain.Updates.RolloutTarget> RolloutTargets => Set<Domain.Updates.RolloutTarget>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(DeviceTrustDbContext).Assembly);
        foreach (var aggregate in builder.Model.GetEntityTypes().Where(t => typeof(AggregateRoot).IsAssignableFrom(t.ClrType) && !t.IsOwned()).ToList())
        {
            var entity = builder.Entity(aggregate.ClrType);
            entity.Ignore(nameof(AggregateRoot.DomainEvents));
            ConfigureConcurrencyToken(entity.Property<byte[]>(ConcurrencyTokens.Property).IsRequired());
        }
    }

    /// <summary>The provider's optimistic concurrency token of every aggregate (a shadow property: the domain does not see it).</summary>
    protected abstract void ConfigureConcurrencyToken(PropertyBuilder<byte[]> token);

    public IReadOnlyList<AggregateRoot> TrackedAggregates() => WithoutDetectChanges(() => ChangeTracker.Entries<AggregateRoot>().Select(e => e.Entity).ToList());

    /// <summary>
    /// Reads the tracked entries without a DetectChanges pass: which aggregates are tracked, and their pending events, do
    /// not depend on it, and SaveChanges runs one anyway. A pass compares every tracked property with its snapshot, vouchers
    /// and certificates included, and the save path asked for one three times per save.
    /// </summary>
    private T WithoutDetectChanges<T>(Func<T> read)
    {
        var detect = ChangeTracker.AutoDetectChangesEnabled;
        ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            return read();
        }
        finally
        {
            ChangeTracker.AutoDetectChangesEnabled = detect;
        }
    }

    /// <summary>The durability of the save under way; <see cref="SaveDurability.Flushed"/> outside a deferred save.</summary>
    protected SaveDurability Durability { get; private set; }

    public async Task<int> SaveChangesAsync(SaveDurability durability, CancellationToken cancellationToken = default)
    {
        Durability = durability;
        try
        {
            return await SaveChangesAsync(cancellationToken);
        }
        finally
        {
            // A pooled context must not carry it into its next use.
            Durability = SaveDurability.Flushed;
        }
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        BeforeSave();
        return WriteAsync(async () =>
        {
            // BeforeSave detected the changes; EF would otherwise detect them again.
            ChangeTracker.AutoDetectChangesEnabled = false;
            try
            {
                return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
            }
            finally
            {
                ChangeTracker.AutoDetectChangesEnabled = true;
            }
        }, cancellationToken);
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        BeforeSave();
        return Write(() => WithoutDetectChanges(() => base.SaveChanges(acceptAllChangesOnSuccess)));
    }

    /// <summary>
    /// Readies a context made for one application operation (<see cref="IDeviceTrustDbContextFactory"/>); the provider may
    /// open its connection for the whole operation rather than per command.
    /// </summary>
    internal virtual Task BeginOperationAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Runs a save as the provider needs writers run: as they come (SQL Server), or one at a time (SQLite).</summary>
    protected virtual Task<int> WriteAsync(Func<Task<int>> save, CancellationToken cancellationToken) => save();

    protected virtual int Write(Func<int> save) => save();

    /// <summary>
    /// Stamps new concurrency tokens where the database does not (SQLite); SQL Server's rowversion needs nothing. Changes
    /// are detected already, and automatic detection is off while it runs.
    /// </summary>
    protected virtual void StampConcurrencyTokens()
    {
    }

    /// <summary>Detects the changes once, refuses unaudited events, and stamps tokens; the save itself then detects nothing more.</summary>
    private void BeforeSave()
    {
        if (!ChangeTracker.AutoDetectChangesEnabled)
            throw new InvalidOperationException("Saves detect changes themselves; AutoDetectChangesEnabled must stay on.");
        ChangeTracker.DetectChanges();
        WithoutDetectChanges(() =>
        {
            // Events not taken by the AuditTrail would be changes without their audit entry: a defect, refused loudly.
            if (ChangeTracker.Entries<AggregateRoot>().FirstOrDefault(e => e.Entity.DomainEvents.Count > 0) is { } unaudited)
                throw new InvalidOperationException(
                    $"{unaudited.Entity.GetType().Name} has domain events ({unaudited.Entity.DomainEvents[0].GetType().Name}) that were not saved through AuditTrail.SaveAsync.");
            StampConcurrencyTokens();
            return true;
        });
    }
}

public sealed class SqliteDeviceTrustDbContext(DbContextOptions<SqliteDeviceTrustDbContext> options) : DeviceTrustDbContext(options)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite has no datetimeoffset type and EF Core cannot ORDER BY or compare DateTimeOffset stored as text;
        // stored as a 64-bit binary (ticks + offset) they sort and compare correctly.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<Microsoft.EntityFrameworkCore.Storage.ValueConversion.DateTimeOffsetToBinaryConverter>();
    }

    // SQLite has no rowversion: the token is a value the application replaces on every change of the aggregate.
    protected override void ConfigureConcurrencyToken(PropertyBuilder<byte[]> token) => token.IsConcurrencyToken().ValueGeneratedNever().HasDefaultValue(Array.Empty<byte>());

    protected override void StampConcurrencyTokens() => ConcurrencyTokens.Stamp(ChangeTracker);

    private SemaphoreSlim WriterGate => field ??= SqliteWriters.GateFor(Database.GetConnectionString());

    /// <summary>
    /// The connection stays open for the operation (until the context is disposed). EF Core opens and closes it around
    /// every command otherwise, and each open of a SQLite connection registers EF's SQL functions anew (sqlite3_create_function
    /// about ten times), which cost more than the queries of a short operation. Open, it holds no lock: reads and writes
    /// still take SQLite's locks per statement or transaction.
    /// </summary>
    internal override Task BeginOperationAsync(CancellationToken cancellationToken) => Database.OpenConnectionAsync(cancellationToken);

    protected override Task<int> WriteAsync(Func<Task<int>> save, CancellationToken cancellationToken) =>
        SqliteWriters.WriteAsync(WriterGate, Durability == SaveDurability.Deferred ? () => WithoutFlushAsync(save, cancellationToken) : save, cancellationToken);

    /// <summary>
    /// A deferred save (<see cref="SaveDurability.Deferred"/>): synchronous=NORMAL, which in WAL mode commits without
    /// flushing the log, set on the connection for this save only. The connection stays open from setting to restoring,
    /// so the save runs on that same native connection and a pooled one never keeps the relaxed setting.
    /// </summary>
    private async Task<int> WithoutFlushAsync(Func<Task<int>> save, CancellationToken cancellationToken)
    {
        await Database.OpenConnectionAsync(cancellationToken);
        try
        {
            var connection = Database.GetDbConnection();
            var previous = await SqliteSynchronous.ReadAsync(connection, cancellationToken);
            await SqliteSynchronous.SetAsync(connection, SqliteSynchronous.Normal, cancellationToken);
            try
            {
                return await save();
            }
            finally
            {
                await SqliteSynchronous.SetAsync(connection, previous, CancellationToken.None);
            }
        }
        finally
        {
            await Database.CloseConnectionAsync();
        }
    }

    protected override int Write(Func<int> save) => SqliteWriters.Write(WriterGate, save);
}

public sealed class SqlServerDeviceTrustDbContext(DbContextOptions<SqlServerDeviceTrustDbContext> options) : DeviceTrustDbContext(options)
{
    protected override void ConfigureConcurrencyToken(PropertyBuilder<byte[]> token) => token.IsRowVersion();
}
