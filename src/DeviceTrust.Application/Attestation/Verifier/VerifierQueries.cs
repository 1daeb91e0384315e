using DeviceTrust.Application.Common;
using DeviceTrust.Domain.Attestation;
using DeviceTrust.Domain.Devices;
using DeviceTrust.Domain.Fleet;
using Microsoft.EntityFrameworkCore;

namespace DeviceTrust.Application.Attestation.Verifier;

/// <summary>
/// The reads of a challenge-response session, compiled once (EF Core compiled queries): a session runs them at a high
/// rate, and an ordinary LINQ query pays on every call for taking its expression apart, extracting its parameters and
/// finding its cached plan (5% of the app's CPU in the attest bench's profile, bench/README.md). Same SQL, same results,
/// same tracking as the LINQ they replace; the device and its class come in one read.
/// </summary>
internal static class VerifierQueries
{
    private static readonly Func<DbContext, Guid, CancellationToken, Task<AttestationSession?>> SessionQuery =
        EF.CompileAsyncQuery<DbContext, Guid, AttestationSession?>((db, id, _) => db.Set<AttestationSession>().FirstOrDefault(s => s.Id == id));

    private static readonly Func<DbContext, Guid, CancellationToken, Task<DeviceAndClass?>> DeviceAndClassQuery =
        EF.CompileAsyncQuery<DbContext, Guid, DeviceAndClass?>((db, id, _) => db.Set<Device>().AsNoTracking().Where(d => d.Id == id)
            .Join(db.Set<DeviceClass>().AsNoTracking(), d => d.DeviceClassId, c => c.Id, (d, c) => new DeviceAndClass(d, c)).FirstOrDefault());

    private static readonly Func<DbContext, Guid, byte[], CancellationToken, Task<AttestationKey?>> ActiveKeyQuery =
        EF.CompileAsyncQuery<DbContext, Guid, byte[], AttestationKey?>((db, deviceId, kid, _) => db.Set<AttestationKey>().AsNoTracking()
            .FirstOrDefault(k => k.DeviceId == deviceId && k.KeyId == kid && k.Status == AttestationKeyStatus.Active));

    private static readonly Func<DbContext, Guid, IAsyncEnumerable<ReferenceValue>> ActiveReferenceValuesQuery =
        EF.CompileAsyncQuery((DbContext db, Guid classId) => db.Set<ReferenceValue>().AsNoTracking().Where(r => r.DeviceClassId == classId && r.RemovedAt == null));

    private static readonly Func<DbContext, Guid, CancellationToken, Task<DeviceStateAndPolicy?>> StateAndPolicyQuery =
        EF.CompileAsyncQuery<DbContext, Guid, DeviceStateAndPolicy?>((db, id, _) => db.Set<Device>().AsNoTracking().Where(d => d.Id == id)
            .Join(db.Set<DeviceClass>().AsNoTracking(), d => d.DeviceClassId, c => c.Id, (d, c) => new DeviceStateAndPolicy(d.State, c.AttestationPolicy))
            .FirstOrDefault());

    /// <summary>The session, tracked (the caller answers it).</summary>
    public static Task<AttestationSession?> SessionAsync(IDeviceTrustDbContext db, Guid id, CancellationToken cancellationToken) =>
        SessionQuery(Context(db), id, cancellationToken);

    /// <summary>The device and its class in one read, untracked.</summary>
    public static Task<DeviceAndClass?> DeviceAndClassAsync(IDeviceTrustDbContext db, Guid deviceId, CancellationToken cancellationToken) =>
        DeviceAndClassQuery(Context(db), deviceId, cancellationToken);

    /// <summary>The device's active attestation key of that kid, untracked.</summary>
    public static Task<AttestationKey?> ActiveKeyAsync(IDeviceTrustDbContext db, Guid deviceId, byte[] kid, CancellationToken cancellationToken) =>
        ActiveKeyQuery(Context(db), deviceId, kid, cancellationToken);

    /// <summary>The class's reference values not removed, untracked.</summary>
    public static async Task<List<ReferenceValue>> ActiveReferenceValuesAsync(IDeviceTrustDbContext db, Guid deviceClassId, CancellationToken cancellationToken)
    {
        var values = new List<ReferenceValue>();
        await foreach (var value in ActiveReferenceValuesQuery(Context(db), deviceClassId).WithCancellation(cancellationToken)) values.Add(value);
        return values;
    }

    /// <summary>The versions the firmware catalog released for the class, and its highest available one.</summary>
    public static async Task<Appraisal.ReleasedFirmware> ReleasedFirmwareAsync(IDeviceTrustDbContext db, Guid deviceClassId, CancellationToken cancellationToken)
    {
        var releases = await db.FirmwareReleases.AsNoTracking().Where(r => r.DeviceClassId == deviceClassId)
            .Select(r => new { r.FirmwareVersion, r.SequenceNumber, r.Status }).ToListAsync(cancellationToken);
        var latest = releases.Where(r => r.Status == Domain.Updates.FirmwareReleaseStatus.Available).MaxBy(r => r.SequenceNumber)?.FirmwareVersion;
        return new Appraisal.ReleasedFirmware(releases.Select(r => r.FirmwareVersion).ToHashSet(StringComparer.Ordinal), latest);
    }

    /// <summary>The device's state and its class's attestation policy as they are now; null when the device is gone.</summary>
    public static Task<DeviceStateAndPolicy?> StateAndPolicyAsync(IDeviceTrustDbContext db, Guid deviceId, CancellationToken cancellationToken) =>
        StateAndPolicyQuery(Context(db), deviceId, cancellationToken);

    /// <summary>Compiled queries run on the EF Core context itself, which every <see cref="IDeviceTrustDbContext"/> is.</summary>
    private static DbContext Context(IDeviceTrustDbContext db) =>
        db as DbContext ?? throw new InvalidOperationException($"{db.GetType().Name} is not an EF Core DbContext; the verifier's compiled queries need one.");
}

internal sealed record DeviceAndClass(Device Device, DeviceClass DeviceClass);

internal sealed record DeviceStateAndPolicy(DeviceState State, AttestationPolicy Policy);
