using DeviceTrust.Simulator.Device;

namespace DeviceTrust.Simulator.Credentials;

/// <summary>Gives a simulated device the credential it connects with, enrolling it first when it has none.</summary>
public interface IDeviceCredentialSource
{
    /// <summary>The device's credential; the caller owns (and disposes) it.</summary>
    /// <param name="faults">The device's current faults; the provisioning ones change how it enrolls.</param>
    /// <exception cref="DeviceRefusedException">The domain refused the device; trying again would not change that.</exception>
    /// <remarks>Any other exception is taken as transient (server unreachable, still held): the device tries again later.</remarks>
    Task<DeviceCredential> GetAsync(SimulatedDeviceSpec device, FaultInjection faults, CancellationToken cancellationToken);
}

/// <summary>The server refused the device for good (untrusted IDevID, rejected voucher, refused CSR, revoked).</summary>
public sealed class DeviceRefusedException(string message, Exception? innerException = null) : Exception(message, innerException);
