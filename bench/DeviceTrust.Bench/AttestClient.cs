using System.Buffers.Text;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using DeviceTrust.Attestation.Ear;
using DeviceTrust.Simulator.Attestation;
using DeviceTrust.Simulator.Provisioning;

namespace DeviceTrust.Bench;

/// <summary>
/// How one challenge-response session ended: <see cref="Verdict"/> (ear.status) when complete, else <see cref="Error"/>
/// (where it stopped and the HTTP status). <see cref="Ear"/> and <see cref="Nonce"/> are kept for a verification sample.
/// </summary>
internal readonly record struct SessionOutcome(TimeSpan Elapsed, string? Verdict, string? Error, string? Ear, byte[]? Nonce);

/// <summary>
/// One device's HTTPS client to the verifier on the device listener, as the Simulator's <c>VerifierClient</c> makes it
/// (<see cref="DeviceHttp"/>: keep-alive, its LDevID as TLS client certificate, the server judged against the domain
/// certificate its voucher pinned), and the device's side of one whole session: newSession, then its evidence.
/// </summary>
internal sealed class AttestClient : IDisposable
{
    private static readonly MediaTypeWithQualityHeaderValue SessionMediaType = new(VerifierApi.SessionMediaType);

    private readonly HttpClient _http;
    private readonly AttestEvidence _evidence;
    private readonly string _serial;

    public AttestClient(Uri deviceListener, AttestingDevice device)
    {
        var serverTrust = ServerCertificatePolicy.PinnedTo(device.Credential.DomainTrustAnchor, TimeProvider.System);
        _http = DeviceHttp.CreateClient(new Uri(deviceListener.GetLeftPart(UriPartial.Authority)), serverTrust, device.Credential.Ldevid.TlsCertificate);
        _evidence = new AttestEvidence(device);
        _serial = device.Spec.Serial;
    }

    public HttpClient Http => _http;

    /// <summary>A session counts as complete only on 200 with status complete and a result; anything else is an error by where and status.</summary>
    public async Task<SessionOutcome> RunSessionAsync(CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            string id;
            byte[] nonce;
            using (var open = Request(VerifierApi.NewSessionPath))
            using (var opened = await _http.SendAsync(open, cancellationToken))
            {
                if (opened.StatusCode != HttpStatusCode.Created) return Failed($"newSession {(int)opened.StatusCode}");
                using var session = await ReadAsync(opened, cancellationToken);
                id = session.RootElement.GetProperty("id").GetString() ?? throw new FormatException("no session id");
                nonce = Base64Url.DecodeFromChars(session.RootElement.GetProperty("nonce").GetString());
            }

            using var submit = Request(VerifierApi.SessionPathPrefix + id);
            submit.Content = new ByteArrayContent(_evidence.Build(nonce));
            // As the Simulator sends it: the form RFC 9782 §4 shows, not re-quoted by MediaTypeHeaderValue.
            submit.Content.Headers.TryAddWithoutValidation("Content-Type", VerifierApi.EvidenceMediaType);
            using var answered = await _http.SendAsync(submit, cancellationToken);
            if (answered.StatusCode != HttpStatusCode.OK) return Failed($"evidence {(int)answered.StatusCode}");
            using var body = await ReadAsync(answered, cancellationToken);
            var status = Text(body.RootElement, "status");
            var result = Text(body.RootElement, "result");
            if (status != "complete" || result is null) return Failed($"evidence 200, status {status ?? "missing"}{(result is null ? ", no result" : "")}");
            return new SessionOutcome(Stopwatch.GetElapsedTime(started), StatusOf(result) ?? "unreadable EAR", null, result, nonce);
        }
        catch (HttpRequestException e)
        {
            return Failed($"transport ({e.HttpRequestError})");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Failed("timeout");
        }
        catch (Exception e) when (e is JsonException or FormatException or KeyNotFoundException or InvalidOperationException)
        {
            return Failed($"unreadable session ({e.GetType().Name})");
        }

        SessionOutcome Failed(string error) => new(Stopwatch.GetElapsedTime(started), null, error, null, null);
    }

    public void Dispose() => _http.Dispose();

    private static HttpRequestMessage Request(string path)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path);
        request.Headers.Accept.Add(SessionMediaType);
        return request;
    }

    private static async Task<JsonDocument> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken) =>
        await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), default, cancellationToken);

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    /// <summary>ear.status of the device's submod, read from the JWT's payload without verifying it (a sample is verified apart).</summary>
    private string? StatusOf(string jwt)
    {
        var parts = jwt.Split('.');
        if (parts.Length != 3) return null;
        using var payload = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[1]));
        return payload.RootElement.TryGetProperty(EarClaimNames.Submods, out var submods) && submods.ValueKind == JsonValueKind.Object
                                                                                          && submods.TryGetProperty(_serial, out var submod)
            ? Text(submod, EarClaimNames.InUse.Status)
            : null;
    }
}
