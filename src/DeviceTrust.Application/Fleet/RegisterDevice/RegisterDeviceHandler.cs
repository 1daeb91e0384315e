using System.Text.Json;
using DeviceTrust.Application.Audit;
using DeviceTrust.Application.Common;
using DeviceTrust.Domain.Accounts;
using DeviceTrust.Domain.Audit;
using DeviceTrust.Domain.Devices;
using Microsoft.EntityFrameworkCore;

namespace DeviceTrust.Application.Fleet.RegisterDevice;

/// <summary>
/// Registers a device the domain expects. It starts Manufactured and joins by BRSKI with its manufacturer's IDevID;
/// EST then issues the LDevID it connects to the device hub with. No secret is generated or stored.
/// </summary>
public sealed class RegisterDeviceHandler(IDeviceTrustDbContextFactory dbFactory, AuditTrail audit, IFleetNotifier notifier, TimeProvider time)
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
        Guid? groupId = null;
        if (!string.IsNullOrWhiteSpace(request.Group))
        {
            groupId = await db.DeviceGroups.Where(g => g.Name == request.Group).Select(g => (Guid?)g.Id).FirstOrDefaultAsync(cancellationToken)
                      ?? throw RequestValidationException.For("group", $"No device group is named '{request.Group}'.");
        }

        if (await db.Devices.AnyAsync(d => d.SerialNumber == request.SerialNumber, cancellationToken))
            throw RequestValidationException.For("serialNumber", $"A device with serial {request.SerialNumber} is already registered.");

        var device = Device.Register(request.SerialNumber, deviceClass.Id, groupId, time.GetUtcNow());
        db.Devices.Add(device);
        var details = JsonSerializer.Serialize(new { deviceClass = deviceClass.Name, manufacturer = manufacturer.Name, group = request.Group });
        await audit.SaveWithAuditAsync(db, new AuditRecord(actor.Name, AuditActions.DeviceRegistered, AuditTargets.Device, device.SerialNumber, details), cancellationToken);

        notifier.Publish([new DeviceChanged(device.Id, device.SerialNumber, DeviceChangeKind.Registered)]);
        return new RegisteredDevice(device.Id, device.SerialNumber);
    }
}
