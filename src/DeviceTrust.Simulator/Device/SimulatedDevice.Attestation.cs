using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using DeviceTrust.Simulator.Attestation;
using DeviceTrust.Simulator.Credentials;
using DeviceTrust.Simulator.Provisioning;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.Logging;

namespace DeviceTrust.Simulator.Device;

/// <summary>
/// Remote attestation (RFC 9334 challenge-response): the server asks over the hub ("Attest", with an
/// <see cref="AttestationChallenge"/>), or the device opens a session itself (<see cref="AttestAsync"/>); either way it
/// answers through the verifier's API with evidence signed by its attestation key (MACed under its factory's secret for a
/// VendorVerified class), where the evidence faults apply.
/// </summary>
public sealed partial class SimulatedDevice
{
    internal const string AttestMethod = "Attest";

    /// <summary>How long after the session's expiry a <see cref="FaultInjection.LateAnswer"/> is posted.</summary>
    private static readonly TimeSpan LateAnswerMargin = TimeSpan.FromSeconds(1);

    private AttestationChannel? _attestation;
    private byte[]? _lastEvidence;
    private AttestationOutcome? _lastAttestation;
    private long _attestationsAppraised;
    private long _attestationsRefused;
    private long _attestationsFailed;
    private long _attestRequestsIgnored;

    /// <summary>
    /// Opens a challenge-response session as the device (POST newSession over its mutual TLS) and answers it as it answers
    /// the server's "Attest" requests, faults included. Returns how it went, which the snapshot shows too.
    /// </summary>
    /// <exception cref="InvalidOperationException">The device is not connected (it attests with the credential of its connection).</exception>
    public async Task<AttestationOutcome> AttestAsync(CancellationToken cancellationToken = default)
    {
        var channel = Volatile.Read(ref _attestation)
                      ?? throw new InvalidOperationException($"Device {Serial} is not connected; it attests over the connection it holds.");
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, channel.Stopping);
        ServerReply<AttestationChallenge> opened;
        try
        {
            opened = await channel.Verifier.OpenSessionAsync(linked.Token);
        }
        catch (Exception e) when (IsAnswerFailure(e, linked.Token))
        {
            return Record(Outcome(VerifierApi.NewSessionPath, AttestationAnswer.Failed, problem: e.Message));
        }

