using DeviceTrust.Domain.Common;
using DeviceTrust.Domain.Fleet;
using DeviceTrust.Domain.Provisioning;

namespace DeviceTrust.Domain.Devices;

/// <summary>
/// A device of the fleet. Its lifecycle state changes only through <see cref="TransitionTo"/> (and <see cref="Revoke"/>),
/// which consult <see cref="DeviceLifecycle"/> and raise one <see cref="DeviceStateChanged"/> per move; everything the
/// device reports about itself goes through the Record/Report methods, which raise nothing (telemetry is not audited).
/// </summary>
public sealed class Device : AggregateRoot
{
    private readonly List<FirmwareComponent> _components = [];

    private Device(Guid id, string serialNumber, Guid deviceClassId, Guid? groupId, DateTimeOffset registeredAt, byte[] ueid)
    {
        Id = id;
        Ueid = ueid;
        SerialNumber = serialNumber;
        DeviceClassId = deviceClassId;
        GroupId = groupId;
        RegisteredAt = registeredAt;
        StateChangedAt = registeredAt;
        State = DeviceState.Manufactured;
    }

    public Guid Id { get; private set; }
    public string SerialNumber { get; private set; }

    /// <summary>
    /// The device's Universal Entity ID (RFC 9711 §4.2.1), assigned at manufacture: type RAND (0x01) and 16 random bytes.
    /// Its attestation evidence carries it as <c>ueid</c>.
    /// </summary>
    public byte[] Ueid { get; private set; }

    public Guid DeviceClassId { get; private set; }
    public Guid? GroupId { get; private set; }
    public DeviceState State { get; private set; }
    public DateTimeOffset RegisteredAt { get; private set; }
    public DateTimeOffset StateChangedAt { get; private set; }
    public DateTimeOffset? LastSeenAt { get; private set; }
    public bool IsOnline { get; private set; }
    public TelemetryReading? LatestTelemetry { get; private set; }

    /// <summary>
    /// Version of the device's main firmware image (the component named "firmware", else the first reported).
    /// Kept beside <see cref="Components"/> so the fleet can be grouped and filtered by it in the database.
    /// </summary>
    public string? FirmwareVersion { get; private set; }

    public IReadOnlyList<FirmwareComponent> Components => _components;

    /// <summary>
    /// A device the operator expects: it starts Manufactured and carries no credential of its own here. It proves itself
    /// with its manufacturer's IDevID during BRSKI and afterwards with the LDevID this domain issues it.
    /// </summary>
    public static Device Register(string serialNumber, DeviceClass deviceClass, DeviceGroup? group, string by, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(deviceClass);
        var device = new Device(Guid.CreateVersion7(now), Domain.Devices.SerialNumber.Validate(serialNumber), deviceClass.Id, group?.Id, now, NewUeid());
        device.AddDomainEvent(new DeviceRegistered(device.Id, device.SerialNumber, deviceClass.Name, group?.Name, by));
        return device;
    }

    /// <summary>Type RAND (RFC 9711 §4.2.1.1) followed by 128 random bits: unique without a registry.</summary>
    public const byte UeidTypeRand = 0x01;

    public const int UeidLength = 17;

    private static byte[] NewUeid()
    {
        var ueid = new byte[UeidLength];
        ueid[0] = UeidTypeRand;
        System.Security.Cryptography.RandomNumberGenerator.Fill(ueid.AsSpan(1));
        return ueid;
    }

    public bool CanConnect => State is not (DeviceState.Revoked or DeviceState.Decommissioned);

    /// <summary>
    /// Moves the device to <paramref name="target"/> if the lifecycle allows it. A move to Revoked is
    /// <see cref="Revoke"/> with an unspecified certificate revocation reason.
    /// </summary>
    public DeviceStateChanged TransitionTo(DeviceState target, string reason, string by, DateTimeOffset now) =>
        target == DeviceState.Revoked ? Revoke(CertificateRevocationReason.Unspecified, reason, by, now) : Move(target, reason, by, now);

    /// <summary>
    /// Revokes the device: it may no longer talk to the domain, and every certificate it holds goes on the CRL with
    /// <paramref name="certificateReason"/> (a handler of <see cref="DeviceRevoked"/>, in the same transaction).
    /// </summary>
    public DeviceStateChanged Revoke(CertificateRevocationReason certificateReason, string reason, string by, DateTimeOffset now)
    {
        if (!Enum.IsDefined(certificateReason)) throw new DomainException("Unknown certificate revocation reason.");
        var change = Move(DeviceState.Revoked, reason, by, now);
        AddDomainEvent(new DeviceRevoked(Id, SerialNumber, certificateReason, change.By));
        return change;
    }

    private DeviceStateChanged Move(DeviceState target, string reason, string by, DateTimeOffset now)
    {
        if (!DeviceLifecycle.CanTransition(State, target)) throw new InvalidTransitionException(SerialNumber, State, target);
        if (string.IsNullOrWhiteSpace(reason)) throw new DomainException("A state change needs a reason.");
        if (string.IsNullOrWhiteSpace(by)) throw new DomainException("A state change names who made it.");
        var change = new DeviceStateChanged(Id, SerialNumber, State, target, reason.Trim(), by);
        State = target;
        StateChangedAt = now;
        if (!CanConnect) IsOnline = false;
        AddDomainEvent(change);
        return change;
    }

    public void RecordTelemetry(TelemetryReading reading, DateTimeOffset receivedAt)
    {
        EnsureCanConnect();
        LatestTelemetry = reading;
        MarkSeen(receivedAt);
    }

    /// <summary>Replaces the installed component list (as reported by the device, or as shipped from the factory).</summary>
    public void ReportFirmware(IReadOnlyCollection<FirmwareComponent> components)
    {
        EnsureCanConnect();
        if (components.Count is 0 or > 32) throw new DomainException("A firmware report lists 1-32 components.");
        if (components.Select(c => c.Name).Distinct(StringComparer.Ordinal).Count() != components.Count)
            throw new DomainException("A firmware report names each component once.");
        _components.Clear();
        _components.AddRange(components);
        FirmwareVersion = (components.FirstOrDefault(c => c.Name == "firmware") ?? components.First()).Version;
    }

    public void MarkSeen(DateTimeOffset at)
    {
        EnsureCanConnect();
        if (LastSeenAt is null || at > LastSeenAt) LastSeenAt = at;
        IsOnline = true;
    }

    public void MarkOffline() => IsOnline = false;

    private void EnsureCanConnect()
    {
        if (!CanConnect) throw new DomainException($"Device {SerialNumber} is {State} and may not report.");
    }
}
