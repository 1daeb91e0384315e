using System.Security.Cryptography;
using DeviceTrust.Application.Common;
using DeviceTrust.Application.Fleet.ChangeDeviceState;
using DeviceTrust.Application.Fleet.RegisterDevice;
using DeviceTrust.Application.Updates.Catalog;
using DeviceTrust.Application.Updates.Rollouts;
using DeviceTrust.Domain.Accounts;
using DeviceTrust.Domain.Devices;
using DeviceTrust.Domain.Fleet;
using DeviceTrust.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DeviceTrust.Web.Tests.Components.Updates;

/// <summary>
/// A group of its own in the shared app (so no other test's devices or rollouts count), its Acme Thermo T1 devices in
/// service, a few left out of service, and a release of the class to roll out to them.
/// </summary>
internal sealed class RolloutTestFleet
{
    public const string Thermo = "Acme Thermo T1";

    /// <summary>Creates rollouts in the tests; the pages' users are someone else, so four eyes hold.</summary>
    public static readonly Actor Creator = new("user:rollout-creator", null, new HashSet<string> { Roles.Operator });
    public static readonly Actor Approver = new("user:rollout-approver", null, new HashSet<string> { Roles.SecurityOfficer });

    private readonly IServiceProvider _app;

    private RolloutTestFleet(IServiceProvider app, Guid groupId, string group, IReadOnlyList<RegisteredDevice> devices, FirmwareReleaseItem release)
    {
        _app = app;
        GroupId = groupId;
        Group = group;
        Devices = devices;
        Release = release;
    }

    public Guid GroupId { get; }
    public string Group { get; }
    /// <summary>The devices in service, in serial order (the planner's order).</summary>
    public IReadOnlyList<RegisteredDevice> Devices { get; }
    public FirmwareReleaseItem Release { get; }

    public RolloutHandlers Handlers => _app.GetRequiredService<RolloutHandlers>();

    public static async Task<RolloutTestFleet> CreateAsync(IServiceProvider app, int inService, int outOfService, CancellationToken ct)
    {
        var suffix = Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        var group = DeviceGroup.Create(Guid.NewGuid(), $"bunit-rollout-{suffix}", "rollout page tests");
        Guid classId;
        await using (var db = await app.GetRequiredService<IDeviceTrustDbContextFactory>().CreateAsync(ct))
        {
            db.DeviceGroups.Add(group);
            await db.SaveChangesAsync(ct);
            classId = await db.DeviceClasses.Where(c => c.Name == Thermo).Select(c => c.Id).SingleAsync(ct);
        }

        var register = app.GetRequiredService<RegisterDeviceHandler>();
        var states = app.GetRequiredService<ChangeDeviceStateHandler>();
        var devices = new List<RegisteredDevice>();
        for (var i = 0; i < inService + outOfService; i++)
        {
            var device = await register.HandleAsync(new RegisterDeviceRequest($"RO-{suffix}-{i:D2}", Thermo, "Acme Sensors", group.Name), TestPledge.Officer, ct);
            if (i >= inService) continue;
            foreach (var step in new[] { DeviceState.Bootstrapping, DeviceState.Enrolled, DeviceState.Operational })
                await states.HandleAsync(new ChangeDeviceStateRequest(device.Id, step, "test setup"), TestPledge.Officer, ct);
            devices.Add(device);
        }

        var release = await app.GetRequiredService<PublishFirmwareHandler>().PublishImageAsync(TestPledge.Officer,
            new PublishImageRequest(classId, $"5.{Random.Shared.Next(1_000_000)}.0", "firmware", RandomNumberGenerator.GetBytes(256)), ct);
        return new RolloutTestFleet(app, group.Id, group.Name, devices, release);
    }

    public CreateRolloutRequest Request(params WavePlan[] waves) => new($"bunit {Group}", Release.Id, GroupId, waves);

    public static WavePlan Wave(int size, bool percent = false, bool auto = true) => new(size, percent, 90, 50, auto);

    public Task<Guid> CreateAsync(CancellationToken ct, params WavePlan[] waves) => Handlers.CreateAsync(Creator, Request(waves), ct);

    public async Task<Guid> ApprovedAsync(CancellationToken ct, params WavePlan[] waves)
    {
        var id = await CreateAsync(ct, waves);
        await Handlers.ApproveAsync(Approver, id, ct);
        return id;
    }

    public async Task<Guid> RunningAsync(CancellationToken ct, params WavePlan[] waves)
    {
        var id = await ApprovedAsync(ct, waves);
        await Handlers.StartAsync(Creator, id, ct);
        return id;
    }

    /// <summary>The device's update fails as the conductor fails it (offered, then no good report), through the audit trail like any change.</summary>
    public async Task FailAsync(Guid rolloutId, string serial, CancellationToken ct)
    {
        var now = _app.GetRequiredService<TimeProvider>().GetUtcNow();
        await using var db = await _app.GetRequiredService<IDeviceTrustDbContextFactory>().CreateAsync(ct);
        var target = await db.RolloutTargets.SingleAsync(t => t.RolloutId == rolloutId && t.SerialNumber == serial, ct);
        target.Offer(RandomNumberGenerator.GetBytes(16), DeviceState.Operational, "system", now);
        target.Fail("install failed (test)", "system", now);
        await _app.GetRequiredService<DeviceTrust.Application.Audit.AuditTrail>().SaveAsync(db, ct);
    }

    public Task<RolloutDetail> DetailAsync(Guid id, CancellationToken ct) => _app.GetRequiredService<RolloutQueries>().GetAsync(id, ct);
}
