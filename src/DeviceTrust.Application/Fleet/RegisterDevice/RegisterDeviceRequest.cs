namespace DeviceTrust.Application.Fleet.RegisterDevice;

/// <param name="DeviceClass">The device class's name.</param>
/// <param name="Manufacturer">The manufacturer's name; the class must be theirs.</param>
/// <param name="Group">Optional device group name.</param>
public sealed record RegisterDeviceRequest(string SerialNumber, string DeviceClass, string Manufacturer, string? Group = null);

/// <summary>A registered device. It has no credential to hand out: it joins by BRSKI with its manufacturer's IDevID.</summary>
public sealed record RegisteredDevice(Guid Id, string SerialNumber);
