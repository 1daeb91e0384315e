using DeviceTrust.Application.Common;
using DeviceTrust.Domain.Accounts;
using DeviceTrust.Domain.Audit;
using DeviceTrust.Domain.Devices;
using DeviceTrust.Domain.Fleet;
using DeviceTrust.Domain.Provisioning;
using DeviceTrust.Domain.Trust;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

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
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(DeviceTrustDbContext).Assembly);
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
}

public sealed class SqlServerDeviceTrustDbContext(DbContextOptions<SqlServerDeviceTrustDbContext> options) : DeviceTrustDbContext(options);
