using DeviceTrust.Application.Common;
using Microsoft.EntityFrameworkCore;

namespace DeviceTrust.Infrastructure.Persistence;

/// <summary>Adapts EF Core's <see cref="IDbContextFactory{TContext}"/> of the configured provider to the application's interface.</summary>
internal sealed class DeviceTrustDbContextFactory<TContext>(IDbContextFactory<TContext> inner) : IDeviceTrustDbContextFactory
    where TContext : DeviceTrustDbContext
{
    public async Task<IDeviceTrustDbContext> CreateAsync(CancellationToken cancellationToken = default)
    {
        var context = await inner.CreateDbContextAsync(cancellationToken);
        try
        {
            await context.BeginOperationAsync(cancellationToken);
            return context;
        }
        catch
        {
            await context.DisposeAsync();
            throw;
        }
    }
}
