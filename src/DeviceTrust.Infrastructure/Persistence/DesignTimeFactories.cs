using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace DeviceTrust.Infrastructure.Persistence;

// Used by `dotnet ef migrations add` only; the connection strings are never opened.
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteDeviceTrustDbContext>
{
    public SqliteDeviceTrustDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteDeviceTrustDbContext>().UseSqlite("Data Source=design-time.db").Options);
}

internal sealed class SqlServerDesignTimeFactory : IDesignTimeDbContextFactory<SqlServerDeviceTrustDbContext>
{
    public SqlServerDeviceTrustDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqlServerDeviceTrustDbContext>().UseSqlServer("Server=.;Database=DeviceTrust;Trusted_Connection=True;TrustServerCertificate=True").Options);
}
