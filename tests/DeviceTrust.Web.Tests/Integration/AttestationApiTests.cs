using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using DeviceTrust.Application.Attestation.Keys;
using DeviceTrust.Application.Attestation.ReferenceValues;
using DeviceTrust.Application.Audit;
using DeviceTrust.Application.Common;
using DeviceTrust.Cose;
using DeviceTrust.Domain.Attestation;
using DeviceTrust.Web.Tests.Infrastructure;
using static DeviceTrust.Web.Tests.Integration.ApiTestHelpers;

namespace DeviceTrust.Web.Tests.Integration;

/// <summary>Attestation keys of a device and the reference values of classes, over the real API with its roles.</summary>
public sealed class AttestationApiTests(WebAppFixture app)
{
    private readonly DeviceTrustWebFactory _factory = app.Factory;
    private CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string PublicKeyPem(ECDsa key) => PemEncoding.WriteString("PUBLIC KEY", key.ExportSubjectPublicKeyInfo());

    private static string Kid(ECDsa key) => Convert.ToHexStringLower(SHA256.HashData(key.ExportSubjectPublicKeyInfo()));

    [Fact]
    public async Task RegisterAttestationKey_AsSecurityOfficer_ListedAudited_TheSameKeyAsCoseKeyRefused_ThenRetired()
    {
        using var security = await BrowserlessClient.SignedInAsync(_factory, "security");
        var device = await FirstDeviceAsync(security, "state=Manufactured");
        var other = (await security.GetFromJsonAsync<PagedResult<Application.Fleet.ListDevices.DeviceRow>>("/api/v1/devices?state=Manufactured&pageSize=2", Json, Ct))!.Items[1];
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        var created = await security.PostAsJsonAsync($"/api/v1/devices/{device.Id}/attestation-keys", new { material = PublicKeyPem(key) }, Ct);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var summary = (await created.Content.ReadFromJsonAsync<AttestationKeySummary>(Json, Ct))!;
        Assert.Equal((Kid(key), AttestationKeyOrigin.Registered, AttestationKeyStatus.Active, "user:security"), (summary.Kid, summary.Origin, summary.Status, summary.AddedBy));
        var coseKey = Convert.ToBase64String(CoseKey.FromECDsa(key).Encode());
        var again = await security.PostAsJsonAsync($"/api/v1/devices/{other.Id}/attestation-keys", new { material = coseKey }, Ct);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("already an active attestation key", (await ProblemAsync(again)).GetProperty("detail").GetString(), StringComparison.Ordinal);

        var retired = await security.PostAsJsonAsync($"/api/v1/devices/{device.Id}/attestation-keys/{summary.Id}/retire", new { reason = "rotated" }, Ct);
        Assert.Equal(HttpStatusCode.NoContent, retired.StatusCode);
        var listed = await security.GetFromJsonAsync<List<AttestationKeySummary>>($"/api/v1/devices/{device.Id}/attestation-keys", Json, Ct);
        Assert.Equal(AttestationKeyStatus.Retired, Assert.Single(listed!, k => k.Id == summary.Id).Status);
        var audit = await security.GetFromJsonAsync<PagedResult<AuditEntryDto>>(
            $"/api/v1/audit?targetType=device&targetId={device.SerialNumber}&action=attestation-key.added&action=attestation-key.retired", Json, Ct);
        Assert.Equal([AuditActions.AttestationKeyRetired, AuditActions.AttestationKeyAdded],
            audit!.Items.Where(e => e.Details.Contains(summary.Kid, StringComparison.Ordinal)).Select(e => e.Action));
        // Now retired, the same key may be bound again (here as a COSE_Key, to the other device).
        var rebound = await security.PostAsJsonAsync($"/api/v1/devices/{other.Id}/attestation-keys", new { material = coseKey }, Ct);
        Assert.Equal(HttpStatusCode.Created, rebound.StatusCode);
        Assert.Equal(summary.Kid, (await rebound.Content.ReadFromJsonAsync<AttestationKeySummary>(Json, Ct))!.Kid);
    }

    [Fact]
    public async Task RegisterAttestationKey_AsOperator_ForbiddenAndNothingStored()
    {
        using var op = await BrowserlessClient.SignedInAsync(_factory, "operator");
        var device = await FirstDeviceAsync(op, "state=Manufactured");
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        var response = await op.PostAsJsonAsync($"/api/v1/devices/{device.Id}/attestation-keys", new { material = PublicKeyPem(key) }, Ct);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var listed = await op.GetFromJsonAsync<List<AttestationKeySummary>>($"/api/v1/devices/{device.Id}/attestation-keys", Json, Ct);
        Assert.DoesNotContain(listed!, k => k.Kid == Kid(key));
    }

    public static TheoryData<string, string> BadMaterial()
    {
        using var p384 = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        using var rsa = RSA.Create(2048);
        using var p256 = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return new TheoryData<string, string>
        {
            { PemEncoding.WriteString("PUBLIC KEY", p384.ExportSubjectPublicKeyInfo()), "P-256" },
            { PemEncoding.WriteString("PUBLIC KEY", rsa.ExportSubjectPublicKeyInfo()), "P-256" },
            { p256.ExportPkcs8PrivateKeyPem(), "never a private key" },
            { Convert.ToBase64String(CoseKey.FromECDsa(p256, includePrivateKey: true).Encode()), "private key" },
            { "not base64 at all!", "neither" },
            { Convert.ToBase64String([0xA1, 0x01, 0x02, 0x00]), "COSE_Key" },
        };
    }

