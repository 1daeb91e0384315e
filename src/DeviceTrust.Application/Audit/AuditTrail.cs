using DeviceTrust.Application.Common;
using DeviceTrust.Application.Fleet;
using DeviceTrust.Domain.Audit;
using DeviceTrust.Domain.Common;
using Microsoft.EntityFrameworkCore;

namespace DeviceTrust.Application.Audit;

/// <summary>
/// The one way a unit of work is saved. The domain events of every changed aggregate are handled (in-transaction
/// handlers first), turned into audit entries beside any <see cref="AuditRecord"/>s the caller adds for what is not an
/// aggregate change (a sign-in), and saved in one transaction; after the commit they are published to open dashboards.
/// So a change is never stored without its audit entry (nor the other way round), and no use case can forget either:
/// the database context refuses to save an aggregate whose events were not taken here.
/// Appends are serialized in this process, which remembers the chain's last entry; a second instance that appended
/// meanwhile makes the save fail on the sequence number, and the append is redone once after the stored last entry.
/// </summary>
public sealed class AuditTrail(TimeProvider time, IFleetNotifier notifier, IEnumerable<IDomainEventHandler> handlers)
{
    /// <summary>Handlers that raise events of their own are followed this deep; deeper is a cycle, a defect.</summary>
    private const int MaxHandlerRounds = 8;

    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>The entry this process appended last, once saved; null until then and after a failed save.</summary>
    private AuditEntry? _last;
    private readonly IDomainEventHandler[] _handlers = handlers.ToArray();

    public Task SaveAsync(IDeviceTrustDbContext db, CancellationToken cancellationToken = default) => SaveAsync(db, [], cancellationToken);

    public Task SaveAsync(IDeviceTrustDbContext db, AuditRecord record, CancellationToken cancellationToken = default) =>
        SaveAsync(db, [record], cancellationToken);

    public Task SaveAsync(IDeviceTrustDbContext db, IReadOnlyList<AuditRecord> records, CancellationToken cancellationToken = default) =>
        SaveAsync(db, records, SaveDurability.Flushed, cancellationToken);

    /// <summary>
    /// As <see cref="SaveAsync(IDeviceTrustDbContext, CancellationToken)"/>, with the durability given: the audit entries
    /// share their change's transaction, and so its durability (<see cref="SaveDurability.Deferred"/> for telemetry).
    /// </summary>
    public Task SaveAsync(IDeviceTrustDbContext db, SaveDurability durability, CancellationToken cancellationToken = default) =>
        SaveAsync(db, [], durability, cancellationToken);

    private async Task SaveAsync(IDeviceTrustDbContext db, IReadOnlyList<AuditRecord> records, SaveDurability durability, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(records);
        var events = await HandleEventsAsync(db, cancellationToken);
        // What the caller records first (the context: "domain PKI created"), then what the aggregates say happened.
        List<AuditRecord> all = [.. records, .. events.Select(DomainEventJournal.AuditOf).OfType<AuditRecord>()];
        if (all.Count == 0)
        {
            await db.SaveChangesAsync(durability, cancellationToken);
        }
        else
        {
            await _gate.WaitAsync(cancellationToken);
            try
            {
                await AppendAndSaveAsync(db, all, durability, cancellationToken);
            }
            finally
            {
                _gate.Release();
            }
        }

        var changes = events.Select(DomainEventJournal.NotificationOf).OfType<DeviceChanged>().Distinct().ToList();
        if (changes.Count > 0) notifier.Publish(changes);
    }

    /// <summary>
    /// Appends the records after the chain's last entry and saves, under the gate. The last entry is remembered from this
    /// process's previous append rather than read again; should another writer have appended meanwhile (a second
    /// instance on the same database), the save fails on the sequence number, and the records are appended once more
    /// after the entry read from the database.
    /// </summary>
    private async Task AppendAndSaveAsync(IDeviceTrustDbContext db, IReadOnlyList<AuditRecord> records, SaveDurability durability, CancellationToken cancellationToken)
    {
        var remembered = _last;
        var at = time.GetUtcNow();
        var appended = Append(db, remembered ?? await ReadLastAsync(db, cancellationToken), at, records);
        _last = null;
        try
        {
            await db.SaveChangesAsync(durability, cancellationToken);
        }
        catch (DbUpdateException e) when (remembered is not null && e is not DbUpdateConcurrencyException)
        {
            foreach (var entry in appended) db.AuditEntries.Entry(entry).State = EntityState.Detached;
            appended = Append(db, await ReadLastAsync(db, cancellationToken), at, records);
            await db.SaveChangesAsync(durability, cancellationToken);
        }
        _last = appended[^1];
    }

    private static List<AuditEntry> Append(IDeviceTrustDbContext db, AuditEntry? last, DateTimeOffset at, IReadOnlyList<AuditRecord> records)
    {
        var appended = new List<AuditEntry>(records.Count);
        foreach (var record in records)
        {
            last = AuditEntry.Append(last, at, record);
            db.AuditEntries.Add(last);
            appended.Add(last);
        }
        return appended;
    }

    private static Task<AuditEntry?> ReadLastAsync(IDeviceTrustDbContext db, CancellationToken cancellationToken) =>
        db.AuditEntries.AsNoTracking().OrderByDescending(e => e.Sequence).FirstOrDefaultAsync(cancellationToken);

    /// <summary>Records an event that changes nothing else (a sign-in, a failed sign-in).</summary>
    public async Task RecordAsync(IDeviceTrustDbContextFactory factory, AuditRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(factory);
        await using var db = await factory.CreateAsync(cancellationToken);
        await SaveAsync(db, record, cancellationToken);
    }

    /// <summary>Takes the pending events off the tracked aggregates and runs the handlers, until no handler raises more.</summary>
    private async Task<List<IDomainEvent>> HandleEventsAsync(IDeviceTrustDbContext db, CancellationToken cancellationToken)
    {
        var taken = new List<IDomainEvent>();
        for (var round = 0; ; round++)
        {
            var pending = db.TrackedAggregates().SelectMany(a => a.TakeDomainEvents()).OrderBy(e => e.Order).Select(e => e.Event).ToList();
            if (pending.Count == 0) return taken;
            if (round == MaxHandlerRounds) throw new InvalidOperationException("Domain event handlers keep raising events: a cycle.");
            taken.AddRange(pending);
            foreach (var domainEvent in pending)
                foreach (var handler in _handlers)
                    await handler.HandleAsync(db, domainEvent, cancellationToken);
        }
    }
}
