using System.Security.Cryptography;
using DeviceTrust.Domain.Attestation;
using DeviceTrust.Domain.Devices;
using DeviceTrust.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace DeviceTrust.Infrastructure.Tests;

/// <summary>Attestation keys, reference values, class policies and UEIDs through real SQLite files and the migrations.</summary>
public sealed class AttestationPersistenceTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task DeviceClassPolicy_SavedAndReloaded_KeepsEveryField()
    {
        await using var database = await TestDatabase.CreateAsync();
        Guid classId;
        await using (var db = await database.CreateDbContextAsync())
        {
            // The seed (seed-data/device-classes.json) makes the gateways' evidence MACed, checked by their manufacturer.
            Assert.Equal([("Acme Gateway G2", AttestationModel.VendorVerified), ("Acme Thermo T1", AttestationModel.Endorsed), ("Kumo Meter M7", AttestationModel.Endorsed)],
                (await db.DeviceClasses.AsNoTracking().ToListAsync(Ct)).OrderBy(c => c.Name, StringComparer.Ordinal).Select(c => (c.Name, c.AttestationModel)));
            var deviceClass = await db.DeviceClasses.SingleAsync(c => c.Name == "Acme Thermo T1", Ct);
            classId = deviceClass.Id;
            Assert.Equal(AttestationModel.Endorsed, deviceClass.AttestationModel);
            deviceClass.ChangeAttestationModel(AttestationModel.VendorVerified);
            deviceClass.ChangeAttestationPolicy(new AttestationPolicy(3, [258, 267], TimeSpan.FromHours(6), WarningAction.Quarantine, true));
            await db.SaveChangesAsync(Ct);
        }

        await using (var db = await database.CreateDbContextAsync())
        {
            var loaded = await db.DeviceClasses.AsNoTracking().SingleAsync(c => c.Id == classId, Ct);
            Assert.Equal(AttestationModel.VendorVerified, loaded.AttestationModel);
            Assert.Equal((3, 2, TimeSpan.FromHours(6), WarningAction.Quarantine, true), (loaded.AttestationPolicy.MinimumDebugStatus,
                loaded.AttestationPolicy.Version, loaded.AttestationPolicy.ReattestationInterval, loaded.AttestationPolicy.OnWarning,
                loaded.AttestationPolicy.ReleaseOnAffirming));
            Assert.Equal([258, 267], loaded.AttestationPolicy.RequiredClaims);
        }
    }

    [Fact]
    public async Task AttestationKey_SavedAndRetired_FoundByItsKeyId()
    {
        await using var database = await TestDatabase.CreateAsync();
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var spki = ec.ExportSubjectPublicKeyInfo();
        Guid keyId;
        await using (var db = await database.CreateDbContextAsync())
        {
            var device = await db.Devices.OrderBy(d => d.SerialNumber).FirstAsync(Ct);
            var key = AttestationKey.Registered(device.Id, device.SerialNumber, spki, "user:officer", Now);
            keyId = key.Id;
            key.ClearDomainEvents();
            db.AttestationKeys.Add(key);
            await db.SaveChangesAsync(Ct);
        }

        await using (var db = await database.CreateDbContextAsync())
        {
            var kid = SHA256.HashData(spki);
            var key = await db.AttestationKeys.SingleAsync(k => k.KeyId == kid, Ct);
            Assert.Equal((keyId, AttestationKeyOrigin.Registered), (key.Id, key.Origin));
            Assert.Equal(spki, key.SubjectPublicKeyInfo);
            key.Retire("SN", "test", "user:officer", Now.AddDays(1));
            key.ClearDomainEvents();
            await db.SaveChangesAsync(Ct);
        }

        await using (var db = await database.CreateDbContextAsync())
            Assert.Equal(AttestationKeyStatus.Retired, (await db.AttestationKeys.SingleAsync(k => k.Id == keyId, Ct)).Status);
    }

    [Fact]
    public async Task ReferenceValues_OneActivePerClassVersionAndComponent_ARemovedOneMakesRoom()
    {
        await using var database = await TestDatabase.CreateAsync();
        var digest = RandomNumberGenerator.GetBytes(32);
        await using var db = await database.CreateDbContextAsync();
        var deviceClass = await db.DeviceClasses.OrderBy(c => c.Name).FirstAsync(Ct);
        ReferenceValue New() => Cleared(ReferenceValue.Add(deviceClass.Id, deviceClass.Name, "3.2.1", "application", DigestAlgorithm.Sha256, digest, "user:officer", Now));
        var first = New();
        db.ReferenceValues.Add(first);
        await db.SaveChangesAsync(Ct);

        await using (var duplicate = await database.CreateDbContextAsync())
        {
            duplicate.ReferenceValues.Add(New());
            await Assert.ThrowsAsync<DbUpdateException>(() => duplicate.SaveChangesAsync(Ct));
        }

        await using var next = await database.CreateDbContextAsync();
        var stored = await next.ReferenceValues.SingleAsync(r => r.Id == first.Id, Ct);
        Assert.Equal(digest, stored.Digest);
        stored.Remove(deviceClass.Name, "user:officer", Now.AddHours(1));
        stored.ClearDomainEvents();
        next.ReferenceValues.Add(New());
        await next.SaveChangesAsync(Ct);
        Assert.Equal(2, await next.ReferenceValues.CountAsync(r => r.DeviceClassId == deviceClass.Id, Ct));
        Assert.Equal(1, await next.ReferenceValues.CountAsync(r => r.DeviceClassId == deviceClass.Id && r.RemovedAt == null, Ct));
    }

    [Fact]
    public async Task AttestationMigration_OverDevicesRegisteredBefore_GivesEachAUniqueRandomUeid_AndClassesTheDefaultPolicy()
    {
        await using var database = await TestDatabase.CreateAsync();
        // Back to the migration before attestation, with its devices still there, then forward again.
        await using (var db = await database.CreateDbContextAsync())
        {
            var migrator = ((Microsoft.EntityFrameworkCore.Infrastructure.IInfrastructure<IServiceProvider>)db.Database).GetService<Microsoft.EntityFrameworkCore.Migrations.IMigrator>();
            var before = db.Database.GetMigrations().TakeWhile(m => !m.EndsWith("_Attestation", StringComparison.Ordinal)).Last();
            await migrator.MigrateAsync(before, Ct);
            await using (var connection = new SqliteConnection($"Data Source={database.FilePath}"))
            {
                await connection.OpenAsync(Ct);
                await using var count = connection.CreateCommand();
                count.CommandText = "SELECT COUNT(*) FROM Devices";
                Assert.True((long)(await count.ExecuteScalarAsync(Ct))! > 3);
            }
            await migrator.MigrateAsync(cancellationToken: Ct);
        }

        await using (var db = await database.CreateDbContextAsync())
        {
            var ueids = await db.Devices.AsNoTracking().Select(d => d.Ueid).ToListAsync(Ct);
            Assert.All(ueids, u => Assert.Equal((Device.UeidLength, Device.UeidTypeRand), (u.Length, u[0])));
            Assert.Equal(ueids.Count, ueids.Select(Convert.ToHexString).Distinct().Count());
            var classes = await db.DeviceClasses.AsNoTracking().ToListAsync(Ct);
            Assert.NotEmpty(classes);
            Assert.All(classes, c => Assert.Equal((AttestationModel.Endorsed, 2, 1, TimeSpan.FromDays(1)),
                (c.AttestationModel, c.AttestationPolicy.MinimumDebugStatus, c.AttestationPolicy.Version, c.AttestationPolicy.ReattestationInterval)));
        }
    }

    private static T Cleared<T>(T aggregate) where T : Domain.Common.AggregateRoot
    {
        aggregate.ClearDomainEvents();
        return aggregate;
    }
}