        return opened switch
        {
            ServerReply<AttestationChallenge>.Completed session => await AnswerAsync(channel, session.Value, linked.Token),
            ServerReply<AttestationChallenge>.Refused refused => Record(Outcome(VerifierApi.NewSessionPath, AttestationAnswer.Refused,
                refused.Error.Status, problem: refused.Error.ToString())),
            _ => Record(Outcome(VerifierApi.NewSessionPath, AttestationAnswer.Failed, problem: "the verifier did not open a session")),
        };
    }

    private AttestationSummary AttestationSnapshot() => new(
        Interlocked.Read(ref _attestationsAppraised),
        Interlocked.Read(ref _attestationsRefused),
        Interlocked.Read(ref _attestationsFailed),
        Interlocked.Read(ref _attestRequestsIgnored),
        Volatile.Read(ref _lastAttestation));

    /// <summary>The connection's attestation: its HTTPS client to the verifier, and the handler of the server's requests.</summary>
    private AttestationChannel OpenAttestation(HubConnection connection, DeviceCredential credential, X509Certificate2 clientCertificate,
        ServerCertificatePolicy serverTrust, CancellationToken token)
    {
        var channel = new AttestationChannel(new VerifierClient(_settings.ServerUrl, serverTrust, clientCertificate), credential.Attestation, token);
        connection.On<JsonElement>(AttestMethod, request => OnAttestRequested(channel, request));
        return channel;
    }

    private void OnAttestRequested(AttestationChannel channel, JsonElement request)
    {
        if (!AttestationChallenge.TryParse(request, out var challenge, out var problem))
        {
            Interlocked.Increment(ref _attestRequestsIgnored);
            _logger.LogWarning("Device {Serial} ignored a malformed Attest request: {Problem}", Serial, problem);
            return;
        }

        // This runs on the hub's receive loop; the answer (a signature, an HTTPS exchange, perhaps a late wait) runs apart.
        _ = Task.Run(() => AnswerRequestAsync(channel, challenge), CancellationToken.None);
    }

    private async Task AnswerRequestAsync(AttestationChannel channel, AttestationChallenge challenge)
    {
        try
        {
            await AnswerAsync(channel, challenge, channel.Stopping);
        }
        catch (Exception e) when (channel.Stopping.IsCancellationRequested)
        {
            _logger.LogDebug(e, "Device {Serial}: its connection ended before it answered {Session}", Serial, challenge.Session);
        }
        catch (Exception e)
        {
            Record(Outcome(challenge.Session, AttestationAnswer.Failed, problem: e.Message));
            _logger.LogError(e, "Device {Serial} failed to answer {Session}", Serial, challenge.Session);
        }
    }

    /// <summary>The one way the device answers a challenge, whoever opened the session.</summary>
    private async Task<AttestationOutcome> AnswerAsync(AttestationChannel channel, AttestationChallenge challenge, CancellationToken token)
    {
        if (WhyCannotAttest(channel.Credential) is { } reason)
            return Record(Outcome(challenge.Session, AttestationAnswer.Declined, problem: reason));

        var faults = Faults;
        try
        {
            var (evidence, applied) = Evidence(channel.Credential!, challenge, faults);
            if (faults.LateAnswer)
            {
                applied = [.. applied, nameof(FaultInjection.LateAnswer)];
                var late = challenge.Expiry + LateAnswerMargin - _settings.TimeProvider.GetUtcNow();
                if (late > TimeSpan.Zero)
                    await Task.Delay(late, _settings.TimeProvider, token);
            }

            var reply = await channel.Verifier.SubmitAsync(challenge.Session, evidence, token);
            return Record(reply.Refusal is { } refusal
                ? Outcome(challenge.Session, AttestationAnswer.Refused, reply.HttpStatus, problem: refusal.ToString(), faults: applied)
                : Outcome(challenge.Session, AttestationAnswer.Appraised, reply.HttpStatus, reply.SessionStatus,
                    EarStatusReader.StatusOf(reply.Result, Serial), faults: applied));
        }
        catch (Exception e) when (IsAnswerFailure(e, token) || e is ArgumentException or CryptographicException)
        {
            return Record(Outcome(challenge.Session, AttestationAnswer.Failed, problem: e.Message));
        }
    }

    /// <summary>
    /// Fresh evidence for the challenge, kept as the one a <see cref="FaultInjection.ReplayNonce"/> answer sends next; or,
    /// with that fault, the evidence kept from before, unchanged.
    /// </summary>
    private (byte[] Evidence, IReadOnlyList<string> Faults) Evidence(AttestationCredential credential, AttestationChallenge challenge, FaultInjection faults)
    {
        if (faults.ReplayNonce && Volatile.Read(ref _lastEvidence) is { } previous)
            return (previous, [nameof(FaultInjection.ReplayNonce)]);
        var built = DeviceEvidence.Build(_spec, credential, challenge.Nonce, faults, _settings.TimeProvider);
        Volatile.Write(ref _lastEvidence, built.Evidence);
        return (built.Evidence, built.Faults);
    }

    /// <summary>Why the device cannot follow the profile; null when it can.</summary>
    private string? WhyCannotAttest(AttestationCredential? credential) =>
        credential is null ? "it holds no attestation key (none from its factory, or storage from before attestation)"
        : _spec.Ueid is null ? "it does not know its UEID"
        : _spec.ClassId is null ? "it does not know its class-id"
        : _spec.VendorVerified && credential.VendorSecret is null
            ? "its class is VendorVerified and it holds no vendor attestation secret (none from its factory, or storage from before vendor verification)"
        : null;

    /// <summary>Transport failures and unreadable replies; a timeout is an HttpClient cancellation the caller did not ask for.</summary>
    private static bool IsAnswerFailure(Exception e, CancellationToken token) =>
        e is HttpRequestException or FormatException || (e is OperationCanceledException && !token.IsCancellationRequested);

    private AttestationOutcome Outcome(string session, AttestationAnswer answer, int? httpStatus = null, string? sessionStatus = null,
        string? verdict = null, string? problem = null, IReadOnlyList<string>? faults = null) =>
        new(session, _settings.TimeProvider.GetUtcNow(), answer, httpStatus, sessionStatus, verdict, problem, faults ?? []);

    private AttestationOutcome Record(AttestationOutcome outcome)
    {
        Volatile.Write(ref _lastAttestation, outcome);
        var faults = outcome.Faults.Count == 0 ? "none" : string.Join(", ", outcome.Faults);
        switch (outcome.Answer)
        {
            case AttestationAnswer.Appraised:
                Interlocked.Increment(ref _attestationsAppraised);
                _logger.LogInformation("Device {Serial} attested for {Session}: {Verdict} (faults: {Faults})",
                    Serial, outcome.Session, outcome.Verdict ?? outcome.SessionStatus, faults);
                break;
            case AttestationAnswer.Refused:
                Interlocked.Increment(ref _attestationsRefused);
                _logger.LogWarning("Device {Serial}: the verifier refused its answer to {Session}: {Problem} (faults: {Faults})",
                    Serial, outcome.Session, outcome.Problem, faults);
                break;
            default:
                Interlocked.Increment(ref _attestationsFailed);
                _logger.LogWarning("Device {Serial} did not attest for {Session} ({Answer}): {Problem}", Serial, outcome.Session, outcome.Answer, outcome.Problem);
                break;
        }

        return outcome;
    }

    /// <summary>What one connection attests with; disposing it stops the answers still running.</summary>
    private sealed class AttestationChannel : IDisposable
    {
        private readonly CancellationTokenSource _stopping;

        public AttestationChannel(VerifierClient verifier, AttestationCredential? credential, CancellationToken session)
        {
            Verifier = verifier;
            Credential = credential;
            _stopping = CancellationTokenSource.CreateLinkedTokenSource(session);
            Stopping = _stopping.Token;
        }

        public VerifierClient Verifier { get; }

        /// <summary>Borrowed from the device's credential, which outlives its connections.</summary>
        public AttestationCredential? Credential { get; }

        public CancellationToken Stopping { get; }

        public void Dispose()
        {
            _stopping.Cancel();
            _stopping.Dispose();
            Verifier.Dispose();
        }
    }
}
