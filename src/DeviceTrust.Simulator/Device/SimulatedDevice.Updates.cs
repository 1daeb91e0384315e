using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using DeviceTrust.Simulator.Credentials;
using DeviceTrust.Simulator.Provisioning;
using DeviceTrust.Simulator.Updates;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.Logging;

namespace DeviceTrust.Simulator.Device;

/// <summary>
/// Updates (docs/update-protocol.md): the server offers one over the hub ("UpdateAvailable", an <see cref="UpdateOffer"/>);
/// the device fetches, verifies and runs the SUIT envelope over HTTPS with its LDevID (<see cref="DeviceUpdater"/>), tells
/// the hub its new firmware, and posts the signed SUIT report, where the update faults apply. One offer at a time.
/// </summary>
public sealed partial class SimulatedDevice
{
    internal const string UpdateAvailableMethod = "UpdateAvailable";

    private readonly SemaphoreSlim _updateGate = new(1, 1);
    private UpdateOutcome? _lastUpdate;
    private long _updatesAnswered;
    private long _updatesRefused;
    private long _updatesFailed;
    private long _updateOffersIgnored;
    private bool _firmwareRestored; // RunAsync, the only caller, never runs twice at once

    private UpdateSummary UpdateSnapshot() => new(
        Interlocked.Read(ref _updatesAnswered),
        Interlocked.Read(ref _updatesRefused),
        Interlocked.Read(ref _updatesFailed),
        Interlocked.Read(ref _updateOffersIgnored),
        Volatile.Read(ref _lastUpdate));

    /// <summary>The connection's updates: its HTTPS client to the firmware endpoints, and the handler of the server's offers.</summary>
    private UpdateChannel OpenUpdates(HubConnection connection, DeviceCredential credential, X509Certificate2 clientCertificate,
        ServerCertificatePolicy serverTrust, CancellationToken token)
    {
        var channel = new UpdateChannel(new UpdateServerClient(_settings.ServerUrl, serverTrust, clientCertificate), connection, credential, token);
        connection.On<JsonElement>(UpdateAvailableMethod, offer => OnUpdateAvailable(channel, offer));
        return channel;
    }

    private void OnUpdateAvailable(UpdateChannel channel, JsonElement request)
    {
        if (!UpdateOffer.TryParse(request, out var offer, out var problem))
        {
            Interlocked.Increment(ref _updateOffersIgnored);
            _logger.LogWarning("Device {Serial} ignored a malformed UpdateAvailable offer: {Problem}", Serial, problem);
            return;
        }

        // This runs on the hub's receive loop; the update (HTTPS exchanges, a signature) runs apart.
        _ = Task.Run(() => UpdateAsync(channel, offer), CancellationToken.None);
    }

    private async Task UpdateAsync(UpdateChannel channel, UpdateOffer offer)
    {
        try
        {
            await _updateGate.WaitAsync(channel.Stopping);
            try
            {
                RecordUpdate(await RunUpdateAsync(channel, offer));
            }
            finally
            {
                _updateGate.Release();
            }
        }
        catch (Exception e) when (channel.Stopping.IsCancellationRequested)
        {
            _logger.LogDebug(e, "Device {Serial}: its connection ended before it answered offer {Offer}", Serial, offer.OfferId);
        }
        catch (Exception e)
        {
            RecordUpdate(new UpdateOutcome(offer.OfferId, offer.ReleaseId, _settings.TimeProvider.GetUtcNow(), UpdateAnswer.Failed,
                null, null, null, e.Message, []));
            _logger.LogError(e, "Device {Serial} failed to answer offer {Offer}", Serial, offer.OfferId);
        }
    }

    private async Task<UpdateOutcome> RunUpdateAsync(UpdateChannel channel, UpdateOffer offer)
    {
        var updater = new DeviceUpdater(_spec, _firmware, channel.Server, ReportKeyOf(channel.Credential), _settings.TimeProvider, Chance)
        {
            Installed = token => OnInstalledAsync(channel.Connection, token),
            GoOffline = _ => GoOfflineAsync(channel.Connection),
        };
        return await updater.RunAsync(offer, Faults, channel.Stopping);
    }

    /// <summary>
    /// The report's key: the attestation key, the one its evidence is signed with; for a VendorVerified device, which MACs
    /// its evidence and holds no key the domain knows besides it, the LDevID key. A device without an attestation key (its
    /// storage predates attestation) signs with its LDevID key too, which the server also accepts: it learns the outcome,
    /// though such a device cannot attest to it afterwards.
    /// </summary>
    private ECDsa ReportKeyOf(DeviceCredential credential) =>
        _spec.VendorVerified ? credential.Ldevid.PrivateKey : credential.Attestation?.PrivateKey ?? credential.Ldevid.PrivateKey;

