namespace DeviceTrust.Application.Fleet.RegisterDevice;

/// <param name="DeviceClass">The device class's name.</param>
/// <param name="Manufacturer">The manufacturer's name; the class must be theirs.</param>
/// <param name="Group">Optional device group name.</param>
public sealed record RegisterDeviceRequest(string SerialNumber, string DeviceClass, string Manufacturer, string? Group = null);

/// <param name="Secret">The device's connection secret. Shown once: the server keeps only its hash.</param>
public sealed record RegisteredDevice(Guid Id, string SerialNumber, string Secret);
