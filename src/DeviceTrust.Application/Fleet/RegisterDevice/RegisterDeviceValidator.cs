using DeviceTrust.Application.Common;
using DeviceTrust.Domain.Devices;

namespace DeviceTrust.Application.Fleet.RegisterDevice;

public static class RegisterDeviceValidator
{
    public static void Validate(RegisterDeviceRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new Dictionary<string, string[]>();
        if (!SerialNumber.IsValid(request.SerialNumber))
            errors["serialNumber"] = [$"A serial number is 1-{SerialNumber.MaxLength} characters of letters, digits, '-' or '.'."];
        if (string.IsNullOrWhiteSpace(request.DeviceClass)) errors["deviceClass"] = ["The device class is required."];
        if (string.IsNullOrWhiteSpace(request.Manufacturer)) errors["manufacturer"] = ["The manufacturer is required."];
        if (errors.Count > 0) throw new RequestValidationException(errors);
    }
}
