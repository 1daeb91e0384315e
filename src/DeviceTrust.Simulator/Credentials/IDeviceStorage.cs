using System.Collections.Concurrent;
using DeviceTrust.Simulator.Updates;

namespace DeviceTrust.Simulator.Credentials;

/// <summary>
/// What a device keeps in non-volatile memory across restarts, as PEM: the IDevID and the attestation key (and vendor
/// secret) it left the factory with and, once enrolled, its LDevID and the pinned domain certificate. The keys and the
/// secret are stored as they are: the storage protects them (<see cref="DirectoryDeviceStorage"/>).
/// </summary>
public sealed record StoredCredentials
{
    /// <summary>The IDevID certificate followed by its CA certificates.</summary>
    public required string IdevidPem { get; init; }

    public required string IdevidKeyPem { get; init; }

    public required string MasaCertificatePem { get; init; }

    /// <summary>The attestation key; null for a device whose factory endorsed none, or stored before attestation.</summary>
    public string? AttestationKeyPem { get; init; }

    /// <summary>The attestation key's endorsement certificate followed by its CA certificates.</summary>
    public string? AttestationCertificatePem { get; init; }

    /// <summary>
    /// The per-device secret of VendorVerified evidence, base64 of its COSE_Key (<see cref="AttestationCredential.ExportVendorSecret"/>);
    /// null for a device whose factory embedded none, or stored before vendor verification. As secret as the keys.
    /// </summary>
    public string? VendorAttestationSecret { get; init; }

    /// <summary>The LDevID certificate followed by its CA certificates; null until enrolled.</summary>
    public string? LdevidPem { get; init; }

    public string? LdevidKeyPem { get; init; }

    public string? DomainTrustAnchorPem { get; init; }
}

/// <summary>
/// Each simulated device's non-volatile memory, keyed by serial: its credentials, and the firmware its updates installed.
/// The two are kept apart, as a device keeps its key store apart from its firmware slots: enrolling again rewrites the
/// credentials and leaves the firmware as it is.
/// </summary>
public interface IDeviceStorage
{
    /// <summary>Null for a device that has never been switched on, or whose storage can no longer be read.</summary>
    Task<StoredCredentials?> LoadAsync(string serial, CancellationToken cancellationToken);

    Task SaveAsync(string serial, StoredCredentials credentials, CancellationToken cancellationToken);

    /// <summary>Null for a device that has installed no update yet, or whose firmware storage can no longer be read.</summary>
    Task<StoredFirmware?> LoadFirmwareAsync(string serial, CancellationToken cancellationToken);

    Task SaveFirmwareAsync(string serial, StoredFirmware firmware, CancellationToken cancellationToken);
}

/// <summary>Storage that lasts as long as the process: every run starts a factory-new fleet.</summary>
public sealed class InMemoryDeviceStorage : IDeviceStorage
{
    private readonly ConcurrentDictionary<string, StoredCredentials> _bySerial = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, StoredFirmware> _firmware = new(StringComparer.Ordinal);

    public Task<StoredCredentials?> LoadAsync(string serial, CancellationToken cancellationToken) =>
        Task.FromResult(_bySerial.GetValueOrDefault(serial));

    public Task SaveAsync(string serial, StoredCredentials credentials, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        _bySerial[serial] = credentials;
        return Task.CompletedTask;
    }

    public Task<StoredFirmware?> LoadFirmwareAsync(string serial, CancellationToken cancellationToken) =>
        Task.FromResult(_firmware.GetValueOrDefault(serial));

    public Task SaveFirmwareAsync(string serial, StoredFirmware firmware, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(firmware);
        _firmware[serial] = firmware;
        return Task.CompletedTask;
    }
}
