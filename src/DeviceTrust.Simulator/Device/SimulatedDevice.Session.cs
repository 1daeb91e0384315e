using System.Security.Cryptography.X509Certificates;
using DeviceTrust.Simulator.Provisioning;
using DeviceTrust.Simulator.Telemetry;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.Logging;

namespace DeviceTrust.Simulator.Device;

/// <summary>One connection's lifetime: connect with backoff, report firmware, stream telemetry and answer attestation challenges
/// and update offers until it ends.</summary>
public sealed partial class SimulatedDevice
{
    internal const string ReportTelemetryMethod = "ReportTelemetry";
    internal const string ReportFirmwareMethod = "ReportFirmware";

    private const double RetryJitter = 0.2;

    private readonly SemaphoreSlim _firmwareGate = new(1, 1);

    // The connection the firmware was last reported on. Keyed by connection rather than reset by the Reconnecting
    // event, because the client raises its events on the thread pool and they can arrive late and out of order.
    private string? _firmwareReportedOn;
    private int _connectionGeneration;

    private async Task<SessionOutcome> RunSessionAsync(CancellationToken token)
    {
        var rejectedWhileReconnecting = false;
        var retry = NewRetryPolicy(onRejected: _ => rejectedWhileReconnecting = true);
        var closed = new TaskCompletionSource<Exception?>(TaskCreationOptions.RunContinuationsAsynchronously);

        if (await EnsureCredentialAsync(token) is not { } credential)
        {
            return SessionOutcome.Rejected;
        }

        using var clientCertificate = new OwnedIfCreated(ClientCertificateFor(credential), credential.Ldevid.TlsCertificate);
        var serverTrust = ServerCertificatePolicy.PinnedTo(credential.DomainTrustAnchor, _settings.TimeProvider);
        await using var connection = BuildConnection(clientCertificate.Certificate, serverTrust, retry);
        using var attestation = OpenAttestation(connection, credential, clientCertificate.Certificate, serverTrust, token);
        using var updates = OpenUpdates(connection, credential, clientCertificate.Certificate, serverTrust, token);
        connection.Closed += error =>
        {
            closed.TrySetResult(error);
            return Task.CompletedTask;
        };
        connection.Reconnected += _ =>
        {
            OnConnected(connection);
            return EnsureFirmwareReportedAsync(connection, token);
        };

        SetStatus(DeviceStatus.Connecting);
        if (!await ConnectAsync(connection, serverTrust, retry, token))
        {
            Volatile.Write(ref _problem, "the hub refused the client certificate");
            return SessionOutcome.Rejected;
        }

        try
        {
            OnConnected(connection);
            Volatile.Write(ref _attestation, attestation);
            await EnsureFirmwareReportedAsync(connection, token);
            var error = await StreamUntilClosedAsync(connection, closed.Task, token);
            if (rejectedWhileReconnecting || ConnectionFailures.IsRejection(error))
            {
                Volatile.Write(ref _problem, "the hub refused the client certificate");
                return SessionOutcome.Rejected;
            }

            _logger.LogInformation(error, "Device {Serial} connection closed by the server", Serial);
            return SessionOutcome.Closed;
        }
        finally
        {
            SetStatus(DeviceStatus.Connecting);
            Volatile.Write(ref _connection, null);
            Interlocked.CompareExchange(ref _attestation, null, attestation);
        }
    }

    /// <summary>Streams telemetry until the connection closes for good (returns why) or the token is cancelled.</summary>
    private async Task<Exception?> StreamUntilClosedAsync(
        HubConnection connection,
        Task<Exception?> closed,
        CancellationToken token)
    {
        using var telemetryStop = CancellationTokenSource.CreateLinkedTokenSource(token);
        var telemetry = StreamTelemetryAsync(connection, telemetryStop.Token);
        if (await Task.WhenAny(closed, telemetry) == telemetry)
        {
            // The loop only ends by cancellation; this rethrows it.
            await telemetry;
        }

        await telemetryStop.CancelAsync();
        try
        {
            await telemetry;
        }
        catch (OperationCanceledException) when (telemetryStop.IsCancellationRequested)
        {
        }

        token.ThrowIfCancellationRequested();
        return await closed;
    }

