using System.Text;
using System.Text.Json;
using DeviceTrust.E2E.Infrastructure;
using DeviceTrust.E2E.Pages;
using DeviceTrust.Testing.AppHost;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace DeviceTrust.E2E.Tests;

/// <summary>
/// A rollout survives the server being killed mid-wave: an app of its own (not the shared one) runs a rollout over its
/// simulated Acme Thermo T1 devices, is killed (SIGKILL) once wave 2 is under way, and is started again over the same
/// database and simulator state. The restarted server resumes the rollout where it was: every device ends verified,
/// each offered once (a re-sent offer reuses its nonce and is not a second attempt), and no decision is taken twice.
/// </summary>
public sealed class RolloutRestartTests(AppFixture app)
{
    private const string DeviceClass = "Acme Thermo T1";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(150);

    private static readonly Dictionary<string, string> Settings = new()
    {
        ["Seed__MaxDevicesPerFleet"] = "2",
        ["Brski__RetryAfterSeconds"] = "1",
        ["Simulator__TelemetryIntervalSeconds"] = "1",
        ["Rollouts__TickSeconds"] = "0.5",
        ["Rollouts__ReofferAfterSeconds"] = "3",
    };

    [Fact]
    public async Task Rollout_KilledMidWave_ResumesAfterRestart_EveryDeviceVerifiedOnce()
    {
        var ct = TestContext.Current.CancellationToken;
        var build = WebAppBuild.LocateSameConfiguration();
        var first = await WebAppProcess.StartAsync(new WebAppOptions(build) { Settings = Settings, TempFolderPrefix = "devicetrust-restart-" }, ct);
        WebAppProcess? second = null;
        try
        {
            string rolloutId;
            int devices;
            await using (var session = await SessionAsync(first.BaseUrl, DevUsers.Operator))
            {
                await WaitForFleetAsync(session.Api);
                // An image of its own (not the DEV-ONLY text a simulated device derives from a version): a device that installed
                // it before the kill attests its digest afterwards only if it kept what it installed across the restart.
                var classId = await ClassIdAsync(session.Api);
                var form = session.Api.CreateFormData();
                form.Set("deviceClassId", classId);
                form.Set("version", "9.9.0");
                form.Set("image", new FilePayload { Name = "firmware.bin", MimeType = "application/octet-stream", Buffer = Encoding.UTF8.GetBytes("Acme Thermo T1 firmware 9.9.0, built for the restart test") });
                var release = await JsonAsync(await session.Api.PostAsync("/api/v1/firmware/releases/images", new() { Multipart = form }), 201);
                var created = await JsonAsync(await session.Api.PostAsync("/api/v1/rollouts", new()
                {
                    DataObject = new
                    {
                        name = "T1 9.9.0 across a restart", releaseId = release.GetProperty("id").GetString(),
                        waves = new object[]
                        {
                            new { size = 1, percent = false, successThresholdPercent = 100, errorThresholdPercent = 50, advanceAutomatically = true },
                            new { size = 100, percent = true, successThresholdPercent = 100, errorThresholdPercent = 50, advanceAutomatically = true },
                        },
                    },
                }), 201);
                rolloutId = created.GetProperty("rollout").GetProperty("id").GetString()!;
                devices = created.GetProperty("rollout").GetProperty("devices").GetInt32();
                Assert.True(devices >= 3, $"{devices} devices: the test needs a second wave of two or more");
                await using (var officer = await SessionAsync(first.BaseUrl, DevUsers.SecurityOfficer))
                    await JsonAsync(await officer.Api.PostAsync($"/api/v1/rollouts/{rolloutId}/approve"), 204);
                await JsonAsync(await session.Api.PostAsync($"/api/v1/rollouts/{rolloutId}/start"), 204);

                // Mid-wave: wave 1 done, wave 2 offered and not finished.
                await Wait.UntilAsync(async () =>
                {
                    var rollout = (await JsonAsync(await session.Api.GetAsync($"/api/v1/rollouts/{rolloutId}"), 200)).GetProperty("rollout");
                    return rollout.GetProperty("currentWave").GetInt32() == 1 && rollout.GetProperty("verified").GetInt32() < devices;
                }, "wave 2 under way", Patience);
            }

            await first.KillAsync();
            second = await WebAppProcess.StartAsync(new WebAppOptions(build) { Settings = Settings, DataDirectory = first.DataDirectory }, ct);

            await using var after = await SessionAsync(second.BaseUrl, DevUsers.Operator);
            await Wait.UntilAsync(async () =>
            {
                var rollout = (await JsonAsync(await after.Api.GetAsync($"/api/v1/rollouts/{rolloutId}"), 200)).GetProperty("rollout");
                return rollout.GetProperty("status").GetString() is "Completed" or "Paused" or "Cancelled";
            }, "the restarted server finishes the rollout", Patience);

            var detail = (await JsonAsync(await after.Api.GetAsync($"/api/v1/rollouts/{rolloutId}"), 200)).GetProperty("rollout");
            var targets = (await JsonAsync(await after.Api.GetAsync($"/api/v1/rollouts/{rolloutId}/devices?pageSize=100"), 200)).GetProperty("items").EnumerateArray().ToList();
            Assert.True(detail.GetProperty("status").GetString() == "Completed",
                $"{detail.GetProperty("status").GetString()}: {detail.GetProperty("statusReason")}\n"
                + string.Join("\n", targets.Select(t => t.GetRawText()))
                + $"\n--- before the kill:\n{Tail(first.Log)}\n--- after:\n{Tail(second.Log)}");
            Assert.Equal(devices, detail.GetProperty("verified").GetInt32());
            Assert.All(targets, t => Assert.Equal(("Verified", 1), (t.GetProperty("status").GetString(), t.GetProperty("attempts").GetInt32())));
            var timeline = (await JsonAsync(await after.Api.GetAsync($"/api/v1/rollouts/{rolloutId}/timeline"), 200)).EnumerateArray()
                .Select(e => e.GetProperty("action").GetString()).ToList();
            Assert.Equal(["created", "approved", "started", "wave-started", "completed"], timeline);
        }
        finally
        {
            if (second is not null) await second.DisposeAsync();
            await first.DisposeAsync();
        }
    }

