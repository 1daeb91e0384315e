using DeviceTrust.Application.Audit;
using DeviceTrust.Application.Fleet.ListDevices;
using DeviceTrust.Domain.Attestation;
using DeviceTrust.Testing;
using Microsoft.EntityFrameworkCore;

namespace DeviceTrust.Application.Tests.Fleet;

/// <summary>The device table shows each device's latest verdict, so a flagged or contraindicated device stands out in the fleet.</summary>
public sealed class ListDevicesVerdictTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task EachRow_CarriesItsDevicesLatestVerdict_NullBeforeTheFirst()
    {
        await using var database = await TestDatabase.CreateAsync();
        var now = DateTimeOffset.UtcNow;
        string attested, never;
        await using (var db = await database.CreateDbContextAsync())
        {
            var devices = await db.Devices.OrderBy(d => d.SerialNumber).Take(2).ToListAsync(Ct);
            (attested, never) = (devices[0].SerialNumber, devices[1].SerialNumber);
            var session = AttestationSession.Open(new byte[16], TimeSpan.FromMinutes(2), "system", devices[0].Id, now.AddMinutes(-30));
            db.AttestationSessions.Add(session);
            // Recorded out of order: the newest by time decides, not the last saved.
            foreach (var (verdict, minutesAgo) in new[] { (AttestationVerdict.Warning, 1), (AttestationVerdict.Affirming, 20), (AttestationVerdict.Contraindicated, 10) })
            {
                db.AttestationAppraisals.Add(AttestationAppraisal.Record(session.Id, devices[0].Id, attested, null, "application/eat+cwt", [1], "{}", 1, null, [],
                    "{}", verdict, "[]", "ear", "device:x", now.AddMinutes(-minutesAgo)));
            }
            await database.Get<AuditTrail>().SaveAsync(db, Ct);
        }

        var rows = (await database.Get<ListDevicesHandler>().HandleAsync(new DeviceQuery(PageSize: 500), Ct)).Items.ToDictionary(r => r.SerialNumber);

        Assert.Equal(AttestationVerdict.Warning, rows[attested].LatestVerdict);
        Assert.Null(rows[never].LatestVerdict);
    }
}
