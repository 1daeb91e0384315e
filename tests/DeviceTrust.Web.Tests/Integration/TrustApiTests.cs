using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DeviceTrust.Application.Audit;
using DeviceTrust.Application.Common;
using DeviceTrust.Application.TrustAnchors;
using DeviceTrust.Domain.Trust;
using DeviceTrust.Web.Tests.Infrastructure;
using static DeviceTrust.Web.Tests.Integration.ApiTestHelpers;

namespace DeviceTrust.Web.Tests.Integration;

public sealed class TrustApiTests(WebAppFixture app)
{
    private readonly DeviceTrustWebFactory _factory = app.Factory;
    private CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string NewCertificatePem(string subject)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(5));
        return cert.ExportCertificatePem();
    }

    private async Task<ProvisioningAuthoritySummary> CreateTpaAsync(HttpClient security, string name)
    {
        var response = await security.PostAsJsonAsync("/api/v1/tpas", new { name, description = "test TPA" }, Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<ProvisioningAuthoritySummary>(Json, Ct))!;
    }

    [Fact]
    public async Task AddAndRetire_AsSecurityOfficer_WorksAndIsAudited()
    {
        using var security = await BrowserlessClient.SignedInAsync(_factory, "security");
        var tpa = await CreateTpaAsync(security, "Acme PKI (api test)");
        var pem = NewCertificatePem("CN=Acme IDevID CA (api test)");

        var added = await security.PostAsJsonAsync("/api/v1/trust-anchors",
            new { name = "Acme IDevID CA", purpose = "ManufacturerIdevidCa", ownerId = tpa.Id, material = pem }, Ct);
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        var anchor = (await added.Content.ReadFromJsonAsync<TrustAnchorSummary>(Json, Ct))!;
        Assert.Equal("CN=Acme IDevID CA (api test)", anchor.Subject);
        Assert.Equal(KeyMaterialFormat.X509Certificate, anchor.Format);
        Assert.Equal(64, anchor.Fingerprint.Length);

        var again = await security.PostAsJsonAsync("/api/v1/trust-anchors",
            new { name = "same key", purpose = "ManufacturerIdevidCa", ownerId = tpa.Id, material = pem }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);

        var retired = await security.PostAsJsonAsync($"/api/v1/trust-anchors/{anchor.Id}/retire", new { reason = "rotated" }, Ct);
        Assert.Equal(HttpStatusCode.NoContent, retired.StatusCode);
        var active = await security.GetFromJsonAsync<List<TrustAnchorSummary>>("/api/v1/trust-anchors", Json, Ct);
        Assert.DoesNotContain(active!, a => a.Id == anchor.Id);
        var audit = await security.GetFromJsonAsync<PagedResult<AuditEntryDto>>($"/api/v1/audit?targetType=trust-anchor&targetId={anchor.Id}", Json, Ct);
        Assert.Equal(["trust-anchor.retired", "trust-anchor.added"], audit!.Items.Select(e => e.Action));
    }

    [Fact]
    public async Task Add_AsAuditor_IsForbiddenAndAddsNothing()
    {
        using var security = await BrowserlessClient.SignedInAsync(_factory, "security");
        var tpa = await CreateTpaAsync(security, "Kumo PKI (api test)");
        using var auditor = await BrowserlessClient.SignedInAsync(_factory, "auditor");

        var response = await auditor.PostAsJsonAsync("/api/v1/trust-anchors",
            new { name = "sneaky", purpose = "Masa", ownerId = tpa.Id, material = NewCertificatePem("CN=sneaky") }, Ct);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var all = await auditor.GetFromJsonAsync<List<TrustAnchorSummary>>("/api/v1/trust-anchors?includeRetired=true", Json, Ct);
        Assert.DoesNotContain(all!, a => a.Name == "sneaky");
    }

    [Theory]
    [InlineData("not base64 !!")]
    [InlineData("AAECAwQ=")]
    [InlineData("-----BEGIN PRIVATE KEY-----\nAAECAwQ=\n-----END PRIVATE KEY-----")]
    [InlineData("-----BEGIN CERTIFICATE-----\nAAECAwQ=\n-----END CERTIFICATE-----")]
    public async Task Add_MalformedMaterial_Returns400NamingMaterial(string material)
    {
        using var security = await BrowserlessClient.SignedInAsync(_factory, "security");
        var tpa = await CreateTpaAsync(security, $"Bad input PKI {Guid.NewGuid():N}");

        var response = await security.PostAsJsonAsync("/api/v1/trust-anchors",
            new { name = "bad", purpose = "DomainCa", ownerId = tpa.Id, material }, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await ProblemAsync(response)).GetProperty("errors").TryGetProperty("material", out _));
    }

    [Fact]
    public async Task Add_PublicKeyPem_IsAcceptedAsSubjectPublicKeyInfo()
    {
        using var security = await BrowserlessClient.SignedInAsync(_factory, "security");
        var tpa = await CreateTpaAsync(security, "Firmware vendor (api test)");
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        var response = await security.PostAsJsonAsync("/api/v1/trust-anchors",
            new { name = "Firmware signing key", purpose = "FirmwareAuthor", ownerId = tpa.Id, material = key.ExportSubjectPublicKeyInfoPem() }, Ct);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var anchor = (await response.Content.ReadFromJsonAsync<TrustAnchorSummary>(Json, Ct))!;
        Assert.Equal(KeyMaterialFormat.SubjectPublicKeyInfo, anchor.Format);
        Assert.Contains("256 bits", anchor.Subject, StringComparison.Ordinal);
        Assert.Null(anchor.NotAfter);
    }

    [Fact]
    public async Task Grant_AsSecurityOfficer_IsStoredAndAudited()
    {
        using var security = await BrowserlessClient.SignedInAsync(_factory, "security");
        var tpa = await CreateTpaAsync(security, "Grant test PKI");

        var response = await security.PostAsJsonAsync($"/api/v1/tpas/{tpa.Id}/grants", new { rights = "Add, Remove", purpose = "FirmwareAuthor" }, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var updated = (await response.Content.ReadFromJsonAsync<ProvisioningAuthoritySummary>(Json, Ct))!;
        var grant = Assert.Single(updated.Grants);
        Assert.Equal(TrustAnchorRights.Add | TrustAnchorRights.Remove, grant.Rights);
        var audit = await security.GetFromJsonAsync<PagedResult<AuditEntryDto>>($"/api/v1/audit?targetType=tpa&targetId={tpa.Id}", Json, Ct);
        Assert.Contains(audit!.Items, e => e.Action == "tpa.granted");
    }
}
