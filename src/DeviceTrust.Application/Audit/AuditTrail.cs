using DeviceTrust.Application.Common;
using DeviceTrust.Domain.Audit;
using Microsoft.EntityFrameworkCore;

namespace DeviceTrust.Application.Audit;

/// <summary>
/// Saves a unit of work together with the audit entries that describe it, in one transaction, so a change is
/// never stored without its audit entry (nor the other way round). Appends are serialized in this process; a
/// second instance racing for the same sequence number fails on the unique index and its change is not saved.
/// </summary>
public sealed class AuditTrail(TimeProvider time)
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    public async Task SaveWithAuditAsync(IDeviceTrustDbContext db, IReadOnlyList<AuditRecord> records, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var last = await db.AuditEntries.AsNoTracking().OrderByDescending(e => e.Sequence).FirstOrDefaultAsync(cancellationToken);
            var at = time.GetUtcNow();
            foreach (var record in records)
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

    public Task SaveWithAuditAsync(IDeviceTrustDbContext db, AuditRecord record, CancellationToken cancellationToken = default) =>
        SaveWithAuditAsync(db, [record], cancellationToken);

    /// <summary>Records an event that changes nothing else (a sign-in, a failed sign-in).</summary>
    public async Task RecordAsync(IDeviceTrustDbContextFactory factory, AuditRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(factory);
        await using var db = await factory.CreateAsync(cancellationToken);
        await SaveWithAuditAsync(db, record, cancellationToken);
    }
}
