using System.Runtime.CompilerServices;
using System.Security.Cryptography.X509Certificates;
using DeviceTrust.Application.Fleet.Telemetry;

namespace DeviceTrust.Web.Auth;

/// <summary>
/// A device's successful authentication, kept with its TLS connection for at most <see cref="Bound"/>: a device that
/// opens a challenge-response session and answers it sends two requests on one connection a few milliseconds apart, and
/// each looked the LDevID and the device up in the database. Kestrel hands every request of a connection the same
/// client-certificate instance (its TLS connection feature converts the peer's certificate once), so the memo is keyed by
/// that instance and goes with the connection; another connection, or another certificate, is looked up afresh. Refusals
/// are never kept. The bound is how stale the decision may be: a revoked LDevID, a revoked or decommissioned device, is
/// refused on a connection it already holds within a second (a hub connection, by contrast, is vouched for once at
/// connect and cut off by the device's state change).
/// </summary>
internal sealed class RecentDeviceAuthentications
{
    /// <summary>How long a connection's authentication stands before the database is asked again.</summary>
    public static readonly TimeSpan Bound = TimeSpan.FromSeconds(1);

    private readonly ConditionalWeakTable<X509Certificate2, Entry> _byConnection = new();

    private sealed record Entry(DeviceIdentity Identity, DateTimeOffset CheckedAt);

    /// <summary>The identity this connection's certificate was authenticated as less than <see cref="Bound"/> before <paramref name="now"/>.</summary>
    public DeviceIdentity? Recent(X509Certificate2 connectionCertificate, DateTimeOffset now) =>
        _byConnection.TryGetValue(connectionCertificate, out var entry) && now >= entry.CheckedAt && now - entry.CheckedAt < Bound ? entry.Identity : null;

    public void Remember(X509Certificate2 connectionCertificate, DeviceIdentity identity, DateTimeOffset checkedAt) =>
        _byConnection.AddOrUpdate(connectionCertificate, new Entry(identity, checkedAt));
}
