using System.ComponentModel.DataAnnotations;

namespace DeviceTrust.Infrastructure.Persistence;

public enum DatabaseProvider
{
    Sqlite,
    SqlServer,
}

/// <summary>Section "Database". The connection string is ConnectionStrings:DeviceTrust.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>Apply pending migrations at start (on by default; turn off where a DBA migrates).</summary>
    public bool MigrateOnStart { get; set; } = true;

    [Required(ErrorMessage = "ConnectionStrings:DeviceTrust is required (e.g. \"Data Source=devicetrust.db\" for SQLite).")]
    public string? ConnectionString { get; set; }
}
