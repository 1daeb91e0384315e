using DeviceTrust.Application.Audit;
using DeviceTrust.Application.Common;
using DeviceTrust.Domain.Accounts;
using DeviceTrust.Domain.Fleet;
using DeviceTrust.Domain.Devices;
using Microsoft.EntityFrameworkCore;

namespace DeviceTrust.Application.Fleet.RegisterDevice;

/// <summary>
/// Registers a device the domain expects. It starts Manufactured and joins by BRSKI with its manufacturer's IDevID;
/// EST then issues the LDevID it connects to the device hub with. No secret is generated or stored.
/// </summary>
public sealed class RegisterDeviceHandler(IDeviceTrustDbContextFactory dbFactory, AuditTrail audit, TimeProvider time)
{
    public async Task<RegisteredDevice> HandleAsync(RegisterDeviceRequest request, Actor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        actor.EnsureInRole(Roles.Operator);
        RegisterDeviceValidator.Validate(request);
        await using var db = await dbFactory.CreateAsync(cancellationToken);

        var manufacturer = await db.Manufacturers.FirstOrDefaultAsync(m => m.Name == request.Manufacturer, cancellationToken)
                           ?? throw RequestValidationException.For("manufacturer", $"No manufacturer is named '{request.Manufacturer}'.");
        var deviceClass = await db.DeviceClasses.FirstOrDefaultAsync(c => c.Name == request.DeviceClass, cancellationToken)
                          ?? throw RequestValidationException.For("deviceClass", $"No device class is named '{request.DeviceClass}'.");
        if (deviceClass.ManufacturerId != manufacturer.Id)
            throw RequestValidationException.For("deviceClass", $"'{deviceClass.Name}' is not a device class of {manufacturer.Name}.");
        DeviceGroup? group = null;
        if (!string.IsNullOrWhiteSpace(request.Group))
        {
            group = await db.DeviceGroups.FirstOrDefaultAsync(g => g.Name == request.Group, cancellationToken)
                    ?? throw RequestValidationException.For("group", $"No device group is named '{request.Group}'.");
        }

        if (await db.Devices.AnyAsync(d => d.SerialNumber == request.SerialNumber, cancellationToken))
            throw RequestValidationException.For("serialNumber", $"A device with serial {request.SerialNumber} is already registered.");

        var device = Device.Register(request.SerialNumber, deviceClass, group, actor.Name, time.GetUtcNow());
        db.Devices.Add(device);
        await audit.SaveAsync(db, cancellationToken);
        return new RegisteredDevice(device.Id, device.SerialNumber);
    }
}
