using DeviceTrust.Application.Audit;
using DeviceTrust.Application.Common;
using DeviceTrust.Domain.Accounts;
using DeviceTrust.Domain.Refusals;
using Microsoft.EntityFrameworkCore;

namespace DeviceTrust.Application.Refusals.AcknowledgeRefusal;

/// <summary>
/// A security officer's decision about refusals: "looked at it, this is what it is" (a lab device, a known scanner, a
/// device to revoke). Audited once per refusal acknowledged (refusal.acknowledged); the refusals themselves are not.
/// </summary>
public sealed class AcknowledgeRefusalHandler(IDeviceTrustDbContextFactory dbFactory, AuditTrail audit, IRefusalNotifier notifier, TimeProvider time)
{
    public async Task AcknowledgeAsync(Guid refusalId, string note, Actor actor, CancellationToken cancellationToken = default)
    {
        Validate(note, actor);
        // The recorder counts repeats onto the same row at any time: a conflict with it is read again and decided again.
        await Concurrency.RetryAsync($"Refusal {refusalId}", async () =>
        {
            await using var db = await dbFactory.CreateAsync(cancellationToken);
            var refusal = await db.Refusals.FirstOrDefaultAsync(r => r.Id == refusalId, cancellationToken)
                          ?? throw new NotFoundException($"Refusal {refusalId}");
            if (refusal.Status == RefusalStatus.Acknowledged)
                throw new ConflictException($"This refusal was already acknowledged by {refusal.AcknowledgedBy}.");
            refusal.Acknowledge(note, actor.Name, time.GetUtcNow());
            await audit.SaveAsync(db, cancellationToken);
        });
        notifier.Publish(new RefusalsChanged(0, 1));
    }

    /// <summary>Acknowledges every open refusal from <paramref name="sourceAddress"/>; returns how many.</summary>
    public async Task<int> AcknowledgeSourceAsync(string sourceAddress, string note, Actor actor, CancellationToken cancellationToken = default)
    {
        Validate(note, actor);
        if (string.IsNullOrWhiteSpace(sourceAddress)) throw RequestValidationException.For("sourceAddress", "Name the source address.");
        var address = Refusal.AddressKey(sourceAddress);
        var count = await Concurrency.RetryAsync($"The refusals from {address}", async () =>
        {
            await using var db = await dbFactory.CreateAsync(cancellationToken);
            var open = await db.Refusals.Where(r => r.SourceAddress == address && r.Status == RefusalStatus.Open).ToListAsync(cancellationToken);
            var now = time.GetUtcNow();
            foreach (var refusal in open) refusal.Acknowledge(note, actor.Name, now);
            await audit.SaveAsync(db, cancellationToken);
            return open.Count;
        });
        if (count > 0) notifier.Publish(new RefusalsChanged(0, count));
        return count;
    }

    private static void Validate(string note, Actor actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        actor.EnsureInRole(Roles.SecurityOfficer);
        if (string.IsNullOrWhiteSpace(note) || note.Trim().Length > Refusal.MaxNoteLength)
            throw RequestValidationException.For("note", $"Give a note of 1-{Refusal.MaxNoteLength} characters.");
    }
}