    /// <summary>
    /// A connection authenticated by <paramref name="clientCertificate"/> (TLS client authentication, on negotiation
    /// and on the WebSocket alike), to a server whose certificate <paramref name="serverTrust"/> accepts.
    /// </summary>
    private HubConnection BuildConnection(X509Certificate2 clientCertificate, ServerCertificatePolicy serverTrust, IRetryPolicy retry) =>
        new HubConnectionBuilder()
            .WithUrl(_settings.HubUrl, options =>
            {
                options.ClientCertificates = [clientCertificate];
                options.HttpMessageHandlerFactory = handler =>
                {
                    if (handler is HttpClientHandler http)
                    {
                        http.ServerCertificateCustomValidationCallback = (_, certificate, chain, errors) =>
                            serverTrust.Validate(certificate, chain, errors);
                    }

                    return _settings.HttpMessageHandlerFactory?.Invoke(handler) ?? handler;
                };
                options.WebSocketConfiguration = webSocket =>
                {
                    webSocket.ClientCertificates = [clientCertificate];
                    webSocket.RemoteCertificateValidationCallback = (_, certificate, chain, errors) =>
                        serverTrust.Validate(certificate, chain, errors);
                };
                _settings.ConfigureConnection?.Invoke(options);
            })
            .WithAutomaticReconnect(retry)
            .Build();

    /// <summary>Disposes the certificate only when it was made for this session rather than borrowed from the credential.</summary>
    private readonly struct OwnedIfCreated(X509Certificate2 certificate, X509Certificate2 borrowed) : IDisposable
    {
        public X509Certificate2 Certificate { get; } = certificate;

        public void Dispose()
        {
            if (!ReferenceEquals(Certificate, borrowed))
            {
                Certificate.Dispose();
            }
        }
    }

    private async Task<bool> ConnectAsync(HubConnection connection, ServerCertificatePolicy serverTrust, BackoffRetryPolicy retry, CancellationToken token)
    {
        for (var failures = 0; ; failures++)
        {
            try
            {
                await connection.StartAsync(token);
                return true;
            }
            catch (Exception ex) when (ConnectionFailures.IsRejection(ex))
            {
                return false;
            }
            catch (Exception ex) when (!token.IsCancellationRequested)
            {
                // A server the device does not trust fails the handshake: say why rather than how.
                Volatile.Write(ref _problem, serverTrust.LastRejection ?? ex.Message);
                _logger.LogDebug(ex, "Device {Serial} could not connect (attempt {Attempt})", Serial, failures + 1);
            }

            await Task.Delay(retry.GetDelay(failures), _settings.TimeProvider, token);
        }
    }

    private void OnConnected(HubConnection connection)
    {
        if (Interlocked.Exchange(ref _hasConnected, 1) == 1)
        {
            Interlocked.Increment(ref _reconnects);
        }

        Interlocked.Increment(ref _connectionGeneration);
        Volatile.Write(ref _problem, null);
        Volatile.Write(ref _connection, connection);
        SetStatus(DeviceStatus.Connected);
    }

    /// <summary>Reports the firmware once per connection; false while that has not succeeded yet.</summary>
    private async Task<bool> EnsureFirmwareReportedAsync(HubConnection connection, CancellationToken token)
    {
        await _firmwareGate.WaitAsync(token);
        try
        {
            // Without negotiation there is no connection id; the generation still tells connections apart.
            var current = connection.ConnectionId ?? "#" + Volatile.Read(ref _connectionGeneration);
            if (current == _firmwareReportedOn)
            {
                return true;
            }

            if (!await TrySendAsync(connection, ReportFirmwareMethod, new FirmwareReport(_spec.Firmware), token))
            {
                return false;
            }

            _firmwareReportedOn = current;
            return true;
        }
        finally
        {
            _firmwareGate.Release();
        }
    }

    private async Task<bool> TrySendAsync(
        HubConnection connection,
        string method,
        object? argument,
        CancellationToken token)
    {
        try
        {
            await connection.SendCoreAsync(method, [argument], token);
            Interlocked.Increment(ref _messagesSent);
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !token.IsCancellationRequested)
        {
            // Also reached when the connection dropped under a send that was waiting for it.
            Interlocked.Increment(ref _sendErrors);
            _logger.LogDebug(ex, "Device {Serial} failed to send {Method}", Serial, method);
            return false;
        }
    }

    private BackoffRetryPolicy NewRetryPolicy(Action<Exception>? onRejected = null) => new(
        _settings.InitialRetryDelay,
        _settings.MaxRetryDelay,
        RetryJitter,
        new Random(NextRandom()),
        onRejected);
}
