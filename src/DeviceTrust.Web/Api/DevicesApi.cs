using DeviceTrust.Application.Common;
using DeviceTrust.Application.Fleet.ChangeDeviceState;
using DeviceTrust.Application.Fleet.FleetSummary;
using DeviceTrust.Application.Fleet.GetDevice;
using DeviceTrust.Application.Fleet.ListDevices;
using DeviceTrust.Application.Fleet.RegisterDevice;
using DeviceTrust.Application.Fleet.ReleaseDevice;
using DeviceTrust.Domain.Devices;
using DeviceTrust.Web.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DeviceTrust.Web.Api;

/// <param name="ExpectedState">The state the caller decided on; if the device has moved on since, the change is refused with 409.</param>
public sealed record ChangeStateBody(DeviceState TargetState, string Reason, DeviceState? ExpectedState = null);

/// <param name="Reason">Why the device may go back into service (kept in the audit trail).</param>
public sealed record ReleaseBody(string Reason);

internal static class DevicesApi
{
    public static RouteGroupBuilder MapDevicesApi(this RouteGroupBuilder api)
    {
        var devices = api.MapGroup("/devices").WithTags("Devices");
        devices.MapGet("/", ListAsync).WithName("ListDevices").WithSummary("A page of devices, filtered and sorted.");
        devices.MapGet("/{id:guid}", GetAsync).WithName("GetDevice").WithSummary("A device with its telemetry, firmware and audit timeline.");
        devices.MapPost("/", RegisterAsync).RequireAuthorization(Policies.Operator).WithName("RegisterDevice")
            .WithSummary("Registers a device; it starts Manufactured and joins by BRSKI with its manufacturer's IDevID.");
        devices.MapPost("/{id:guid}/state", ChangeStateAsync).RequireAuthorization(Policies.Operator).WithName("ChangeDeviceState")
            .WithSummary("Moves a device along its lifecycle; illegal transitions, and a device no longer in expectedState, are refused with 409.");
        devices.MapPost("/{id:guid}/release", ReleaseAsync).RequireAuthorization(Policies.SecurityOfficer).WithName("ReleaseDevice")
            .WithSummary("Releases a quarantined device back to Operational (SecurityOfficer); 409 when it is not Quarantined.");
        api.MapGet("/fleet/summary", (FleetSummaryHandler handler, CancellationToken ct) => handler.HandleAsync(ct))
            .WithTags("Devices").WithName("FleetSummary").WithSummary("Device counts by state, class and firmware version.");
        return api;
    }

    private static Task<PagedResult<DeviceRow>> ListAsync(
        ListDevicesHandler handler, CancellationToken ct, int page = 0, int pageSize = 25, DeviceSort sortBy = DeviceSort.Serial,
        bool descending = false, DeviceState? state = null, Guid? deviceClassId = null, string? firmwareVersion = null,
        Guid? groupId = null, bool? online = null, string? search = null) =>
        handler.HandleAsync(new DeviceQuery(page, pageSize, sortBy, descending, state, deviceClassId, firmwareVersion, groupId, online, search), ct);

    private static Task<DeviceDetails> GetAsync(Guid id, GetDeviceHandler handler, CancellationToken ct) => handler.HandleAsync(id, ct);

    private static async Task<Created<RegisteredDevice>> RegisterAsync(RegisterDeviceRequest request, RegisterDeviceHandler handler, HttpContext http, CancellationToken ct)
    {
        var device = await handler.HandleAsync(request, http.User.ToActor(), ct);
        return TypedResults.Created($"/api/v1/devices/{device.Id}", device);
    }

    private static async Task<Ok<DeviceStateChanged>> ReleaseAsync(Guid id, ReleaseBody body, ReleaseDeviceHandler handler, HttpContext http, CancellationToken ct) =>
        TypedResults.Ok(await handler.HandleAsync(id, body.Reason, http.User.ToActor(), ct));

    private static async Task<Ok<DeviceStateChanged>> ChangeStateAsync(Guid id, ChangeStateBody body, ChangeDeviceStateHandler handler, HttpContext http, CancellationToken ct) =>
        TypedResults.Ok(await handler.HandleAsync(new ChangeDeviceStateRequest(id, body.TargetState, body.Reason, body.ExpectedState), http.User.ToActor(), ct));
}
