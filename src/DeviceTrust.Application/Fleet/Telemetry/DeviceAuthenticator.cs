using System.Security.Cryptography.X509Certificates;
using DeviceTrust.Application.Common;
using DeviceTrust.Domain.Devices;
using DeviceTrust.Domain.Provisioning;
using DeviceTrust.Enrollment.Pki;
using Microsoft.EntityFrameworkCore;

namespace DeviceTrust.Application.Fleet.Telemetry;

public sealed record DeviceIdentity(Guid DeviceId, string SerialNumber);

/// <summary>
/// Identifies devices on the device hub. The only credential is the LDevID this domain issued over EST (RFC 8995 5.9);
/// there is no per-device secret. An unknown, expired, revoked or superseded certificate, and a device that is revoked or
/// decommissioned, all fail alike, so a caller learns nothing about which serials exist.
/// </summary>
public sealed class DeviceAuthenticator(IDeviceTrustDbContextFactory dbFactory, FleetMetrics metrics)
{
    /// <summary>
    /// Identifies a device by the LDevID it presented as TLS client certificate (TLS proved it holds the key): a current,
    /// unrevoked certificate this domain issued, of a device that may connect.
    /// </summary>
    public async Task<DeviceIdentity?> AuthenticateAsync(X509Certificate2 certificate, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var fingerprint = DeviceCertificateFields.Fingerprint(certificate);
        await using var db = await dbFactory.CreateAsync(cancellationToken);
        var issued = await db.IssuedCertificates.AsNoTracking()
            .FirstOrDefaultAsync(c => c.Fingerprint == fingerprint && c.Kind == IssuedCertificateKind.Ldevid, cancellationToken);
        var device = issued is { DeviceId: { } id } && issued.IsCurrent(now)
            ? await db.Devices.AsNoTracking().Where(d => d.Id == id).Select(d => new { d.Id, d.SerialNumber, d.State }).FirstOrDefaultAsync(cancellationToken)
            : null;
        if (device is null || device.State is DeviceState.Revoked or DeviceState.Decommissioned)
        {
            metrics.AuthenticationFailed();
            return null;
        }
        return new DeviceIdentity(device.Id, device.SerialNumber);
    }

    /// <summary>
    /// Those of <paramref name="deviceIds"/> that may no longer be connected: Revoked, Decommissioned, or gone. The hub
    /// asks when a connected device changes state, since authentication only vouched for it at connect.
    /// </summary>
    public async Task<IReadOnlyList<(Guid DeviceId, string Why)>> BarredAmongAsync(IReadOnlyCollection<Guid> deviceIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(deviceIds);
        await using var db = await dbFactory.CreateAsync(cancellationToken);
        var states = await db.Devices.AsNoTracking().Where(d => deviceIds.Contains(d.Id))
            .Select(d => new { d.Id, d.State }).ToDictionaryAsync(d => d.Id, d => d.State, cancellationToken);
        var barred = new List<(Guid DeviceId, string Why)>();
        foreach (var id in deviceIds.Distinct())
        {
            if (!states.TryGetValue(id, out var state)) barred.Add((id, "gone"));
            else if (state is DeviceState.Revoked or DeviceState.Decommissioned) barred.Add((id, state.ToString()));
        }
        return barred;
    }
}
