using System.Text.Json;
using DeviceTrust.Application.Audit;
using DeviceTrust.Application.Common;
using DeviceTrust.Domain.Accounts;
using DeviceTrust.Domain.Attestation;
using DeviceTrust.Domain.Audit;
using DeviceTrust.Domain.Devices;
using Microsoft.EntityFrameworkCore;

namespace DeviceTrust.Application.Attestation.Verifier;

/// <summary>
/// What the server sends a device to make it attest: the session to answer (a path on the device listener, relative to
/// the hub's origin), its nonce (base64url) and until when it waits.
/// </summary>
public sealed record AttestationChallenge(string Session, string Nonce, DateTimeOffset Expiry)
{
    public static AttestationChallenge For(SessionView session)
    {
        ArgumentNullException.ThrowIfNull(session);
        return new($"/challenge-response/v1/session/{session.Id}", session.Nonce, session.Expiry);
    }
}

/// <summary>The live connection to devices (the device hub): how the server reaches a device between its own reports.</summary>
public interface IDeviceAttestationChannel
{
    bool IsConnected(Guid deviceId);

    /// <summary>Sends the challenge to the device; false when it is not connected any more.</summary>
    Task<bool> SendAsync(Guid deviceId, AttestationChallenge challenge, CancellationToken cancellationToken);
}

/// <summary>Where no device connects (a host without the device hub, such as a tool or a test of the use cases alone): none is reachable.</summary>
public sealed class NoDeviceConnections : IDeviceAttestationChannel
{
    public bool IsConnected(Guid deviceId) => false;

    public Task<bool> SendAsync(Guid deviceId, AttestationChallenge challenge, CancellationToken cancellationToken) => Task.FromResult(false);
}

