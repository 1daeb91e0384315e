using System.Collections.Concurrent;
using System.Security.Cryptography.X509Certificates;
using DeviceTrust.Cose;
using DeviceTrust.Simulator.Credentials;
using DeviceTrust.Simulator.Device;

namespace DeviceTrust.Simulator.Tests.Infrastructure;

/// <summary>
/// Stands in for BRSKI and EST: each serial gets an LDevID from the test CA (and the server is told to accept it, as
/// the real registrar records what it issued), with the CA root as the domain trust anchor, and an attestation key endorsed
/// by <see cref="Endorser"/> as the factory would have installed it. Can refuse a device for good, fail transiently, and
/// counts what it was asked. A provisioning fault is refused, as the real registrar would.
/// </summary>
public sealed class TestCredentials(TestCa ca, Action<X509Certificate2>? onIssued = null) : IDeviceCredentialSource
{
    public const string TransientFailure = "registrar unreachable (test)";

    public const string ProvisioningFaultRefusal = "registrar refused the faulty bootstrap (test)";

    private readonly ConcurrentDictionary<string, int> _calls = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _refusals = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _failuresLeft = new(StringComparer.Ordinal);

    /// <summary>The anchor handed to devices instead of the CA root, e.g. one the server's certificate does not chain to.</summary>
    public TestCa? TrustAnchorFrom { get; init; }

    public TestEndorser Endorser { get; } = new();

    /// <summary>Devices get no attestation key, as those whose storage predates attestation.</summary>
    public bool WithoutAttestation { get; init; }

    /// <summary>The vendor secret installed beside every device's attestation key, as a VendorVerified class's factory embeds one.</summary>
    public CoseSymmetricKey? VendorSecret { get; init; }

    public int Calls(string serial) => _calls.GetValueOrDefault(serial);

    public void Refuse(string serial, string reason) => _refusals[serial] = reason;

    /// <summary>The next <paramref name="times"/> requests for <paramref name="serial"/> fail transiently; 0 stops that.</summary>
    public void FailTransiently(string serial, int times) => _failuresLeft[serial] = times;

    public Task<DeviceCredential> GetAsync(SimulatedDeviceSpec device, FaultInjection faults, CancellationToken cancellationToken)
    {
        _calls.AddOrUpdate(device.Serial, 1, (_, count) => count + 1);
        if (_refusals.TryGetValue(device.Serial, out var reason))
            throw new DeviceRefusedException(reason);
        if (faults.AffectsProvisioning)
            throw new DeviceRefusedException(ProvisioningFaultRefusal);
        if (TakeFailure(device.Serial))
            throw new HttpRequestException(TransientFailure);

        var ldevid = ca.IssueLdevid(device.Serial);
        onIssued?.Invoke(ldevid.Certificate);
        return Task.FromResult(new DeviceCredential(ldevid, (TrustAnchorFrom ?? ca).RootCopy(), WithoutAttestation ? null : Endorser.Issue(device.Serial, VendorSecret)));
    }

    private bool TakeFailure(string serial)
    {
        while (_failuresLeft.TryGetValue(serial, out var left) && left > 0)
        {
            if (_failuresLeft.TryUpdate(serial, left - 1, left))
                return true;
        }

        return false;
    }
}