    [Theory]
    [MemberData(nameof(BadMaterial))]
    public async Task RegisterAttestationKey_BadMaterial_400NamingWhy(string material, string why)
    {
        using var security = await BrowserlessClient.SignedInAsync(_factory, "security");
        var device = await FirstDeviceAsync(security, "state=Manufactured");

        var response = await security.PostAsJsonAsync($"/api/v1/devices/{device.Id}/attestation-keys", new { material }, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await ProblemAsync(response);
        Assert.Contains(why, problem.GetProperty("errors").GetProperty("material")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReferenceValues_AddListFilterRemove_AsSecurityOfficer_AndOperatorMayOnlyRead()
    {
        using var security = await BrowserlessClient.SignedInAsync(_factory, "security");
        using var op = await BrowserlessClient.SignedInAsync(_factory, "operator");
        var version = $"9.{Random.Shared.Next(100000)}.0";
        var digest = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        var entry = new ReferenceValueEntry("Kumo Meter M7", version, "application", "sha-256", digest);

        Assert.Equal(HttpStatusCode.Forbidden, (await op.PostAsJsonAsync("/api/v1/reference-values", entry, Ct)).StatusCode);
        var added = await security.PostAsJsonAsync("/api/v1/reference-values", entry, Ct);
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        var item = (await added.Content.ReadFromJsonAsync<ReferenceValueItem>(Json, Ct))!;
        Assert.Equal(("Kumo Meter M7", version, "application", "sha-256", digest), (item.DeviceClass, item.FirmwareVersion, item.Component, item.DigestAlgorithm, item.Digest));
        Assert.Equal(HttpStatusCode.Conflict, (await security.PostAsJsonAsync("/api/v1/reference-values", entry, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await security.PostAsJsonAsync("/api/v1/reference-values",
            entry with { Digest = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)) }, Ct)).StatusCode);

        var listed = await op.GetFromJsonAsync<List<ReferenceValueItem>>($"/api/v1/reference-values?deviceClassId={item.DeviceClassId}&firmwareVersion={version}", Json, Ct);
        Assert.Equal(item.Id, Assert.Single(listed!).Id);
        Assert.Empty((await op.GetFromJsonAsync<List<ReferenceValueItem>>($"/api/v1/reference-values?firmwareVersion={version}.1", Json, Ct))!);

        Assert.Equal(HttpStatusCode.Forbidden, (await op.DeleteAsync($"/api/v1/reference-values/{item.Id}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await security.DeleteAsync($"/api/v1/reference-values/{item.Id}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await security.DeleteAsync($"/api/v1/reference-values/{item.Id}", Ct)).StatusCode);
        Assert.Empty((await op.GetFromJsonAsync<List<ReferenceValueItem>>($"/api/v1/reference-values?firmwareVersion={version}", Json, Ct))!);
    }

    [Theory]
    [InlineData("Kumo Meter M7", "sha-256", 32, "")]
    [InlineData("No Such Class", "sha-256", 32, "[1].deviceClass")]
    [InlineData("Kumo Meter M7", "md5", 16, "[1].digestAlgorithm")]
    [InlineData("Kumo Meter M7", "sha-256", 20, "[1]")]
    public async Task ReferenceValues_Import_AllOrNothing_AndExportReadsBack(string secondClass, string secondAlgorithm, int secondLength, string badField)
    {
        using var security = await BrowserlessClient.SignedInAsync(_factory, "security");
        var version = $"8.{Random.Shared.Next(100000)}.0";
        ReferenceValueEntry[] file =
        [
            new("Kumo Meter M7", version, "bootloader", "sha-256", Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32))),
            new(secondClass, version, "application", secondAlgorithm, Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(secondLength))),
        ];

        var response = await security.PostAsJsonAsync("/api/v1/reference-values/import", file, Ct);

        var stored = await security.GetFromJsonAsync<List<ReferenceValueItem>>($"/api/v1/reference-values?firmwareVersion={version}", Json, Ct);
        if (badField.Length > 0)
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.True((await ProblemAsync(response)).GetProperty("errors").TryGetProperty(badField, out _));
            Assert.Empty(stored!);
            return;
        }
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(new ReferenceValueImportResult(2, 0), await response.Content.ReadFromJsonAsync<ReferenceValueImportResult>(Json, Ct));
        Assert.Equal(2, stored!.Count);
        var exported = await security.GetFromJsonAsync<List<ReferenceValueEntry>>("/api/v1/reference-values/export", Json, Ct);
        var ours = exported!.Where(e => e.FirmwareVersion == version).ToList();
        Assert.Equal(file.OrderBy(e => e.Component), ours.OrderBy(e => e.Component));
        // The export imports again as unchanged.
        var again = await security.PostAsJsonAsync("/api/v1/reference-values/import", ours, Ct);
        Assert.Equal(new ReferenceValueImportResult(0, 2), await again.Content.ReadFromJsonAsync<ReferenceValueImportResult>(Json, Ct));
        using var audit = JsonDocument.Parse(await security.GetStringAsync("/api/v1/audit?action=reference-value.added&pageSize=200", Ct));
        Assert.Equal(2, audit.RootElement.GetProperty("items").EnumerateArray().Count(e => e.GetProperty("details").GetString()!.Contains(version, StringComparison.Ordinal)));
    }
}