    /// <summary>
    /// From now on the device runs what it installed: it stores it (<see cref="SimulationSettings.Storage"/>) before it
    /// says so, as a device writes its slots before it reports, and its evidence, its firmware report and the hub hear it.
    /// </summary>
    private async Task OnInstalledAsync(HubConnection connection, CancellationToken token)
    {
        // What it reports follows what it runs at once, even should storing it fail below.
        Volatile.Write(ref _spec, _spec with { Firmware = _firmware.Components });
        if (_settings.Storage is { } storage)
            await storage.SaveFirmwareAsync(Serial, _firmware.ToStored(), token);
        _logger.LogInformation("Device {Serial} installed an update: {Firmware}", Serial,
            string.Join(", ", _firmware.Components.Select(c => $"{c.Name} {c.Version}")));
        await _firmwareGate.WaitAsync(token);
        try
        {
            _firmwareReportedOn = null;
        }
        finally
        {
            _firmwareGate.Release();
        }

        // When this send fails, the telemetry loop reports the firmware before its next reading.
        await EnsureFirmwareReportedAsync(connection, token);
    }

    /// <summary>
    /// Once per device object, before it first connects: what its earlier runs installed (<see cref="SimulationSettings.Storage"/>)
    /// replaces the firmware of its spec, so a restarted simulator's device runs, reports and attests what it installed, and
    /// still refuses a manifest older than its last. Storage that cannot be read leaves the spec's firmware.
    /// </summary>
    private async Task RestoreFirmwareAsync(CancellationToken token)
    {
        if (_settings.Storage is not { } storage || _firmwareRestored)
            return;
        try
        {
            var stored = await storage.LoadFirmwareAsync(Serial, token);
            _firmwareRestored = true;
            if (stored is null)
                return;
            _firmware.Restore(stored);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            return;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            _logger.LogWarning("Device {Serial}: its stored firmware cannot be used ({Reason}); it runs the firmware of its spec", Serial, e.Message);
            return;
        }
        Volatile.Write(ref _spec, _spec with { Firmware = _firmware.Components });
        _logger.LogInformation("Device {Serial} runs what it installed before: {Firmware}", Serial,
            string.Join(", ", _firmware.Components.Select(c => $"{c.Name} {c.Version}")));
    }

    /// <summary>
    /// <see cref="FaultInjection.OfflineMidUpdate"/>: the connection closes as if the server had closed it, so the session
    /// ends and the device reconnects after its retry delay.
    /// </summary>
    private async Task GoOfflineAsync(HubConnection connection)
    {
        _logger.LogWarning("Device {Serial} drops its connection in the middle of an update ({Fault})", Serial, nameof(FaultInjection.OfflineMidUpdate));
        await connection.StopAsync(CancellationToken.None);
    }

    private void RecordUpdate(UpdateOutcome outcome)
    {
        Volatile.Write(ref _lastUpdate, outcome);
        var faults = outcome.Faults.Count == 0 ? "none" : string.Join(", ", outcome.Faults);
        switch (outcome.Answer)
        {
            case UpdateAnswer.Answered:
                Interlocked.Increment(ref _updatesAnswered);
                _logger.LogInformation("Device {Serial} reported offer {Offer}: {Result} (faults: {Faults})", Serial, outcome.OfferId,
                    outcome.Succeeded == true ? "success" : $"failure {outcome.Reason}: {outcome.Problem}", faults);
                break;
            case UpdateAnswer.Refused:
                Interlocked.Increment(ref _updatesRefused);
                _logger.LogWarning("Device {Serial}: the server refused its report on offer {Offer}: {Problem} (faults: {Faults})",
                    Serial, outcome.OfferId, outcome.Problem, faults);
                break;
            default:
                Interlocked.Increment(ref _updatesFailed);
                _logger.LogWarning("Device {Serial} sent no report on offer {Offer}: {Problem} (faults: {Faults})", Serial, outcome.OfferId, outcome.Problem, faults);
                break;
        }
    }

    /// <summary>What one connection updates with; disposing it stops the update still running.</summary>
    private sealed class UpdateChannel : IDisposable
    {
        private readonly CancellationTokenSource _stopping;
        private readonly UpdateServerClient _server;

        public UpdateChannel(UpdateServerClient server, HubConnection connection, DeviceCredential credential, CancellationToken session)
        {
            _server = server;
            Connection = connection;
            Credential = credential;
            _stopping = CancellationTokenSource.CreateLinkedTokenSource(session);
            Stopping = _stopping.Token;
        }

        public IUpdateServer Server => _server;

        public HubConnection Connection { get; }

        /// <summary>Borrowed from the device, which outlives its connections.</summary>
        public DeviceCredential Credential { get; }

        public CancellationToken Stopping { get; }

        public void Dispose()
        {
            _stopping.Cancel();
            _stopping.Dispose();
            _server.Dispose();
        }
    }
}
