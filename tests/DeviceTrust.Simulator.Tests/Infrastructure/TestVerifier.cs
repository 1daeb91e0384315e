using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using DeviceTrust.Attestation.Ear;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace DeviceTrust.Simulator.Tests.Infrastructure;

/// <summary>Evidence a device posted to a session, as the test verifier received it.</summary>
public sealed record ReceivedEvidence(string Serial, string Session, string? ContentType, byte[] Body);

/// <summary>
/// Stands in for the verifier's challenge-response API on the test server (Veraison's sessions, as DeviceTrust serves
/// them): opens sessions, records the evidence each receives and answers with a session JSON whose result is a signed EAR
/// giving the device <see cref="Verdict"/>, or with whatever <see cref="Answer"/> says. It does not appraise; like the
/// real verifier, it refuses an answer after the session's expiry with 409.
/// </summary>
public sealed class TestVerifier(TimeProvider time)
{
    public const string SessionsPath = "/challenge-response/v1";

    private static readonly TimeSpan SessionLifetime = TimeSpan.FromSeconds(150);

    private readonly ConcurrentQueue<ReceivedEvidence> _evidence = new();
    private readonly ConcurrentDictionary<Guid, (string Nonce, DateTimeOffset Expiry)> _sessions = new();
    private readonly ECDsa _earKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public TrustTier Verdict { get; set; } = TrustTier.Affirming;

    /// <summary>Replaces the normal answer to evidence (e.g. a 409 problem), when set.</summary>
    public Func<ReceivedEvidence, IResult>? Answer { get; set; }

    public IReadOnlyList<ReceivedEvidence> Evidence(string serial) => _evidence.Where(e => e.Serial == serial).ToList();

    /// <summary>A session the test asks a device to answer: the "Attest" argument as the server sends it.</summary>
    public TestChallenge NewChallenge()
    {
        var (id, nonce, expiry) = Open();
        return new TestChallenge($"{SessionsPath}/session/{id}", nonce, expiry);
    }

    /// <summary>The nonce of the session at <paramref name="sessionPath"/>, decoded; null for one this verifier did not open.</summary>
    public byte[]? NonceOf(string sessionPath) =>
        Guid.TryParse(sessionPath.AsSpan(sessionPath.LastIndexOf('/') + 1), out var id) && _sessions.TryGetValue(id, out var session)
            ? Base64Url.DecodeFromChars(session.Nonce)
            : null;

    internal void Map(IEndpointRouteBuilder app, Func<HttpContext, string> serialOf)
    {
        app.MapPost($"{SessionsPath}/newSession", () =>
        {
            var (id, nonce, expiry) = Open();
            return Results.Json(new { id, nonce, expiry, status = "waiting" }, statusCode: StatusCodes.Status201Created,
                contentType: "application/vnd.veraison.challenge-response-session+json");
        });
        app.MapPost($"{SessionsPath}/session/{{id:guid}}", async (Guid id, HttpContext http) =>
        {
            using var body = new MemoryStream();
            await http.Request.Body.CopyToAsync(body, http.RequestAborted);
            var received = new ReceivedEvidence(serialOf(http), http.Request.Path, http.Request.ContentType, body.ToArray());
            _evidence.Enqueue(received);
            if (Answer is { } answer)
                return answer(received);
            if (!_sessions.TryGetValue(id, out var session))
                return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not Found", detail: $"Session {id} was not found.");
            var (nonce, expiry) = session;
            if (time.GetUtcNow() > expiry)
                return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Conflict", detail: $"Session {id} expired at {expiry:O}.");
            var ear = EarJwt.Sign(new AttestationResult(time.GetUtcNow(), new VerifierId("Test", "1"),
                new Dictionary<string, EarAppraisal> { [received.Serial] = new(Verdict) }), _earKey);
            return Results.Json(new { id, nonce, expiry, status = "complete", result = ear },
                contentType: "application/vnd.veraison.challenge-response-session+json");
        });
    }

    private (Guid Id, string Nonce, DateTimeOffset Expiry) Open()
    {
        var id = Guid.NewGuid();
        var nonce = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        var expiry = time.GetUtcNow() + SessionLifetime;
        _sessions[id] = (nonce, expiry);
        return (id, nonce, expiry);
    }
}

/// <summary>The "Attest" argument, written from the wire contract: <c>{"session", "nonce", "expiry"}</c>.</summary>
public sealed record TestChallenge(string Session, string Nonce, DateTimeOffset Expiry)
{
    public byte[] DecodedNonce() => Base64Url.DecodeFromChars(Nonce);
}
