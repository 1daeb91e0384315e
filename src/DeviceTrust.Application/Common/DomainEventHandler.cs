using DeviceTrust.Domain.Common;

namespace DeviceTrust.Application.Common;

/// <summary>
/// Reacts to a domain event inside the save of the aggregate that raised it, before the transaction commits, so what
/// must follow a change (every certificate of a revoked device on the CRL) happens with it or not at all. Whatever the
/// handler changes is saved, audited and published with the rest; events it raises are handled in turn.
/// </summary>
public interface IDomainEventHandler
{
    Task HandleAsync(IDeviceTrustDbContext db, IDomainEvent domainEvent, CancellationToken cancellationToken);
}

/// <summary>A handler of one event type.</summary>
public abstract class DomainEventHandler<TEvent> : IDomainEventHandler
    where TEvent : IDomainEvent
{
    public Task HandleAsync(IDeviceTrustDbContext db, IDomainEvent domainEvent, CancellationToken cancellationToken) =>
        domainEvent is TEvent e ? HandleAsync(db, e, cancellationToken) : Task.CompletedTask;

    protected abstract Task HandleAsync(IDeviceTrustDbContext db, TEvent domainEvent, CancellationToken cancellationToken);
}
