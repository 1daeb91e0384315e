using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using DeviceTrust.Application.Common;
using DeviceTrust.Suit;
using DeviceTrust.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DeviceTrust.Web.Tests.Updates;

/// <summary>
/// The firmware catalog over the real pipeline: multipart uploads with API tokens, problem details for bad input with
/// nothing stored, and devices fetching envelopes and images over the device listener with their LDevID, only for their class.
/// </summary>
public sealed class FirmwareApiTests(DeviceListenerFixture app) : IClassFixture<DeviceListenerFixture>
{
    private const string Meter = "Kumo Meter M7";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Operator_PublishesAnImage_DeviceOfTheClassFetchesEnvelopeAndImage_OthersDoNot()
    {
        using var operatorClient = await ApiClientAsync("operator");
        var image = RandomNumberGenerator.GetBytes(3000);
        var classId = await ClassIdAsync(Meter);

        using var created = await operatorClient.PostAsync("/api/v1/firmware/releases/images", ImageForm(classId, $"7.{Random.Shared.Next(1000, 9999)}.0", image), Ct);
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync(Ct));
        var release = await created.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var releaseId = release.GetProperty("id").GetString();
        var digest = Convert.ToHexStringLower(SHA256.HashData(image));
        Assert.Equal(digest, release.GetProperty("images")[0].GetProperty("digest").GetString());
        Assert.Equal($"/api/v1/firmware/releases/{releaseId}", created.Headers.Location!.OriginalString);

        // Every role reads the catalog and the manifest outline.
        using var auditor = await ApiClientAsync("auditor");
        var manifest = await auditor.GetFromJsonAsync<JsonElement>($"/api/v1/firmware/releases/{releaseId}/manifest", Ct);
        Assert.Contains(manifest.GetProperty("lines").EnumerateArray(), l => l.GetString()!.Contains($"image-digest: sha-256 h'{digest}'", StringComparison.Ordinal));

        // A device of the class fetches both over mutual TLS; the envelope is the one stored and its digest names the image.
        using var meter = await EnrolledDevice.EnrollAsync(app, "FW-M7", Ct);
        using var device = meter.Pledge.Client(app.Https, meter.Ldevid);
        using var envelopeResponse = await device.GetAsync($"/firmware/releases/{releaseId}/envelope", Ct);
        Assert.Equal(HttpStatusCode.OK, envelopeResponse.StatusCode);
        Assert.Equal("application/suit-envelope+cose", envelopeResponse.Content.Headers.ContentType?.MediaType);
        var envelope = SuitEnvelope.Decode(await envelopeResponse.Content.ReadAsByteArrayAsync(Ct));
        Assert.True(envelope.VerifyDigests().IsVerified);
        Assert.Equal(image, await device.GetByteArrayAsync($"/firmware/images/{digest}", Ct));

