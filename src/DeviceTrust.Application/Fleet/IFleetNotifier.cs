namespace DeviceTrust.Application.Fleet;

public enum DeviceChangeKind
{
    Registered,
    StateChanged,
    Telemetry,
    Firmware,
    Presence,
    /// <summary>Its bootstrap moved on: a pledge opened or decided, a voucher, a status report, a certificate issued or revoked.</summary>
    Provisioning,
    /// <summary>It attested: a new verdict.</summary>
    Attestation,
    /// <summary>Its update in a rollout moved on: offered, installed, verified, failed, excluded.</summary>
    Update,
}

/// <summary>Something about a device changed; open pages that show it refresh.</summary>
public sealed record DeviceChanged(Guid DeviceId, string SerialNumber, DeviceChangeKind Kind);

/// <summary>
/// Publishes device changes to whoever is listening in this process (Blazor circuits). Handlers run on the
/// publisher's thread: they must be quick and marshal to their own context (InvokeAsync in components).
/// </summary>
public interface IFleetNotifier
{
    void Publish(IReadOnlyCollection<DeviceChanged> changes);

    IDisposable Subscribe(Func<IReadOnlyCollection<DeviceChanged>, Task> handler);
}
