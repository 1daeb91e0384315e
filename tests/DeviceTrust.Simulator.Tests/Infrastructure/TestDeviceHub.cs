using Microsoft.AspNetCore.SignalR;

namespace DeviceTrust.Simulator.Tests.Infrastructure;

/// <summary>Stands in for the server's device hub; the middleware in front of it has already authenticated the certificate.</summary>
public sealed class TestDeviceHub(HubRecorder recorder) : Hub
{
    /// <summary>The serial the server's middleware authenticated the client certificate as.</summary>
    public static string SerialOf(HubCallerContext context) => context.User?.Identity?.Name ?? "";

    public override Task OnConnectedAsync()
    {
        var serial = SerialOf(Context);
        if (serial.Length == 0)
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
