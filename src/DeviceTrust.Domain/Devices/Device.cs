namespace DeviceTrust.Domain.Devices;

/// <summary>
/// A device of the fleet. Its lifecycle state changes only through <see cref="TransitionTo"/>, which consults
/// <see cref="DeviceLifecycle"/>; everything the device reports about itself goes through the Record/Report methods.
/// </summary>
public sealed class Device
{
    private readonly List<FirmwareComponent> _components = [];

    private Device(Guid id, string serialNumber, Guid deviceClassId, Guid? groupId, DateTimeOffset registeredAt)
    {
        Id = id;
        SerialNumber = serialNumber;
        DeviceClassId = deviceClassId;
        GroupId = groupId;
        RegisteredAt = registeredAt;
        StateChangedAt = registeredAt;
        State = DeviceState.Manufactured;
    }

    public Guid Id { get; private set; }
    public string SerialNumber { get; private set; }
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
    public static Device Register(string serialNumber, Guid deviceClassId, Guid? groupId, DateTimeOffset now) =>
        new(Guid.CreateVersion7(now), Domain.Devices.SerialNumber.Validate(serialNumber), deviceClassId, groupId, now);

    public bool CanConnect => State is not (DeviceState.Revoked or DeviceState.Decommissioned);

    public DeviceStateChanged TransitionTo(DeviceState target, string reason, DateTimeOffset now)
    {
        if (!DeviceLifecycle.CanTransition(State, target)) throw new InvalidTransitionException(SerialNumber, State, target);
        if (string.IsNullOrWhiteSpace(reason)) throw new DomainException("A state change needs a reason.");
        var from = State;
        State = target;
        StateChangedAt = now;
        if (!CanConnect) IsOnline = false;
        return new DeviceStateChanged(Id, SerialNumber, from, target, reason);
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
