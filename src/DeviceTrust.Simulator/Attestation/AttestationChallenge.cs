using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using DeviceTrust.Attestation.Ear;

using DeviceTrust.Simulator.Device;

namespace DeviceTrust.Simulator.Attestation;

/// <summary>
/// A verifier's challenge the device is to answer: the session to post its evidence to, the nonce the evidence must carry
/// and until when the session waits. The server sends it over the hub as the "Attest" request's one argument:
/// <code>{"session": "/challenge-response/v1/session/{id}", "nonce": "&lt;base64url&gt;", "expiry": "&lt;RFC 3339&gt;"}</code>
/// </summary>
/// <param name="Session">The session's path on the server's device listener (<see cref="VerifierApi.SessionPathPrefix"/> and an id).</param>
public sealed record AttestationChallenge(string Session, byte[] Nonce, DateTimeOffset Expiry)
{
    /// <summary>
    /// Reads the "Attest" argument, trusting nothing: an object with a session path of the verifier's API (never another
    /// path or host: a device posts its evidence only there), a base64url nonce of 8..64 bytes (RFC 9711 §4.1) and an
    /// RFC 3339 expiry. Members it does not know are ignored.
    /// </summary>
    public static bool TryParse(JsonElement request, [NotNullWhen(true)] out AttestationChallenge? challenge, [NotNullWhen(false)] out string? problem)
    {
        challenge = null;
        if (request.ValueKind != JsonValueKind.Object)
        {
            problem = $"the request is a JSON {request.ValueKind.ToString().ToLowerInvariant()}, not an object";
            return false;
        }
        if (!HubArguments.TryText(request, "session", out var session, out problem) || !HubArguments.TryText(request, "nonce", out var nonce, out problem))
            return false;
        if (!request.TryGetProperty("expiry", out var expiryValue) || expiryValue.ValueKind != JsonValueKind.String
            || !expiryValue.TryGetDateTimeOffset(out var expiry))
        {
            problem = "expiry is not an RFC 3339 date-time";
            return false;
        }
        return TryCreate(session, nonce, expiry, out challenge, out problem);
    }

    /// <summary>A challenge from its parts as the session JSON carries them, checked as <see cref="TryParse"/> checks them.</summary>
    public static bool TryCreate(string session, string nonce, DateTimeOffset expiry, [NotNullWhen(true)] out AttestationChallenge? challenge,
        [NotNullWhen(false)] out string? problem)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(nonce);
        challenge = null;
        if (!IsSessionPath(session))
        {
            problem = $"session \"{HubArguments.Shorten(session)}\" is not a path {VerifierApi.SessionPathPrefix}{{id}}";
            return false;
        }
        byte[] bytes;
        try
        {
            bytes = Base64Url.DecodeFromChars(nonce);
        }
        catch (FormatException)
        {
            problem = "nonce is not base64url";
            return false;
        }
        if (bytes.Length is < AttestationResult.MinNonceLength or > AttestationResult.MaxNonceLength)
        {
            problem = $"nonce is {bytes.Length} bytes, not {AttestationResult.MinNonceLength}..{AttestationResult.MaxNonceLength} (RFC 9711 §4.1)";
            return false;
        }
        challenge = new AttestationChallenge(session, bytes, expiry);
        problem = null;
        return true;
    }

    // One segment after the prefix, of the characters a session id (a UUID) has: no traversal, query or other host.
    private static bool IsSessionPath(string session) => HubArguments.IsIdPath(session, VerifierApi.SessionPathPrefix);
}
