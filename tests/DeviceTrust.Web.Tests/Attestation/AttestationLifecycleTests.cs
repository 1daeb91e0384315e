using System.Buffers.Text;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DeviceTrust.Application.Attestation.Verifier;
using DeviceTrust.Application.Audit;
using DeviceTrust.Application.Common;
using DeviceTrust.Domain.Attestation;
using DeviceTrust.Domain.Devices;
using DeviceTrust.Testing;
using DeviceTrust.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DeviceTrust.Web.Tests.Attestation;

/// <summary>
/// Verdicts drive the lifecycle (issue 9, "Policy per class" defaults): an Enrolled device enters service by attesting,
/// a contraindicated one is quarantined with the reasons, and only a security officer releases it. The server asks over
/// the device hub, on connection and on "Attest now", and the device answers through the verifier's API.
/// </summary>
public sealed class AttestationLifecycleTests(DeviceListenerFixture app) : IClassFixture<DeviceListenerFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<(DeviceState State, string? Reason, string? By)> StateAsync(Guid deviceId)
    {
        await using var db = await app.Factory.Services.GetRequiredService<IDeviceTrustDbContextFactory>().CreateAsync(Ct);
        var device = await db.Devices.AsNoTracking().SingleAsync(d => d.Id == deviceId, Ct);
        var last = await db.AuditEntries.AsNoTracking().Where(e => e.Action == AuditActions.DeviceStateChanged && e.TargetId == device.SerialNumber)
            .OrderByDescending(e => e.Sequence).FirstOrDefaultAsync(Ct);
        return (device.State, last is null ? null : JsonDocument.Parse(last.Details).RootElement.GetProperty("reason").GetString(), last?.Actor);
    }

    /// <summary>A person's browserless client on the dashboard's plain-HTTP listener.</summary>
    private async Task<HttpClient> SignedInAsync(string user)
    {
        var client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = app.Http };
        await BrowserlessClient.SignInAsync(client, user, DeviceTrustWebFactory.Password);
        return client;
    }

    /// <summary>The device opens a session itself and answers it: 200 with the session complete.</summary>
    private static async Task AttestAsync(TestAttester attester, Func<byte[], byte[]> evidence)
    {
        using var client = attester.Client();
        using var opened = await client.PostAsync("/challenge-response/v1/newSession", null, Ct);
        Assert.Equal(HttpStatusCode.Created, opened.StatusCode);
        var session = await opened.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var nonce = Base64Url.DecodeFromChars(session.GetProperty("nonce").GetString());
        using var answered = await TestAttester.AnswerAsync(client, $"/challenge-response/v1/session/{session.GetProperty("id").GetString()}", evidence(nonce), Ct);
        Assert.True(answered.StatusCode == HttpStatusCode.OK, await answered.Content.ReadAsStringAsync(Ct));
        Assert.Equal("complete", (await answered.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Affirming_TheEnrolledDeviceEntersService_MovedByTheVerifierWithTheVerdict()
    {
        using var attester = await TestAttester.CreateAsync(app, "LC-OK", Ct);
        Assert.Equal(DeviceState.Enrolled, (await StateAsync(attester.Device.Id)).State);

        await AttestAsync(attester, nonce => attester.Evidence(nonce));

        Assert.Equal((DeviceState.Operational, "attestation affirming", "system"), await StateAsync(attester.Device.Id));
    }

    [Fact]
    public async Task Contraindicated_Quarantined_WithTheReasons_AffirmingDoesNotRelease_OnlyASecurityOfficerDoes()
    {
        using var attester = await TestAttester.CreateAsync(app, "LC-QUAR", Ct);
        await AttestAsync(attester, nonce => attester.Evidence(nonce));

        await AttestAsync(attester, attester.TamperedEvidence);

        var (state, reason, by) = await StateAsync(attester.Device.Id);
        Assert.Equal((DeviceState.Quarantined, "system"), (state, by));
        Assert.StartsWith("attestation contraindicated: executables: ", reason, StringComparison.Ordinal);
        Assert.Contains("firmware", reason, StringComparison.Ordinal);

        // The class's default policy does not release on an affirming verdict.
        await AttestAsync(attester, nonce => attester.Evidence(nonce));
        Assert.Equal(DeviceState.Quarantined, (await StateAsync(attester.Device.Id)).State);

        using var operatorClient = await SignedInAsync("operator");
        using (var refused = await operatorClient.PostAsJsonAsync($"/api/v1/devices/{attester.Device.Id}/release", new { reason = "looks fine" }, Ct))
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        using (var refused = await operatorClient.PostAsJsonAsync($"/api/v1/devices/{attester.Device.Id}/state",
                   new { targetState = "Operational", reason = "looks fine" }, Ct))
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.Contains("security officer releases it", (await Integration.ApiTestHelpers.ProblemAsync(refused)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
        using var officer = await SignedInAsync("security");
        using (var released = await officer.PostAsJsonAsync($"/api/v1/devices/{attester.Device.Id}/release", new { reason = "re-flashed and checked" }, Ct))
            Assert.True(released.StatusCode == HttpStatusCode.OK, await released.Content.ReadAsStringAsync(Ct));

        Assert.Equal((DeviceState.Operational, "released from quarantine: re-flashed and checked", "user:security"), await StateAsync(attester.Device.Id));
    }

    [Fact]
    public async Task OnConnecting_AnEnrolledDeviceIsAskedToAttest_ItsAnswerMakesItOperational()
    {
        using var attester = await TestAttester.CreateAsync(app, "LC-HUB", Ct);
        await using var hub = attester.Device.Connect();
        var asked = new TaskCompletionSource<AttestationChallenge>(TaskCreationOptions.RunContinuationsAsynchronously);
        hub.On<AttestationChallenge>("Attest", challenge => asked.TrySetResult(challenge));

        await hub.StartAsync(Ct);

        var challenge = await asked.Task.WaitAsync(TimeSpan.FromSeconds(30), Ct);
        Assert.StartsWith("/challenge-response/v1/session/", challenge.Session, StringComparison.Ordinal);
        Assert.True(challenge.Expiry > DateTimeOffset.UtcNow);
        using var client = attester.Client();
        using var answered = await TestAttester.AnswerAsync(client, challenge.Session, attester.Evidence(Base64Url.DecodeFromChars(challenge.Nonce)), Ct);
        Assert.True(answered.StatusCode == HttpStatusCode.OK, await answered.Content.ReadAsStringAsync(Ct));
        Assert.Equal((DeviceState.Operational, "attestation affirming", "system"), await StateAsync(attester.Device.Id));
    }

    [Fact]
    public async Task AttestNow_AnOperatorAsks_TheConnectedDeviceGetsAFreshSession_Audited_OfflineDevice409_Auditor403()
    {
        using var attester = await TestAttester.CreateAsync(app, "LC-NOW", Ct);
        using var operatorClient = await SignedInAsync("operator");
        var path = $"/api/v1/devices/{attester.Device.Id}/attestation-requests";
        using (var offline = await operatorClient.PostAsync(path, null, Ct))
        {
            Assert.Equal(HttpStatusCode.Conflict, offline.StatusCode);
            Assert.Contains("not connected", (await Integration.ApiTestHelpers.ProblemAsync(offline)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
        await using var hub = attester.Device.Connect();
        var challenges = System.Threading.Channels.Channel.CreateUnbounded<AttestationChallenge>();
        hub.On<AttestationChallenge>("Attest", challenge => challenges.Writer.TryWrite(challenge));
        await hub.StartAsync(Ct);
        var onConnect = await challenges.Reader.ReadAsync(Ct).AsTask().WaitAsync(TimeSpan.FromSeconds(30), Ct);

        using var accepted = await operatorClient.PostAsync(path, null, Ct);

        Assert.True(accepted.StatusCode == HttpStatusCode.Accepted, await accepted.Content.ReadAsStringAsync(Ct));
        var session = await accepted.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var sent = await challenges.Reader.ReadAsync(Ct).AsTask().WaitAsync(TimeSpan.FromSeconds(30), Ct);
        Assert.Equal($"/challenge-response/v1/session/{session.GetProperty("id").GetString()}", sent.Session);
        Assert.NotEqual(onConnect.Session, sent.Session);
        Assert.Equal(session.GetProperty("nonce").GetString(), sent.Nonce);
        await using (var db = await app.Factory.Services.GetRequiredService<IDeviceTrustDbContextFactory>().CreateAsync(Ct))
        {
            var entry = await db.AuditEntries.AsNoTracking().SingleAsync(e => e.Action == AuditActions.AttestationRequested && e.TargetId == attester.Device.Serial, Ct);
            Assert.Equal("user:operator", entry.Actor);
            var stored = await db.AttestationSessions.AsNoTracking().SingleAsync(s => s.Id == session.GetProperty("id").GetGuid(), Ct);
            Assert.Equal((attester.Device.Id, "user:operator", AttestationSessionStatus.Waiting), (stored.DeviceId, stored.OpenedBy, stored.Status));
        }
        using var auditor = await SignedInAsync("auditor");
        using (var forbidden = await auditor.PostAsync(path, null, Ct))
            Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
    }

    [Fact]
    public async Task Due_EnrolledAlways_OthersOnlyPastTheirClassInterval_NeverWhileASessionWaits()
    {
        using var fresh = await TestAttester.CreateAsync(app, "LC-DUE", Ct);
        var requests = app.Factory.Services.GetRequiredService<AttestationRequests>();
        Assert.Equal([fresh.Device.Id], await requests.DueAsync([fresh.Device.Id], Ct));

        await AttestAsync(fresh, nonce => fresh.Evidence(nonce));

        // Operational and attested just now: not due until the class's interval (a day by default) has passed.
        Assert.Empty(await requests.DueAsync([fresh.Device.Id], Ct));
        using var waiting = await TestAttester.CreateAsync(app, "LC-WAIT", Ct);
        await app.Factory.Services.GetRequiredService<ChallengeResponseVerifier>().OpenForDeviceAsync(Actor.System, waiting.Device.Id, Ct);
        Assert.Empty(await requests.DueAsync([waiting.Device.Id], Ct));
    }
}
