namespace DeviceTrust.Domain.Common;

/// <summary>Something that happened to an aggregate, recorded by the aggregate itself (dotnet/eShop's domain events).</summary>
public interface IDomainEvent
{
    /// <summary>Who caused it, as the audit trail names actors: "user:alice", "device:SN-1", "system".</summary>
    string By { get; }
}

/// <summary>
/// The root of a consistency boundary. Its behaviour methods raise <see cref="IDomainEvent"/>s; the save that persists it
/// turns them into audit entries and live notifications in the same transaction (Application's AuditTrail), so no use
/// case can forget either. Every aggregate is stored with an optimistic concurrency token (Infrastructure), so two
/// writers of one aggregate cannot silently overwrite each other.
/// </summary>
public abstract class AggregateRoot
{
    // Events of several aggregates saved together are audited in the order they were raised (a pledge's rejection
    // before the device's move back), so each is stamped from one process-wide counter.
    private static long s_raised;

    private readonly List<(long Order, IDomainEvent Event)> _domainEvents = [];

    public IReadOnlyList<IDomainEvent> DomainEvents => _domainEvents.ConvertAll(e => e.Event);

    public void ClearDomainEvents() => _domainEvents.Clear();

    /// <summary>Takes the pending events with their order of raising, leaving none.</summary>
    public IReadOnlyList<(long Order, IDomainEvent Event)> TakeDomainEvents()
    {
        var taken = _domainEvents.ToList();
        _domainEvents.Clear();
        return taken;
    }

    protected void AddDomainEvent(IDomainEvent domainEvent)
    {
        ArgumentNullException.ThrowIfNull(domainEvent);
        if (string.IsNullOrWhiteSpace(domainEvent.By)) throw new DomainException("A domain event names who caused it.");
        _domainEvents.Add((Interlocked.Increment(ref s_raised), domainEvent));
    }
}
