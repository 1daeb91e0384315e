using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using DeviceTrust.Simulator.Provisioning;

namespace DeviceTrust.Simulator.Attestation;

/// <summary>The verifier's reply to evidence: the session's status and result (the EAR JWT) when appraised, else the refusal.</summary>
internal sealed record VerifierReply(int HttpStatus, string? SessionStatus, string? Result, ProtocolError? Refusal);

/// <summary>
/// A device's side of the verifier's challenge-response API, over HTTPS with its LDevID as TLS client certificate (the
/// same mutual TLS as its hub connection, to the same origin): open a session of its own, and post evidence to a session.
/// </summary>
internal sealed class VerifierClient : IDisposable
{
    private readonly HttpClient _http;

    public VerifierClient(Uri serverUrl, ServerCertificatePolicy serverTrust, X509Certificate2 clientCertificate)
    {
        ArgumentNullException.ThrowIfNull(serverUrl);
        // Session paths are relative to the origin of the device listener, whatever path the hub URL has.
        _http = DeviceHttp.CreateClient(new Uri(serverUrl.GetLeftPart(UriPartial.Authority)), serverTrust, clientCertificate);
    }

    /// <summary>POST newSession as the device: the challenge of a session only this device may answer, or the refusal.</summary>
    /// <exception cref="HttpRequestException">The server could not be reached.</exception>
    /// <exception cref="FormatException">The server's session is not one (no id, nonce or expiry, or a bad nonce).</exception>
    public async Task<ServerReply<AttestationChallenge>> OpenSessionAsync(CancellationToken cancellationToken)
    {
        using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Post, VerifierApi.NewSessionPath), cancellationToken);
        if (!response.IsSuccessStatusCode)
            return new ServerReply<AttestationChallenge>.Refused(await ServerReplies.ReadErrorAsync(response, cancellationToken));
        using var session = await ReadSessionAsync(response, cancellationToken);
        var root = session.RootElement;
        if (Text(root, "id") is not { } id || Text(root, "nonce") is not { } nonce || !root.TryGetProperty("expiry", out var expiryValue)
            || expiryValue.ValueKind != JsonValueKind.String || !expiryValue.TryGetDateTimeOffset(out var expiry))
            throw new FormatException("the verifier's new session has no id, nonce or expiry");
        if (!AttestationChallenge.TryCreate(VerifierApi.SessionPathPrefix + id, nonce, expiry, out var challenge, out var problem))
            throw new FormatException($"the verifier's new session is not one a device can answer: {problem}");
        return new ServerReply<AttestationChallenge>.Completed(challenge);
    }

    /// <summary>POSTs <paramref name="evidence"/> to the session (Content-Type <see cref="VerifierApi.EvidenceMediaType"/>).</summary>
    /// <exception cref="HttpRequestException">The server could not be reached.</exception>
    /// <exception cref="FormatException">A 200 whose body is not a session.</exception>
    public async Task<VerifierReply> SubmitAsync(string session, byte[] evidence, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, session) { Content = new ByteArrayContent(evidence) };
        // Not MediaTypeHeaderValue: it would re-quote the profile parameter as it sees fit; this is the form RFC 9782 §4 shows.
        request.Content.Headers.TryAddWithoutValidation("Content-Type", VerifierApi.EvidenceMediaType);
        using var response = await SendAsync(request, cancellationToken);
        var status = (int)response.StatusCode;
        if (!response.IsSuccessStatusCode)
            return new VerifierReply(status, null, null, await ServerReplies.ReadErrorAsync(response, cancellationToken));
        using var body = await ReadSessionAsync(response, cancellationToken);
        return new VerifierReply(status, Text(body.RootElement, "status"), Text(body.RootElement, "result"), null);
    }

    public void Dispose() => _http.Dispose();

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using (request)
        {
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(VerifierApi.SessionMediaType));
            request.Headers.Accept.Add(ServerReplies.AcceptProblemDetails);
            return await _http.SendAsync(request, cancellationToken);
        }
    }

    private static async Task<JsonDocument> ReadSessionAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var what = $"the verifier answered {(int)response.StatusCode} with a body that is not a session";
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), default, cancellationToken);
        }
        catch (JsonException e)
        {
            throw new FormatException($"{what} ({e.Message})", e);
        }
        if (document.RootElement.ValueKind == JsonValueKind.Object)
            return document;
        document.Dispose();
        throw new FormatException(what);
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
