namespace DeviceTrust.Domain.Devices;

public sealed class InvalidTransitionException(string serialNumber, DeviceState from, DeviceState to)
    : DomainException($"Device {serialNumber} cannot go from {from} to {to}.")
{
    public DeviceState From { get; } = from;
    public DeviceState To { get; } = to;
}
