using System.Security.Claims;
using System.Text.Json;
using DeviceTrust.Application.Fleet.Telemetry;
using DeviceTrust.Application.Attestation.Verifier;
using DeviceTrust.Web.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace DeviceTrust.Web.Hubs;

/// <summary>
/// Devices connect here (/hubs/devices) and report telemetry and firmware. Arguments arrive as raw JSON and are
/// parsed strictly by <see cref="DeviceReportParser"/>: a malformed message is logged and counted, and the
/// connection carries on. Reports are queued, never written on the hub's thread. A device that connects while it is
/// Enrolled, or whose latest verdict is older than its class allows, is asked to attest (<see cref="HubAttestationChannel"/>).
/// </summary>
[Authorize(AuthenticationSchemes = AuthSchemes.Device)]
internal sealed class DeviceHub(IDeviceReportQueue queue, FleetMetrics metrics, AttestationRequests attestation, DeviceConnections connections, TimeProvider time,
    ILogger<DeviceHub> logger) : Hub
{
    public const string Path = "/hubs/devices";

    public override async Task OnConnectedAsync()
    {
        var (id, serial) = Device;
        try
        {
            await connections.AddAsync(id, Context, Context.ConnectionAborted);
        }
        catch
        {
            // SignalR does not call OnDisconnectedAsync for a connection that failed to connect.
            connections.Remove(id, Context);
            throw;
        }
        queue.TryEnqueue(new PresenceReport(id, serial, time.GetUtcNow(), Online: true));
        // After the connection is complete, so that the device can receive the challenge: an Enrolled device enters
        // service by attesting.
        _ = AskToAttestAsync(id, serial);
    }

    private async Task AskToAttestAsync(Guid id, string serial)
    {
        try
        {
            await Task.Yield();
            if (await attestation.AskDueAsync([id]) > 0)
                logger.LogInformation("Device {Serial} connected and was asked to attest", serial);
        }
        catch (Exception e)
        {
            // The schedule asks again; a failed ask must not fault the connection.
            logger.LogWarning(e, "Could not ask device {Serial} to attest on connecting", serial);
        }
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
