namespace DeviceTrust.Domain.Devices;

public sealed record DeviceStateChanged(Guid DeviceId, string SerialNumber, DeviceState From, DeviceState To, string Reason);
