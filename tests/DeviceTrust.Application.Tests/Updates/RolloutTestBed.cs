using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DeviceTrust.Application.Updates.Catalog;
using DeviceTrust.Application.Updates.Rollouts;
using DeviceTrust.Domain.Attestation;
using DeviceTrust.Domain.Devices;
using DeviceTrust.Domain.Updates;
using DeviceTrust.Suit;
using DeviceTrust.Suit.Reports;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace DeviceTrust.Application.Tests.Updates;

/// <summary>
/// The device hub as the conductor sees it, for use-case tests: every device listed as connected, and each offer kept.
/// (Over real HTTPS and SignalR the web tests run the same exchange with simulated devices.)
/// </summary>
internal sealed class RecordingUpdateChannel : IDeviceUpdateChannel
{
    public ConcurrentDictionary<Guid, bool> Connected { get; } = new();
    public ConcurrentQueue<(Guid DeviceId, UpdateOffer Offer)> Offers { get; } = new();

    public bool IsConnected(Guid deviceId) => Connected.GetValueOrDefault(deviceId);

    public Task<bool> OfferAsync(Guid deviceId, UpdateOffer offer, CancellationToken cancellationToken)
    {
        if (!IsConnected(deviceId)) return Task.FromResult(false);
        Offers.Enqueue((deviceId, offer));
        return Task.FromResult(true);
    }
}

/// <summary>A seeded database with Operational Acme Thermo T1 devices, a release for them, a controlled clock and the recording channel.</summary>
internal sealed class RolloutTestBed : IAsyncDisposable
{
    public const string Thermo = "Acme Thermo T1";

    private RolloutTestBed(TestDatabase database, FakeTimeProvider clock, RecordingUpdateChannel channel)
    {
        Database = database;
        Clock = clock;
        Channel = channel;
    }

    public TestDatabase Database { get; }
    public FakeTimeProvider Clock { get; }
    public RecordingUpdateChannel Channel { get; }
    public IReadOnlyDictionary<string, Guid> Devices { get; private set; } = new Dictionary<string, Guid>();
    public FirmwareReleaseItem Release { get; private set; } = null!;
    public ECDsa DeviceKey { get; } = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    public X509Certificate2 Ldevid { get; private set; } = null!;

    public RolloutHandlers Handlers => Database.Get<RolloutHandlers>();
    public RolloutConductor Conductor => Database.Get<RolloutConductor>();
    public RolloutQueries Queries => Database.Get<RolloutQueries>();

    /// <param name="now">Where the bed's clock starts (a restart after some downtime); 2026-12-06 10:00 UTC by default.</param>
    public static async Task<RolloutTestBed> CreateAsync(string? existingFile = null, DateTimeOffset? now = null)
    {
        var clock = new FakeTimeProvider(now ?? new DateTimeOffset(2026, 12, 6, 10, 0, 0, TimeSpan.Zero));
        var channel = new RecordingUpdateChannel();
        var database = await TestDatabase.CreateAsync(seed: existingFile is null, existingFile: existingFile, configure: b =>
        {
            b.Services.AddSingleton<TimeProvider>(clock);
            b.Services.Replace(ServiceDescriptor.Singleton<IDeviceUpdateChannel>(channel));
        });
        var bed = new RolloutTestBed(database, clock, channel);
        bed.Ldevid = new CertificateRequest("CN=test device", bed.DeviceKey, HashAlgorithmName.SHA256).CreateSelfSigned(clock.GetUtcNow().AddDays(-1), clock.GetUtcNow().AddDays(1));
        return bed;
    }

    /// <summary>Every seeded T1 device made Operational, all connected, and release 2.0.0 of the class published.</summary>
    public async Task<RolloutTestBed> WithFleetAndReleaseAsync()
    {
        var classId = await ClassIdAsync();
        await using (var db = await Database.CreateDbContextAsync())
        {
            var present = await db.Devices.Where(d => d.DeviceClassId == classId).Select(d => d.SerialNumber).ToListAsync();
            Devices = await Database.BringToAsync(present, DeviceState.Operational);
        }
        foreach (var id in Devices.Values) Channel.Connected[id] = true;
        Release = await Database.Get<PublishFirmwareHandler>().PublishImageAsync(TestActors.Operator(),
            new PublishImageRequest(classId, "2.0.0", "firmware", RandomNumberGenerator.GetBytes(256)));
        return this;
    }

    public async Task<Guid> ClassIdAsync()
    {
        await using var db = await Database.CreateDbContextAsync();
        return await db.DeviceClasses.Where(c => c.Name == Thermo).Select(c => c.Id).SingleAsync();
    }

    public CreateRolloutRequest Request(params WavePlan[] waves) => new("T1 2.0.0", Release.Id, null, waves);

    /// <summary>Created by the operator, approved by the officer and started: running.</summary>
    public async Task<Guid> RunningAsync(CreateRolloutRequest request)
    {
        var id = await Handlers.CreateAsync(TestActors.Operator(), request);
        await Handlers.ApproveAsync(TestActors.SecurityOfficer(), id);
        await Handlers.StartAsync(TestActors.Operator(), id);
        return id;
    }

    public async Task<RolloutTarget> TargetAsync(Guid rolloutId, string serial)
    {
        await using var db = await Database.CreateDbContextAsync();
        return await db.RolloutTargets.AsNoTracking().SingleAsync(t => t.RolloutId == rolloutId && t.SerialNumber == serial);
    }

    public async Task<Device> DeviceAsync(string serial)
    {
        await using var db = await Database.CreateDbContextAsync();
        return await db.Devices.AsNoTracking().SingleAsync(d => d.SerialNumber == serial);
    }

    /// <summary>The device's signed SUIT report on its open offer: success, or a failure of the install's image-match.</summary>
    public async Task ReportAsync(Guid rolloutId, string serial, bool success = true, byte[]? nonce = null, byte[]? manifestDigest = null,
        SuitReportReason reason = SuitReportReason.ConditionFailed, long section = SuitManifestKeys.Install)
    {
        var target = await TargetAsync(rolloutId, serial);
        var digest = new SuitDigest(DeviceTrust.Cose.CoseAlgorithms.Sha256, manifestDigest ?? Convert.FromHexString(Release.ManifestDigest));
        var failure = success ? null : new SuitReportFailure(1, new SuitRecord([], section, 10, 0, SuitRecordProperties.Empty), reason);
        var report = new SuitReport(new SuitReference(null, digest), [], failure) { Nonce = nonce ?? target.Nonce };
        await Database.Get<UpdateReports>().RecordAsync(DeviceTrust.Application.Common.Actor.Device(serial), Devices[serial], Ldevid,
            SuitReportSigner.Sign(report, DeviceKey));
    }

    /// <summary>What the verifier records when the device attests: an appraisal with this verdict on this firmware version.</summary>
    public async Task AttestAsync(string serial, AttestationVerdict verdict, string version)
    {
        var now = Clock.GetUtcNow();
        await using var db = await Database.CreateDbContextAsync();
        var session = AttestationSession.Open(RandomNumberGenerator.GetBytes(32), TimeSpan.FromMinutes(1), "system", Devices[serial], now);
        db.AttestationSessions.Add(session);
        db.AttestationAppraisals.Add(AttestationAppraisal.Record(session.Id, Devices[serial], serial, null, "application/eat+cwt", [1], "{}", 1, version, [], "{}",
            verdict, "[]", "ear", "system", now));
        await db.SaveSetupAsync();
    }

    public async ValueTask DisposeAsync()
    {
        DeviceKey.Dispose();
        Ldevid?.Dispose();
        await Database.DisposeAsync();
    }
}