        // A device of another class sees neither; an unauthenticated caller is refused.
        using var thermo = await EnrolledThermoAsync();
        using var other = thermo.Pledge.Client(app.Https, thermo.Ldevid);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/firmware/releases/{releaseId}/envelope", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/firmware/images/{digest}", Ct)).StatusCode);
        using var anonymous = meter.Pledge.Client(app.Https);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"/firmware/images/{digest}", Ct)).StatusCode);
    }

    [Fact]
    public async Task BadUploads_AreProblemDetailsNamingTheField_AndStoreNothing()
    {
        using var operatorClient = await ApiClientAsync("operator");
        using var auditor = await ApiClientAsync("auditor");
        var classId = await ClassIdAsync(Meter);
        var before = await CountAsync();

        async Task<JsonElement> ProblemAsync(HttpClient client, string path, HttpContent content, HttpStatusCode expected)
        {
            using var response = await client.PostAsync(path, content, Ct);
            Assert.True(response.StatusCode == expected, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync(Ct)}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            return await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        }

        var garbage = new MultipartFormDataContent { { new ByteArrayContent([0x6b, 0x01, 0x02]), "envelope", "bad.suit" } };
        var malformed = await ProblemAsync(operatorClient, "/api/v1/firmware/releases/envelopes", garbage, HttpStatusCode.BadRequest);
        Assert.Contains("Not a well-formed SUIT envelope", malformed.GetProperty("errors").GetProperty("envelope")[0].GetString(), StringComparison.Ordinal);

        var noFile = await ProblemAsync(operatorClient, "/api/v1/firmware/releases/images",
            new MultipartFormDataContent { { new StringContent(classId.ToString()), "deviceClassId" }, { new StringContent("1.0"), "version" } }, HttpStatusCode.BadRequest);
        Assert.True(noFile.GetProperty("errors").TryGetProperty("image", out _));

        var noBoundary = new ByteArrayContent("--x\r\n"u8.ToArray());
        noBoundary.Headers.TryAddWithoutValidation("Content-Type", "multipart/form-data");
        var unreadable = await ProblemAsync(operatorClient, "/api/v1/firmware/releases/images", noBoundary, HttpStatusCode.BadRequest);
        Assert.Contains("multipart/form-data", unreadable.GetProperty("errors").GetProperty("form")[0].GetString(), StringComparison.Ordinal);

        var notUuid = new MultipartFormDataContent
        {
            { new StringContent("abc"), "deviceClassId" }, { new StringContent("1.0"), "version" }, { new ByteArrayContent([1, 2, 3]), "image", "firmware.bin" },
        };
        Assert.True((await ProblemAsync(operatorClient, "/api/v1/firmware/releases/images", notUuid, HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("deviceClassId", out _));
        var notNumber = ImageForm(classId, "1.0", [1, 2, 3]);
        notNumber.Add(new StringContent("x"), "sequenceNumber");
        Assert.True((await ProblemAsync(operatorClient, "/api/v1/firmware/releases/images", notNumber, HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("sequenceNumber", out _));

        using (var json = await operatorClient.PostAsJsonAsync("/api/v1/firmware/releases/images", new { deviceClassId = classId }, Ct))
            Assert.Equal(HttpStatusCode.UnsupportedMediaType, json.StatusCode);
        using (var forbidden = await auditor.PostAsync("/api/v1/firmware/releases/images", ImageForm(classId, "9.9.9", [1, 2, 3]), Ct))
            Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);

        Assert.Equal(before, await CountAsync());
    }

    private static MultipartFormDataContent ImageForm(Guid classId, string version, byte[] image) => new()
    {
        { new StringContent(classId.ToString()), "deviceClassId" },
        { new StringContent(version), "version" },
        { new ByteArrayContent(image), "image", "firmware.bin" },
    };

    private Task<EnrolledDevice> EnrolledThermoAsync() => EnrolledDevice.EnrollAsync(app, "FW-T1", Ct, "Acme Thermo T1", "Acme Sensors");

    private async Task<Guid> ClassIdAsync(string name)
    {
        await using var db = await app.Factory.Services.GetRequiredService<IDeviceTrustDbContextFactory>().CreateAsync(Ct);
        return await db.DeviceClasses.Where(c => c.Name == name).Select(c => c.Id).SingleAsync(Ct);
    }

    private async Task<(int, int, int)> CountAsync()
    {
        await using var db = await app.Factory.Services.GetRequiredService<IDeviceTrustDbContextFactory>().CreateAsync(Ct);
        return (await db.FirmwareReleases.CountAsync(Ct), await db.FirmwareImages.CountAsync(Ct), await db.AuditEntries.CountAsync(a => a.Action.StartsWith("firmware"), Ct));
    }

    private async Task<HttpClient> ApiClientAsync(string user)
    {
        using var browser = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = app.Http };
        await BrowserlessClient.SignInAsync(browser, user, DeviceTrustWebFactory.Password);
        var response = await browser.PostAsJsonAsync("/api/v1/me/tokens", new { name = $"firmware-test-{Guid.NewGuid():N}", expiresInDays = 1 }, Ct);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(Ct));
        var token = (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("token").GetString();
        var client = new HttpClient { BaseAddress = app.Http };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}