    private static string Tail(string log) => log[Math.Max(0, log.Length - 5000)..];

    private sealed class Session(IBrowserContext context, IPage page) : IAsyncDisposable
    {
        public IAPIRequestContext Api => page.APIRequest;

        public ValueTask DisposeAsync() => context.DisposeAsync();
    }

    private async Task<Session> SessionAsync(Uri baseUrl, string user)
    {
        var context = await app.Browser.NewContextAsync(new() { BaseURL = baseUrl.ToString() });
        var page = await context.NewPageAsync();
        await (await LoginPage.OpenAsync(page)).SignInAsync(user, DevUsers.Password);
        await Expect(page.GetByTestId("current-user")).ToBeVisibleAsync();
        return new Session(context, page);
    }

    private static async Task WaitForFleetAsync(IAPIRequestContext api) =>
        await Wait.UntilAsync(async () =>
        {
            var devices = (await JsonAsync(await api.GetAsync("/api/v1/devices", new() { Params = new Dictionary<string, object> { ["pageSize"] = 100 } }), 200))
                .GetProperty("items").EnumerateArray().Where(d => d.GetProperty("deviceClass").GetString() == DeviceClass).ToList();
            return devices.Count > 0 && devices.All(d => d.GetProperty("state").GetString() == "Operational");
        }, "the simulated Acme Thermo T1 devices are Operational", Patience);

    private static async Task<string> ClassIdAsync(IAPIRequestContext api) =>
        (await JsonAsync(await api.GetAsync("/api/v1/fleet/summary"), 200)).GetProperty("deviceClasses").EnumerateArray()
        .First(c => c.GetProperty("name").GetString() == DeviceClass).GetProperty("id").GetString()!;

    private static async Task<JsonElement> JsonAsync(IAPIResponse response, int status)
    {
        var text = await response.TextAsync();
        Assert.True(response.Status == status, $"{response.Url}: {response.Status}, expected {status}: {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }
}
