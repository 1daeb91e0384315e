using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using DeviceTrust.Attestation.Ear;
using DeviceTrust.Attestation.Eat;
using DeviceTrust.Cose;
using DeviceTrust.Cli.Tests.Infrastructure;
using DeviceTrust.Enrollment.Pki;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Tokens;

namespace DeviceTrust.Cli.Tests.Attestation;

/// <summary>
/// The verifier's challenge-response API as the DeviceTrust device listener serves it, on a real Kestrel with TLS
/// under <see cref="TestDomain"/> and LDevID client certificates: discovery with the EAR key as JWK, newSession with a
/// fresh nonce, and evidence checked (media type, signature with the registered attestation key or, for MACed evidence,
/// tag and kid with <see cref="VendorSecret"/>, nonce) and answered with an EAR signed by the verifier key. What the
/// appraisal says is <see cref="Status"/>.
/// </summary>
public sealed class FakeVerifier : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<Guid, byte[]> _sessions = new();

    private FakeVerifier(WebApplication app) => _app = app;

    public Uri Url => new(_app.Urls.Single());

    public ECDsa EarKey { get; } = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    /// <summary>The key the EAR is signed with; <see cref="EarKey"/> unless a test makes the verifier lie.</summary>
    public ECDsa? EarSigningKeyOverride { get; set; }

    public required ECDsa AttestationPublicKey { get; init; }

    /// <summary>The device's factory secret, which MACed evidence must verify with; null refuses MACed evidence.</summary>
    public CoseSymmetricKey? VendorSecret { get; init; }

    public TrustTier Status { get; set; } = TrustTier.Affirming;

    public ConcurrentQueue<IEatToken> Evidence { get; } = new();

    public static async Task<FakeVerifier> StartAsync(TestDomain domain, ECDsa attestationPublicKey, CoseSymmetricKey? vendorSecret = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        var serverCertificate = domain.IssueServerCertificate();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(https =>
        {
            https.ServerCertificate = serverCertificate;
            https.ClientCertificateMode = ClientCertificateMode.AllowCertificate;
            https.AllowAnyClientCertificate();
        })));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var verifier = new FakeVerifier(app) { AttestationPublicKey = attestationPublicKey, VendorSecret = vendorSecret };
        verifier.Map(app, domain);
        await app.StartAsync(TestContext.Current.CancellationToken);
        return verifier;
    }

    private void Map(WebApplication app, TestDomain domain)
    {
        app.MapGet("/.well-known/veraison/verification", () => Results.Text(
            $$"""{"ear-verification-key":{{EarVerificationKey.FromECDsa(EarKey).ToJwkJson()}},"service-state":"READY"}""",
            "application/vnd.veraison.discovery+json"));
        app.Use(async (context, next) =>
        {
            var certificate = context.Connection.ClientCertificate;
            if (certificate is null || !ChainValidator.Validate(certificate, domain.Root, DateTimeOffset.UtcNow).IsValid)
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                return;
            }
            await next(context);
        });
        app.MapPost("/challenge-response/v1/newSession", () =>
        {
            var id = Guid.NewGuid();
            var nonce = RandomNumberGenerator.GetBytes(32);
            _sessions[id] = nonce;
            return Session(id, nonce, "waiting", null, StatusCodes.Status201Created);
        });
        app.MapPost("/challenge-response/v1/session/{id:guid}", async (Guid id, HttpRequest request) =>
        {
            if (!_sessions.TryGetValue(id, out var nonce))
                return Results.Problem(statusCode: 404, title: "no such session");
            if (request.ContentType?.StartsWith(DeviceTrustEatProfile.MediaType, StringComparison.Ordinal) != true)
                return Results.Problem(statusCode: 415, title: $"'{request.ContentType}' is not taken");
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            var bytes = body.ToArray();
            IEatToken token = VendorEvidence.IsMacEnvelope(bytes) ? VendorEvidence.Read(bytes) : EatEvidence.Read(bytes);
            Evidence.Enqueue(token);
            var authentic = token switch
            {
                EatToken signed => signed.VerifySignature(AttestationPublicKey),
                EatMacToken maced => VendorSecret is { } secret && maced.VerifyTag(secret) && maced.KeyId.AsSpan().SequenceEqual(secret.KeyId!.Value.Span),
                _ => false,
            };
            if (!authentic || !token.Claims.Nonce!.Any(n => n.AsSpan().SequenceEqual(nonce)))
                return Results.Problem(statusCode: 400, title: "evidence refused", detail: "signature or nonce");
            var vector = TrustworthinessVector.Empty.With(TrustworthinessClaim.InstanceIdentity, InstanceIdentityValues.Recognized);
            if (Status == TrustTier.Warning)
                vector = vector.With(TrustworthinessClaim.Executables, ExecutablesValues.Unrecognized);
            var result = new AttestationResult(DateTimeOffset.UtcNow, new VerifierId("DeviceTrust", "fake"),
                new Dictionary<string, EarAppraisal> { ["device"] = EarAppraisal.FromVector(vector) }, nonce: nonce);
            var ear = EarJwt.Sign(result, EarSigningKeyOverride ?? EarKey, EarVerificationKey.FromECDsa(EarKey).KeyId);
            return Session(id, nonce, "complete", ear, StatusCodes.Status200OK);
        });
    }

    private static IResult Session(Guid id, byte[] nonce, string status, string? result, int code) => Results.Json(
        new { id, nonce = Base64UrlEncoder.Encode(nonce), status, result }, contentType: "application/vnd.veraison.challenge-response-session+json",
        statusCode: code);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
        EarKey.Dispose();
    }
}
