using DeviceTrust.Application.Common;
using DeviceTrust.Application.Refusals;
using DeviceTrust.Application.Refusals.RecordRefusals;
using DeviceTrust.Domain.Audit;
using DeviceTrust.Domain.Refusals;
using DeviceTrust.Testing;
using Microsoft.EntityFrameworkCore;

namespace DeviceTrust.Application.Tests.Refusals;

/// <summary>Refusal reports as the capture points make them, and reads of what the store and the audit trail hold.</summary>
internal static class RefusalTestData
{
    public static readonly DateTimeOffset T0 = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    public static string FingerprintOf(int n) => n.ToString("x64", System.Globalization.CultureInfo.InvariantCulture);

    public static RefusalReport Report(
        string source = "192.0.2.7", RefusalCategory? category = RefusalCategory.UntrustedIdevid, RefusalEndpoint endpoint = RefusalEndpoint.Registrar,
        string? serial = "KUMO-M7-00001", int fingerprint = 1, DateTimeOffset? at = null, string reason = "The IDevID does not chain to a trusted manufacturer CA.") =>
        new(endpoint, category, source, fingerprint == 0 ? null : FingerprintOf(fingerprint), serial, $"CN=Kumo Devices {serial}", "CN=Counterfeit IDevID CA",
            reason, at ?? T0);

    /// <summary>Writes reports as the recorder's writer would: coalesced, one window.</summary>
    public static Task WriteAsync(this TestDatabase database, params RefusalReport[] reports)
    {
        var batch = new RefusalBatch();
        foreach (var report in reports) batch.Add(report);
        return database.Get<RecordRefusalsHandler>().WriteAsync(batch.Take(), TestContext.Current.CancellationToken);
    }

    public static async Task<List<Refusal>> RefusalsAsync(this TestDatabase database)
    {
        await using var db = await database.CreateDbContextAsync();
        return await db.Refusals.AsNoTracking().ToListAsync(TestContext.Current.CancellationToken);
    }

    public static async Task<List<AuditEntry>> AuditAsync(this TestDatabase database, string action)
    {
        await using var db = await database.CreateDbContextAsync();
        return await db.AuditEntries.AsNoTracking().Where(e => e.Action == action).OrderBy(e => e.Sequence).ToListAsync(TestContext.Current.CancellationToken);
    }

    public static async Task<Guid> DeviceIdAsync(this TestDatabase database, string serial)
    {
        await using IDeviceTrustDbContext db = await database.CreateDbContextAsync();
        return await db.Devices.Where(d => d.SerialNumber == serial).Select(d => d.Id).SingleAsync(TestContext.Current.CancellationToken);
    }
}
