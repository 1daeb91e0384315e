using System.Text.Json;
using DeviceTrust.Application.Audit;
using DeviceTrust.Application.Refusals;
using DeviceTrust.Domain.Refusals;
using DeviceTrust.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using static DeviceTrust.Application.Tests.Refusals.RefusalTestData;

namespace DeviceTrust.Application.Tests.Refusals;

public sealed class RecordRefusalsTests : IAsyncLifetime
{
    private const int MaxRows = 20;
    private TestDatabase _database = null!;

    public async ValueTask InitializeAsync() =>
        _database = await TestDatabase.CreateAsync(configure: b =>
        {
            b.Configuration["Refusals:MaxRows"] = MaxRows.ToString(System.Globalization.CultureInfo.InvariantCulture);
            b.Configuration["Refusals:FlushIntervalMilliseconds"] = "50";
        });

    public async ValueTask DisposeAsync() => await _database.DisposeAsync();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task WithWriterAsync(Func<Task> run)
    {
        // Only the refusal writer: the other hosted services publish changes of their own.
        var writer = _database.Services.GetServices<IHostedService>().Single(s => s.GetType().Name == "RefusalWriter");
        await writer.StartAsync(Ct);
        try
        {
            await run();
        }
        finally
        {
            await writer.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task Recorder_FloodOfIdenticalRefusals_MakesOneRowCountingThemAll()
    {
        const int flood = 5000;
        var recorder = _database.Get<IRefusalRecorder>();
        var metrics = _database.Get<RefusalMetrics>();

        await WithWriterAsync(async () =>
        {
            for (var i = 0; i < flood; i++) recorder.Record(Report(at: T0.AddMilliseconds(i)));
            await Wait.UntilAsync(() => metrics.Recorded == flood, $"the writer records all {flood} refusals");
        });

        var row = Assert.Single(await _database.RefusalsAsync());
        Assert.Equal(flood, row.Count);
        Assert.Equal(T0, row.FirstSeenAt);
        Assert.Equal(T0.AddMilliseconds(flood - 1), row.LastSeenAt);
        Assert.Equal(0, metrics.Dropped);
        // The first one named a known device: its timeline got one entry, the 4999 repeats none.
        Assert.Single(await _database.AuditAsync(AuditActions.RefusalFirstSeen));
    }

    [Fact]
    public async Task Recorder_ManyDistinctSources_KeepsAtMostTheCapInRows()
    {
        var recorder = _database.Get<IRefusalRecorder>();
        var metrics = _database.Get<RefusalMetrics>();

        await WithWriterAsync(async () =>
        {
            for (var i = 0; i < 10 * MaxRows; i++) recorder.Record(Report(source: $"10.0.{i / 256}.{i % 256}", serial: null, fingerprint: i + 1, at: T0.AddSeconds(i)));
            await Wait.UntilAsync(() => metrics.Recorded == 10 * MaxRows, "the writer records every source");
        });

        Assert.Equal(MaxRows, (await _database.RefusalsAsync()).Count);
    }

    [Fact]
    public async Task WriteAsync_OverTheCap_PrunesTheLeastRecentlySeen()
    {
        for (var i = 0; i < MaxRows; i++) await _database.WriteAsync(Report(source: $"10.1.0.{i}", serial: null, at: T0.AddMinutes(i)));
        // The oldest source comes back: it is recent again and must survive the pruning below.
        await _database.WriteAsync(Report(source: "10.1.0.0", serial: null, at: T0.AddHours(1)));

        await _database.WriteAsync(Report(source: "10.2.0.1", serial: null, at: T0.AddHours(2)), Report(source: "10.2.0.2", serial: null, at: T0.AddHours(2)));

        var kept = (await _database.RefusalsAsync()).Select(r => r.SourceAddress).ToHashSet();
        Assert.Equal(MaxRows, kept.Count);
        Assert.Contains("10.1.0.0", kept);
        Assert.Contains("10.2.0.1", kept);
        Assert.Contains("10.2.0.2", kept);
        Assert.DoesNotContain("10.1.0.1", kept);
        Assert.DoesNotContain("10.1.0.2", kept);
    }

    [Fact]
    public async Task WriteAsync_RefusalsNamingADevice_AuditsTheFirstOfEachCategoryOnce()
    {
        var deviceId = await _database.DeviceIdAsync("KUMO-M7-00001");

        await _database.WriteAsync(Report(source: "192.0.2.1"), Report(source: "192.0.2.2", fingerprint: 2));
        await _database.WriteAsync(Report(source: "192.0.2.1"), Report(source: "192.0.2.3", fingerprint: 3));
        await _database.WriteAsync(Report(source: "192.0.2.1", category: RefusalCategory.RevokedCertificate, endpoint: RefusalEndpoint.Est));

        var rows = await _database.RefusalsAsync();
        Assert.Equal(4, rows.Count);
        Assert.All(rows, r => Assert.Equal(deviceId, r.DeviceId));
        var firsts = await _database.AuditAsync(AuditActions.RefusalFirstSeen);
        Assert.Equal(2, firsts.Count);
        Assert.All(firsts, e => Assert.Equal(("device", "KUMO-M7-00001", "system"), (e.TargetType, e.TargetId, e.Actor)));
        using var first = JsonDocument.Parse(firsts[0].Details);
        Assert.Equal("UntrustedIdevid", first.RootElement.GetProperty("category").GetString());
        Assert.Equal("192.0.2.1", first.RootElement.GetProperty("source").GetString());
        Assert.Equal(FingerprintOf(1), first.RootElement.GetProperty("Fingerprint").GetString());
        using var second = JsonDocument.Parse(firsts[1].Details);
        Assert.Equal("RevokedCertificate", second.RootElement.GetProperty("category").GetString());
        Assert.Equal("Est", second.RootElement.GetProperty("endpoint").GetString());
    }

    [Fact]
    public async Task WriteAsync_UnknownSerial_RecordsWithoutDeviceAndAuditsNothing()
    {
        await _database.WriteAsync(Report(category: RefusalCategory.UnknownSerial, serial: "NOPE-1"));

        var row = Assert.Single(await _database.RefusalsAsync());
        Assert.Null(row.DeviceId);
        Assert.Equal("NOPE-1", row.SerialNumber);
        Assert.Empty(await _database.AuditAsync(AuditActions.RefusalFirstSeen));
    }

    [Fact]
    public async Task WriteAsync_HubRefusalOfAnUnknownCertificate_IsClassifiedUntrusted()
    {
        await _database.WriteAsync(Report(category: null, endpoint: RefusalEndpoint.Hub, serial: null));

        Assert.Equal(RefusalCategory.UntrustedCertificate, Assert.Single(await _database.RefusalsAsync()).Category);
    }
}
