using System.Security.Cryptography;
using DeviceTrust.Domain.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace DeviceTrust.Infrastructure.Persistence;

/// <summary>
/// Application-stamped concurrency tokens, for providers without rowversion (SQLite). Every aggregate that is added or
/// changed gets a new random token; the UPDATE then matches only the row whose token is still the one read, so of two
/// writers of one aggregate the second fails with DbUpdateConcurrencyException instead of overwriting the first.
/// </summary>
internal static class ConcurrencyTokens
{
    public const string Property = "Version";

    public static void Stamp(ChangeTracker tracker)
    {
        tracker.DetectChanges();
        foreach (var entry in tracker.Entries<AggregateRoot>())
        {
            if (entry.State is EntityState.Added || (entry.State is EntityState.Modified or EntityState.Unchanged && HasChanges(entry)))
                entry.Property(Property).CurrentValue = RandomNumberGenerator.GetBytes(8);
        }
    }

    /// <summary>
    /// Changed columns of the aggregate's row, its own or those of owned types stored with it (telemetry, firmware
    /// components as JSON), which EF Core tracks as entries of their own.
    /// </summary>
    private static bool HasChanges(EntityEntry entry) =>
        entry.State == EntityState.Modified
        || entry.References.Any(r => r.Metadata.TargetEntityType.IsOwned() && r.TargetEntry is { } owned && (owned.State != EntityState.Unchanged || HasChanges(owned)))
        || entry.Collections.Any(c => c.Metadata.TargetEntityType.IsOwned() && c.CurrentValue is { } items
                                      && items.Cast<object>().Any(item => c.FindEntry(item) is { State: not EntityState.Unchanged }));
}
