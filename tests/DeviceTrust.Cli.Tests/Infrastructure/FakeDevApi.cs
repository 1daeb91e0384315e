using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using DeviceTrust.Cli.Dev;
using DeviceTrust.Enrollment.Pki;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace DeviceTrust.Cli.Tests.Infrastructure;

/// <summary>A mint request as the fake development API received it.</summary>
public sealed record MintCall(string Path, string? Authorization, JsonElement Body);

/// <summary>
/// The server's development API on plain HTTP 127.0.0.1, as far as minting goes:
/// POST /api/v1/dev/manufacturers/{name}/idevids answers what <see cref="Answer"/> says, by default a real IDevID of a
/// throwaway manufacturer CA with its MASA certificate.
/// </summary>
public sealed class FakeDevApi : IAsyncDisposable
{
    private static readonly TimeSpan Validity = TimeSpan.FromDays(1);
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly WebApplication _app;
    private readonly CertificateAuthority _manufacturer =
        CertificateAuthority.CreateRoot(new X500DistinguishedName("CN=Test Manufacturer IDevID CA"), Validity, TimeProvider.System);
    private readonly X509Certificate2 _masa =
        SigningCertificates.CreateSelfSigned(new X500DistinguishedName("CN=Test MASA"), Validity, TimeProvider.System);

    private FakeDevApi()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.MapPost("/api/v1/dev/manufacturers/{name}/idevids", async (HttpContext context) =>
        {
            var body = await JsonSerializer.DeserializeAsync<JsonElement>(context.Request.Body, Json, context.RequestAborted);
            Calls.Enqueue(new MintCall(context.Request.Path.ToString(), context.Request.Headers.Authorization.ToString(), body));
            var serial = body.GetProperty("serialNumber").GetString()!;
            return Answer?.Invoke(serial) ?? Results.Json(Mint(serial), Json, statusCode: StatusCodes.Status201Created);
        });
    }

    public Uri Url => new(_app.Urls.Single());

    public ConcurrentQueue<MintCall> Calls { get; } = new();

    /// <summary>The answer to a mint request, given its serial number; by default a freshly minted IDevID.</summary>
    public Func<string, IResult>? Answer { get; set; }

    public static async Task<FakeDevApi> StartAsync()
    {
        var api = new FakeDevApi();
        await api._app.StartAsync(TestContext.Current.CancellationToken);
        return api;
    }

    /// <summary>What the real endpoint answers: the IDevID's key, certificate, CA chain and the MASA certificate, as PEM.</summary>
    public MintedIdevid Mint(string serial)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var certificate = _manufacturer.IssueIdevid(new IdevidRequest(key.ExportSubjectPublicKeyInfo(), serial));
        return new MintedIdevid(serial, key.ExportPkcs8PrivateKeyPem(), certificate.ExportCertificatePem(),
            _manufacturer.ExportCertificatePem(), _masa.ExportCertificatePem());
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
        _masa.Dispose();
    }
}