/// <summary>
/// The server asks a device to attest (RATS challenge-response, the server as relying party): it opens a session only
/// that device may answer and sends the nonce over the device's live connection; the device answers through the
/// verifier's API. Asked on a device's connection while it is Enrolled or its latest verdict is older than its class's
/// re-attestation interval, on that interval, and when a person presses "Attest now" (audited).
/// </summary>
public sealed class AttestationRequests(ChallengeResponseVerifier verifier, IDeviceAttestationChannel channel, IDeviceTrustDbContextFactory dbFactory,
    AuditTrail audit, TimeProvider time)
{
    /// <summary>States a device attests in: it holds an LDevID and is in the domain's service.</summary>
    public static bool AttestsIn(DeviceState state) => state is DeviceState.Enrolled or DeviceState.Operational or DeviceState.Quarantined or DeviceState.Updating;

    /// <summary>A person's "Attest now" (Operator or SecurityOfficer), audited.</summary>
    /// <exception cref="ConflictException">The device cannot attest now: not enrolled, or not connected.</exception>
    public async Task<SessionView> RequestAsync(Actor requestedBy, Guid deviceId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(requestedBy);
        if (!requestedBy.IsInRole(Roles.Operator) && !requestedBy.IsInRole(Roles.SecurityOfficer))
            throw new ForbiddenException($"{requestedBy.Name} is not an Operator or SecurityOfficer and may not ask a device to attest.");
        await using var db = await dbFactory.CreateAsync(cancellationToken);
        var device = await db.Devices.AsNoTracking().Where(d => d.Id == deviceId).Select(d => new { d.SerialNumber, d.State }).FirstOrDefaultAsync(cancellationToken)
                     ?? throw new NotFoundException($"Device {deviceId}");
        if (!AttestsIn(device.State)) throw new ConflictException($"Device {device.SerialNumber} is {device.State}: only an enrolled device attests.");
        if (!channel.IsConnected(deviceId)) throw new ConflictException($"Device {device.SerialNumber} is not connected; it is asked to attest when it connects.");
        var session = await SendAsync(requestedBy, deviceId, cancellationToken)
                      ?? throw new ConflictException($"Device {device.SerialNumber} went offline before it could be asked.");
        await audit.SaveAsync(db, new AuditRecord(requestedBy.Name, AuditActions.AttestationRequested, AuditTargets.Device, device.SerialNumber,
            JsonSerializer.Serialize(new { session = session.Id, expiry = session.Expiry })), cancellationToken);
        return session;
    }

    /// <summary>
    /// Asks every device among <paramref name="deviceIds"/> that is due and not already being asked (the server's own
    /// schedule, as <see cref="Actor.System"/>). Returns how many were asked.
    /// </summary>
    public async Task<int> AskDueAsync(IReadOnlyCollection<Guid> deviceIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(deviceIds);
        var asked = 0;
        foreach (var deviceId in await DueAsync(deviceIds, cancellationToken))
        {
            if (await SendAsync(Actor.System, deviceId, cancellationToken) is not null) asked++;
        }
        return asked;
    }

    /// <summary>
    /// Asks these devices now, whatever their schedule (after an update the rollout needs to know what they run), except
    /// those not in a state that attests or with a session of theirs still waiting. Returns how many were asked.
    /// </summary>
    public async Task<int> AskNowAsync(IReadOnlyCollection<Guid> deviceIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(deviceIds);
        if (deviceIds.Count == 0) return 0;
        var now = time.GetUtcNow();
        List<Guid> ask;
        await using (var db = await dbFactory.CreateAsync(cancellationToken))
        {
            var attesting = await db.Devices.AsNoTracking().Where(d => deviceIds.Contains(d.Id)).Select(d => new { d.Id, d.State }).ToListAsync(cancellationToken);
            var ids = attesting.Where(d => AttestsIn(d.State)).Select(d => d.Id).ToList();
            var waiting = (await db.AttestationSessions.AsNoTracking()
                .Where(s => s.DeviceId != null && ids.Contains(s.DeviceId.Value) && s.Status == AttestationSessionStatus.Waiting && s.ExpiresAt > now)
                .Select(s => s.DeviceId!.Value).ToListAsync(cancellationToken)).ToHashSet();
            ask = ids.Where(id => !waiting.Contains(id) && channel.IsConnected(id)).ToList();
        }
        var asked = 0;
        foreach (var deviceId in ask)
        {
            if (await SendAsync(Actor.System, deviceId, cancellationToken) is not null) asked++;
        }
        return asked;
    }

    /// <summary>
    /// The devices among <paramref name="deviceIds"/> to ask now: in a state that attests, with no session of theirs still
    /// waiting, and Enrolled (they enter service by attesting) or without a verdict within their class's interval.
    /// </summary>
    public async Task<IReadOnlyList<Guid>> DueAsync(IReadOnlyCollection<Guid> deviceIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(deviceIds);
        if (deviceIds.Count == 0) return [];
        var now = time.GetUtcNow();
        await using var db = await dbFactory.CreateAsync(cancellationToken);
        var devices = await db.Devices.AsNoTracking().Where(d => deviceIds.Contains(d.Id))
            .Select(d => new { d.Id, d.State, d.DeviceClassId }).ToListAsync(cancellationToken);
        devices.RemoveAll(d => !AttestsIn(d.State));
        if (devices.Count == 0) return [];
        var ids = devices.ConvertAll(d => d.Id);
        var waiting = (await db.AttestationSessions.AsNoTracking()
            .Where(s => s.DeviceId != null && ids.Contains(s.DeviceId.Value) && s.Status == AttestationSessionStatus.Waiting && s.ExpiresAt > now)
            .Select(s => s.DeviceId!.Value).ToListAsync(cancellationToken)).ToHashSet();
        var latest = (await db.AttestationAppraisals.AsNoTracking().Where(a => ids.Contains(a.DeviceId))
            .GroupBy(a => a.DeviceId).Select(g => new { DeviceId = g.Key, At = g.Max(a => a.AppraisedAt) }).ToListAsync(cancellationToken))
            .ToDictionary(l => l.DeviceId, l => l.At);
        var classIds = devices.Select(d => d.DeviceClassId).Distinct().ToList();
        var intervals = (await db.DeviceClasses.AsNoTracking().Where(c => classIds.Contains(c.Id)).Select(c => new { c.Id, c.AttestationPolicy })
            .ToListAsync(cancellationToken)).ToDictionary(c => c.Id, c => c.AttestationPolicy.ReattestationInterval);
        return devices.Where(d => !waiting.Contains(d.Id)
                                  && (d.State == DeviceState.Enrolled || !latest.TryGetValue(d.Id, out var at) || now - at >= intervals[d.DeviceClassId]))
            .Select(d => d.Id).ToList();
    }

    /// <summary>Opens the device's session and sends it; a device that is gone by then leaves no session behind.</summary>
    private async Task<SessionView?> SendAsync(Actor requestedBy, Guid deviceId, CancellationToken cancellationToken)
    {
        var session = await verifier.OpenForDeviceAsync(requestedBy, deviceId, cancellationToken);
        if (await channel.SendAsync(deviceId, AttestationChallenge.For(session), cancellationToken)) return session;
        await verifier.DeleteSessionAsync(Actor.System, deviceId, session.Id, cancellationToken);
        return null;
    }
}
