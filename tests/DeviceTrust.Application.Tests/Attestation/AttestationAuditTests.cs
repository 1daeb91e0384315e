using System.Security.Cryptography;
using System.Text.Json;
using DeviceTrust.Application.Audit;
using DeviceTrust.Domain.Attestation;
using DeviceTrust.Testing;
using Microsoft.EntityFrameworkCore;

namespace DeviceTrust.Application.Tests.Attestation;

/// <summary>Attestation keys and reference values are audited once per change by the save that stores them.</summary>
public sealed class AttestationAuditTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AttestationKey_AddedThenRetired_OneEntryEach_OnTheDevice()
    {
        await using var database = await TestDatabase.CreateAsync();
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var kid = Convert.ToHexStringLower(SHA256.HashData(ec.ExportSubjectPublicKeyInfo()));
        string serial;
        await using (var db = await database.CreateDbContextAsync())
        {
            var device = await db.Devices.OrderBy(d => d.SerialNumber).FirstAsync(Ct);
            serial = device.SerialNumber;
            db.AttestationKeys.Add(AttestationKey.Registered(device.Id, serial, ec.ExportSubjectPublicKeyInfo(), "user:officer", Now));
            await database.Get<AuditTrail>().SaveAsync(db, Ct);
        }
        await using (var db = await database.CreateDbContextAsync())
        {
            (await db.AttestationKeys.SingleAsync(Ct)).Retire(serial, "rotated", "user:officer", Now);
            await database.Get<AuditTrail>().SaveAsync(db, Ct);
        }

        await using var read = await database.CreateDbContextAsync();
        var entries = await read.AuditEntries.AsNoTracking().Where(e => e.Action.StartsWith("attestation-key.")).OrderBy(e => e.Sequence).ToListAsync(Ct);
        Assert.Equal([AuditActions.AttestationKeyAdded, AuditActions.AttestationKeyRetired], entries.Select(e => e.Action));
        Assert.All(entries, e => Assert.Equal((AuditTargets.Device, serial, "user:officer"), (e.TargetType, e.TargetId, e.Actor)));
        Assert.Equal(kid, JsonDocument.Parse(entries[0].Details).RootElement.GetProperty("kid").GetString());
        Assert.Equal("rotated", JsonDocument.Parse(entries[1].Details).RootElement.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task ReferenceValue_Added_OneEntryNamingClassVersionComponentAndDigest()
    {
        await using var database = await TestDatabase.CreateAsync();
        var digest = RandomNumberGenerator.GetBytes(32);
        Guid id;
        await using (var db = await database.CreateDbContextAsync())
        {
            var deviceClass = await db.DeviceClasses.OrderBy(c => c.Name).FirstAsync(Ct);
            var value = ReferenceValue.Add(deviceClass.Id, deviceClass.Name, "3.2.1", "application", DigestAlgorithm.Sha256, digest, "user:officer", Now);
            id = value.Id;
            db.ReferenceValues.Add(value);
            await database.Get<AuditTrail>().SaveAsync(db, Ct);
        }

        await using var read = await database.CreateDbContextAsync();
        var entry = await read.AuditEntries.AsNoTracking().SingleAsync(e => e.Action == AuditActions.ReferenceValueAdded, Ct);
        Assert.Equal((AuditTargets.ReferenceValue, id.ToString()), (entry.TargetType, entry.TargetId));
        var details = JsonDocument.Parse(entry.Details).RootElement;
        Assert.Equal(("3.2.1", "application", Convert.ToHexStringLower(digest)),
            (details.GetProperty("firmwareVersion").GetString(), details.GetProperty("component").GetString(), details.GetProperty("digest").GetString()));
    }
}
