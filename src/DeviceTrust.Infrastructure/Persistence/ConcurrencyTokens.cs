using System.Security.Cryptography;
using DeviceTrust.Domain.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata;

namespace DeviceTrust.Infrastructure.Persistence;

/// <summary>
/// Application-stamped concurrency tokens, for providers without rowversion (SQLite). Every aggregate that is added or
/// changed gets a new random token; the UPDATE then matches only the row whose token is still the one read, so of two
/// writers of one aggregate the second fails with DbUpdateConcurrencyException instead of overwriting the first.
/// </summary>
internal static class ConcurrencyTokens
{
    public const string Property = "Version";

    /// <summary>Stamps the changed aggregates; the caller has detected the changes (<see cref="ChangeTracker.DetectChanges"/>).</summary>
    public static void Stamp(ChangeTracker tracker)
    {
        var entries = tracker.Entries().Where(e => e.State is not (EntityState.Unchanged or EntityState.Detached)).ToList();
        var changed = entries.Where(e => e.Entity is AggregateRoot && e.State is EntityState.Added or EntityState.Modified).ToList();
        // Owned values (telemetry, firmware components, grants stored as JSON) are entries of their own; an owned value
        // added, changed or removed is a change of the aggregate it belongs to, even when no column of its own changed.
        var ownedChanges = entries.Where(e => e.Metadata.IsOwned()).ToList();
        if (ownedChanges.Count > 0)
        {
            // Added aggregates may share a not-yet-generated key; they are stamped anyway, so the first of a key will do.
            var roots = new Dictionary<(Type, string), EntityEntry<AggregateRoot>>();
            foreach (var root in tracker.Entries<AggregateRoot>()) roots.TryAdd(KeyOf(root, root.Metadata.FindPrimaryKey()!.Properties, current: true), root);
            foreach (var owned in ownedChanges)
                if (RootOf(owned, tracker, roots) is { State: not (EntityState.Deleted or EntityState.Detached) } root) changed.Add(root);
        }

        foreach (var entry in changed.Distinct())
            entry.Property(Property).CurrentValue = RandomNumberGenerator.GetBytes(8);
    }

    /// <summary>Follows ownership up from an owned entry to the aggregate that owns it, by the owner's key values.</summary>
    private static EntityEntry? RootOf(EntityEntry owned, ChangeTracker tracker, Dictionary<(Type, string), EntityEntry<AggregateRoot>> roots)
    {
        var entry = owned;
        while (entry.Metadata.FindOwnership() is { } ownership)
        {
            // A removed owned value no longer has current key values; its original ones still name its owner.
            var key = KeyOf(entry, ownership.Properties, current: entry.State != EntityState.Deleted) with { Item1 = ownership.PrincipalEntityType.ClrType };
            if (!ownership.PrincipalEntityType.IsOwned()) return roots.GetValueOrDefault(key);
            entry = tracker.Entries().FirstOrDefault(e => e.Metadata == ownership.PrincipalEntityType
                                                          && KeyOf(e, e.Metadata.FindPrimaryKey()!.Properties, current: true).Item2 == key.Item2);
            if (entry is null) return null;
        }
        return null;
    }

    private static (Type, string) KeyOf(EntityEntry entry, IReadOnlyList<IProperty> properties, bool current) =>
        (entry.Metadata.ClrType, string.Join('\u001f', properties.Select(p => current ? entry.Property(p.Name).CurrentValue : entry.Property(p.Name).OriginalValue)));
}
