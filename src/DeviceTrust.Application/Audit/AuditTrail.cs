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
/// Appends are serialized in this process; a second instance racing for the same sequence number fails on the unique
/// index and its change is not saved.
/// </summary>
public sealed class AuditTrail(TimeProvider time, IFleetNotifier notifier, IEnumerable<IDomainEventHandler> handlers)
{
    /// <summary>Handlers that raise events of their own are followed this deep; deeper is a cycle, a defect.</summary>
    private const int MaxHandlerRounds = 8;

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly IDomainEventHandler[] _handlers = handlers.ToArray();

    public Task SaveAsync(IDeviceTrustDbContext db, CancellationToken cancellationToken = default) => SaveAsync(db, [], cancellationToken);

    public Task SaveAsync(IDeviceTrustDbContext db, AuditRecord record, CancellationToken cancellationToken = default) =>
        SaveAsync(db, [record], cancellationToken);

    public async Task SaveAsync(IDeviceTrustDbContext db, IReadOnlyList<AuditRecord> records, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(records);
        var events = await HandleEventsAsync(db, cancellationToken);
        // What the caller records first (the context: "domain PKI created"), then what the aggregates say happened.
        List<AuditRecord> all = [.. records, .. events.Select(DomainEventJournal.AuditOf).OfType<AuditRecord>()];
        if (all.Count == 0)
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        else
        {
            await _gate.WaitAsync(cancellationToken);
            try
            {
                var last = await db.AuditEntries.AsNoTracking().OrderByDescending(e => e.Sequence).FirstOrDefaultAsync(cancellationToken);
                var at = time.GetUtcNow();
                foreach (var record in all)
                {
                    last = AuditEntry.Append(last, at, record);
                    db.AuditEntries.Add(last);
                }

                await db.SaveChangesAsync(cancellationToken);
            }
            finally
            {
                _gate.Release();
            }
        }

        var changes = events.Select(DomainEventJournal.NotificationOf).OfType<DeviceChanged>().Distinct().ToList();
        if (changes.Count > 0) notifier.Publish(changes);
    }

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
