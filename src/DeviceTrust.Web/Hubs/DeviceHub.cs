using System.Security.Claims;
using System.Text.Json;
using DeviceTrust.Application.Fleet.Telemetry;
using DeviceTrust.Application.Provisioning.Enrollments;
using DeviceTrust.Web.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace DeviceTrust.Web.Hubs;

/// <summary>
/// Devices connect here (/hubs/devices) and report telemetry and firmware. Arguments arrive as raw JSON and are
/// parsed strictly by <see cref="DeviceReportParser"/>: a malformed message is logged and counted, and the
/// connection carries on. Reports are queued, never written on the hub's thread.
/// </summary>
[Authorize(AuthenticationSchemes = AuthSchemes.Device)]
internal sealed class DeviceHub(IDeviceReportQueue queue, FleetMetrics metrics, FirstContact firstContact, DeviceConnections connections, TimeProvider time,
    ILogger<DeviceHub> logger) : Hub
{
    public const string Path = "/hubs/devices";

    public override async Task OnConnectedAsync()
    {
        var (id, serial) = Device;
        try
        {
            await connections.AddAsync(id, Context, Context.ConnectionAborted);
            // Every device here authenticated with its LDevID; an Enrolled device's first connection completes its bootstrap.
            if (await firstContact.RecordAsync(id, Context.ConnectionAborted))
                logger.LogInformation("Device {Serial} connected with its LDevID for the first time and is now Operational", serial);
        }
        catch
        {
            // SignalR does not call OnDisconnectedAsync for a connection that failed to connect.
            connections.Remove(id, Context);
            throw;
        }
        queue.TryEnqueue(new PresenceReport(id, serial, time.GetUtcNow(), Online: true));
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        var (id, serial) = Device;
        connections.Remove(id, Context);
        queue.TryEnqueue(new PresenceReport(id, serial, time.GetUtcNow(), Online: false));
        return Task.CompletedTask;
    }

    public void ReportTelemetry(JsonElement message) =>
        Accept("telemetry", () =>
        {
            var now = time.GetUtcNow();
            return new TelemetryReport(Device.Id, Device.Serial, now, DeviceReportParser.ParseTelemetry(message, now));
        });

    public void ReportFirmware(JsonElement message) =>
        Accept("firmware", () => new FirmwareReport(Device.Id, Device.Serial, time.GetUtcNow(), DeviceReportParser.ParseFirmware(message)));

    private void Accept(string kind, Func<DeviceReport> parse)
    {
        try
        {
            queue.TryEnqueue(parse());
        }
        catch (MalformedReportException e)
        {
            metrics.ReportMalformed();
            logger.LogWarning("Ignored a malformed {Kind} message from device {Serial}: {Problem}", kind, Device.Serial, e.Message);
        }
    }

    private (Guid Id, string Serial) Device =>
        (Guid.Parse(Context.User!.FindFirstValue(DeviceAuthenticationHandler.DeviceIdClaim)!), Context.User!.Identity!.Name!);
}
