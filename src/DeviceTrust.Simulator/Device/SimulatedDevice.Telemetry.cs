using Microsoft.AspNetCore.SignalR.Client;

namespace DeviceTrust.Simulator.Device;

/// <summary>The telemetry stream of a connected device, where the telemetry faults are applied.</summary>
public sealed partial class SimulatedDevice
{
    private async Task StreamTelemetryAsync(HubConnection connection, CancellationToken token)
    {
        using var timer = new PeriodicTimer(_settings.TelemetryInterval, _settings.TimeProvider);
        do
        {
            await SendReadingAsync(connection, token);
        }
        while (await timer.WaitForNextTickAsync(token));
    }

    private async Task SendReadingAsync(HubConnection connection, CancellationToken token)
    {
        // The model advances even when nothing is sent, so uptime and battery keep their course while silent.
        var reading = _telemetry.Next();
        var faults = Faults;
        if (connection.State != HubConnectionState.Connected)
        {
            return;
        }

        // Firmware first on every connection, so the server knows what it talks to before it sees readings.
        if (!await EnsureFirmwareReportedAsync(connection, token))
        {
            return;
        }

        if (faults.Silent || Chance(faults.DropRate))
        {
            Interlocked.Increment(ref _dropped);
        }
        else if (Chance(faults.MalformedRate))
        {
            var payload = MalformedTelemetry.Pick(reading, NextRandom());
            if (await TrySendAsync(connection, ReportTelemetryMethod, payload, token))
            {
                Interlocked.Increment(ref _malformed);
            }
        }
        else
        {
            await TrySendAsync(connection, ReportTelemetryMethod, reading, token);
        }
    }
}
