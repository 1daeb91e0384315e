using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DeviceTrust.Cli.Dev;
using DeviceTrust.Cli.Simulate;
using DeviceTrust.Cli.Tests.Infrastructure;
using DeviceTrust.Cose;
using DeviceTrust.Simulator.Credentials;
using Microsoft.AspNetCore.Http;

namespace DeviceTrust.Cli.Tests.Simulate;

public sealed class DevApiIdevidIssuerTests : IAsyncLifetime
{
    private FakeDevApi _api = null!;
    private HttpClient _http = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _api = await FakeDevApi.StartAsync();
        _http = new HttpClient { BaseAddress = _api.Url };
    }

    [Fact]
    public async Task IssueAsync_Minted_ReturnsTheIdevidWithItsMasaCertificate()
    {
        var issuer = new DevApiIdevidIssuer(_http, "dt_officer");

        using var idevid = await issuer.IssueAsync("Acme Sensors", "ACME-T1-00001", validity: null, Ct);

        Assert.Equal("ACME-T1-00001", idevid.SerialNumber);
        Assert.NotNull(idevid.MasaCertificate);
        Assert.Single(idevid.Chain);
        var call = Assert.Single(_api.Calls);
        Assert.Equal("/api/v1/dev/manufacturers/Acme%20Sensors/idevids", call.Path);
        Assert.Equal("Bearer dt_officer", call.Authorization);
        // Absent, not null: the manufacturer's default validity.
        Assert.False(call.Body.TryGetProperty("validitySeconds", out _));
    }

    [Fact]
    public async Task IssueAsync_ShortValidity_AsksForWholeSecondsRoundedUp()
    {
        using var idevid = await new DevApiIdevidIssuer(_http, "dt_officer").IssueAsync("Acme", "A-1", TimeSpan.FromMilliseconds(1500), Ct);

        Assert.Equal(2, Assert.Single(_api.Calls).Body.GetProperty("validitySeconds").GetInt32());
    }

    [Fact]
    public async Task IssueAsync_TokenRefused_ThrowsDeviceRefusedWithTheProblem()
    {
        _api.Answer = _ => Results.Problem(title: "Forbidden", detail: "Minting needs the SecurityOfficer role.", statusCode: 403);

        var error = await Assert.ThrowsAsync<DeviceRefusedException>(
            () => new DevApiIdevidIssuer(_http, "dt_operator").IssueAsync("Acme", "A-1", null, Ct));

        Assert.Equal("the development API would not mint its IDevID (Acme): HTTP 403 Forbidden: Minting needs the SecurityOfficer role.", error.Message);
    }

    [Fact]
    public async Task IssueAsync_ServerFailing_ThrowsWhatTheDeviceRetries()
    {
        _api.Answer = _ => Results.StatusCode(503);

        var error = await Assert.ThrowsAsync<IdevidMintRefusedException>(
            () => new DevApiIdevidIssuer(_http, "dt_officer").IssueAsync("Acme", "A-1", null, Ct));

        Assert.Equal(503, error.Error.Status);
    }

    [Fact]
    public async Task IssueAsync_AnswerLackingTheKey_ThrowsDeviceRefused()
    {
        _api.Answer = serial => Results.Json(_api.Mint(serial) with { PrivateKeyPem = "" }, statusCode: 201);

        var error = await Assert.ThrowsAsync<DeviceRefusedException>(
            () => new DevApiIdevidIssuer(_http, "dt_officer").IssueAsync("Acme", "A-1", null, Ct));

        Assert.Contains("lacks privateKeyPem", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task IssueAsync_KeyOfAnotherIdevid_ThrowsDeviceRefused()
    {
        _api.Answer = serial => Results.Json(_api.Mint(serial) with { PrivateKeyPem = _api.Mint("other").PrivateKeyPem }, statusCode: 201);

        var error = await Assert.ThrowsAsync<DeviceRefusedException>(
            () => new DevApiIdevidIssuer(_http, "dt_officer").IssueAsync("Acme", "A-1", null, Ct));

        Assert.Contains("do not fit together", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task IssueAsync_WithVendorAttestationSecret_InstallsItBesideTheAttestationKey()
    {
        var secret = CoseSymmetricKey.FromBytes(RandomNumberGenerator.GetBytes(32), RandomNumberGenerator.GetBytes(16), CoseAlgorithms.HMAC256_256);
        _api.Answer = serial => Results.Json(WithAttestation(_api.Mint(serial), Convert.ToBase64String(secret.Encode())), statusCode: 201);

        using var idevid = await new DevApiIdevidIssuer(_http, "dt_officer").IssueAsync("Acme", "A-1", null, Ct);

        var installed = idevid.Attestation?.VendorSecret;
        Assert.NotNull(installed);
        Assert.Equal(secret.ExportKeyValue(), installed.ExportKeyValue());
        Assert.Equal(secret.KeyId!.Value.ToArray(), installed.KeyId!.Value.ToArray());
    }

    [Fact]
    public async Task IssueAsync_WithoutVendorAttestationSecret_TheAttestationKeyAlone()
    {
        _api.Answer = serial => Results.Json(WithAttestation(_api.Mint(serial), vendorSecret: null), statusCode: 201);

        using var idevid = await new DevApiIdevidIssuer(_http, "dt_officer").IssueAsync("Acme", "A-1", null, Ct);

        Assert.NotNull(idevid.Attestation);
        Assert.Null(idevid.Attestation.VendorSecret);
    }

    [Fact]
    public async Task IssueAsync_VendorAttestationSecretNotACoseKey_ThrowsDeviceRefusedNamingNoValue()
    {
        const string malformed = "oQEC"; // {1: 2}: an EC2 key, not a symmetric one
        _api.Answer = serial => Results.Json(WithAttestation(_api.Mint(serial), malformed), statusCode: 201);

        var error = await Assert.ThrowsAsync<DeviceRefusedException>(
            () => new DevApiIdevidIssuer(_http, "dt_officer").IssueAsync("Acme", "A-1", null, Ct));

        Assert.Contains("vendor attestation secret", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(malformed, error.Message, StringComparison.Ordinal);
    }

    /// <summary>The answer with an attestation key the server endorsed (self-signed here: the CLI checks only that they fit).</summary>
    private static MintedIdevid WithAttestation(MintedIdevid minted, string? vendorSecret)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var now = DateTimeOffset.UtcNow;
        using var endorsement = new CertificateRequest($"CN={minted.SerialNumber} attestation key", key, HashAlgorithmName.SHA256)
            .CreateSelfSigned(now.AddMinutes(-1), now.AddDays(1));
        return minted with
        {
            AttestationKeyPem = key.ExportPkcs8PrivateKeyPem(),
            AttestationCertificatePem = endorsement.ExportCertificatePem(),
            EndorsementCaPem = "",
            VendorAttestationSecret = vendorSecret,
        };
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _api.DisposeAsync();
    }
}
