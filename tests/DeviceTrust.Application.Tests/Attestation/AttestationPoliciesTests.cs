using System.Text.Json;
using DeviceTrust.Application.Attestation.Policies;
using DeviceTrust.Application.Audit;
using DeviceTrust.Application.Common;
using DeviceTrust.Domain.Attestation;
using DeviceTrust.Testing;
using Microsoft.EntityFrameworkCore;

namespace DeviceTrust.Application.Tests.Attestation;

/// <summary>A class's appraisal policy: read by all, changed by a security officer, each change the next version and audited.</summary>
public sealed class AttestationPoliciesTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static ChangeAttestationPolicyRequest Strict(int? expectedVersion = null) => new(3, [258], 60, WarningAction.Quarantine, true, expectedVersion);

    [Fact]
    public async Task Change_BySecurityOfficer_NextVersion_StoredAndAuditedWithBeforeAndAfter()
    {
        await using var database = await TestDatabase.CreateAsync();
        var policies = database.Get<AttestationPolicies>();
        var before = (await policies.ListAsync(Ct))[0];
        Assert.Equal((1, 2, 1440, WarningAction.Flag, false), (before.Version, before.MinimumDebugStatus, before.ReattestationIntervalMinutes, before.OnWarning, before.ReleaseOnAffirming));

        var after = await policies.ChangeAsync(TestActors.SecurityOfficer(), before.DeviceClassId, Strict(expectedVersion: 1), Ct);

        Assert.Equal((2, 3, 60, WarningAction.Quarantine, true), (after.Version, after.MinimumDebugStatus, after.ReattestationIntervalMinutes, after.OnWarning, after.ReleaseOnAffirming));
        Assert.Equal([258], after.RequiredClaims);
        var stored = (await policies.ListAsync(Ct)).Single(p => p.DeviceClassId == before.DeviceClassId);
        Assert.Equal(after with { RequiredClaims = [] }, stored with { RequiredClaims = [] });
        Assert.Equal([258], stored.RequiredClaims);
        await using var db = await database.CreateDbContextAsync();
        var entry = await db.AuditEntries.AsNoTracking().SingleAsync(e => e.Action == AuditActions.AttestationPolicyChanged, Ct);
        Assert.Equal((AuditTargets.DeviceClass, before.DeviceClass, "user:officer"), (entry.TargetType, entry.TargetId, entry.Actor));
        var details = JsonDocument.Parse(entry.Details).RootElement;
        Assert.Equal((1, 2), (details.GetProperty("from").GetProperty("version").GetInt32(), details.GetProperty("to").GetProperty("version").GetInt32()));
        Assert.Equal("Quarantine", details.GetProperty("to").GetProperty("onWarning").GetString());
    }

    [Fact]
    public async Task Change_Refused_ByAnOperator_OnAStaleVersion_OrOutOfRange_AndNothingChanges()
    {
        await using var database = await TestDatabase.CreateAsync();
        var policies = database.Get<AttestationPolicies>();
        var classId = (await policies.ListAsync(Ct))[0].DeviceClassId;

        await Assert.ThrowsAsync<ForbiddenException>(() => policies.ChangeAsync(TestActors.Operator(), classId, Strict(), Ct));
        var stale = await Assert.ThrowsAsync<ConflictException>(() => policies.ChangeAsync(TestActors.SecurityOfficer(), classId, Strict(expectedVersion: 7), Ct));
        Assert.Contains("version 1 now, not 7", stale.Message, StringComparison.Ordinal);
        var range = await Assert.ThrowsAsync<RequestValidationException>(() =>
            policies.ChangeAsync(TestActors.SecurityOfficer(), classId, Strict() with { ReattestationIntervalMinutes = 0 }, Ct));
        Assert.Contains("interval", range.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<NotFoundException>(() => policies.ChangeAsync(TestActors.SecurityOfficer(), Guid.NewGuid(), Strict(), Ct));

        Assert.Equal(1, (await policies.ListAsync(Ct)).Single(p => p.DeviceClassId == classId).Version);
        await using var db = await database.CreateDbContextAsync();
        Assert.False(await db.AuditEntries.AnyAsync(e => e.Action == AuditActions.AttestationPolicyChanged, Ct));
    }

    [Fact]
    public async Task Change_FlagSupersededFirmware_IsStoredAndAudited()
    {
        await using var database = await TestDatabase.CreateAsync();
        var policies = database.Get<AttestationPolicies>();
        var classId = (await policies.ListAsync(Ct))[0].DeviceClassId;

        var after = await policies.ChangeAsync(TestActors.SecurityOfficer(), classId, Strict() with { FlagSupersededFirmware = true }, Ct);

        Assert.True(after.FlagSupersededFirmware);
        Assert.True((await policies.ListAsync(Ct)).Single(p => p.DeviceClassId == classId).FlagSupersededFirmware);
        await using var db = await database.CreateDbContextAsync();
        var entry = await db.AuditEntries.AsNoTracking().SingleAsync(e => e.Action == AuditActions.AttestationPolicyChanged, Ct);
        Assert.True(JsonDocument.Parse(entry.Details).RootElement.GetProperty("to").GetProperty("flagSupersededFirmware").GetBoolean());
    }
}
