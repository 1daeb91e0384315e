using Microsoft.AspNetCore.SignalR;

namespace DeviceTrust.Simulator.Tests.Infrastructure;

/// <summary>Stands in for the server's device hub; the middleware in front of it has already authenticated.</summary>
public sealed class TestDeviceHub(HubRecorder recorder) : Hub
{
    public const string SerialHeader = "X-Device-Serial";

    public static string SerialOf(HubCallerContext context) =>
        context.GetHttpContext()?.Request.Headers[SerialHeader].ToString() ?? "";

    public override Task OnConnectedAsync()
    {
        var serial = SerialOf(Context);
        var authorization = Context.GetHttpContext()?.Request.Headers.Authorization.ToString() ?? "";
        if (serial.Length == 0 || !authorization.StartsWith("Device ", StringComparison.Ordinal))
        {
            Context.Abort();
            return Task.CompletedTask;
        }

        recorder.Connected(serial, Context);
        return Task.CompletedTask;
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        recorder.Disconnected(SerialOf(Context), Context);
        return Task.CompletedTask;
    }

    public void ReportTelemetry(WireTelemetry telemetry) =>
        recorder.Record(Context, nameof(ReportTelemetry), telemetry);

    public void ReportFirmware(WireFirmware firmware) => recorder.Record(Context, nameof(ReportFirmware), firmware);
}
