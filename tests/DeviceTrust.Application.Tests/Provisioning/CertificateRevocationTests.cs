using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using DeviceTrust.Application.Audit;
using DeviceTrust.Application.Common;
using DeviceTrust.Application.Fleet;
using DeviceTrust.Application.Fleet.ChangeDeviceState;
using DeviceTrust.Application.Provisioning;
using DeviceTrust.Application.Provisioning.Certificates;
using DeviceTrust.Application.Provisioning.Est;
using DeviceTrust.Domain.Devices;
using DeviceTrust.Domain.Provisioning;
using DeviceTrust.Enrollment.Pki;
using DeviceTrust.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace DeviceTrust.Application.Tests.Provisioning;

/// <summary>Revoking a device puts its certificates on the issuing CA's CRL (RFC 5280 5), whichever way it becomes Revoked.</summary>
public sealed class CertificateRevocationTests : IAsyncLifetime
{
    private const string Serial = "ACME-T1-TKY-00001";
    private const string OtherSerial = "ACME-T1-TKY-00002";

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 27, 9, 0, 0, TimeSpan.Zero));
    private TestDatabase _database = null!;

    public async ValueTask InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync(configure: b => b.Services.AddSingleton<TimeProvider>(_clock));
        // The seed starts every fleet Manufactured; devices holding LDevIDs are in service.
        await _database.BringToAsync([Serial, OtherSerial], DeviceState.Operational);
    }

    public async ValueTask DisposeAsync() => await _database.DisposeAsync();

    private CertificateRevocation Revocation => _database.Get<CertificateRevocation>();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RevokeDeviceAsync_DeviceWithCertificates_RevokesThemAllAndTheDevice()
    {
        var first = await IssueAsync(Serial);
        var second = await IssueAsync(Serial, via: "simplereenroll");
        var others = await IssueAsync(OtherSerial);
        var deviceId = await DeviceIdAsync(Serial);
        using var recorder = new NotificationRecorder(_database.Get<IFleetNotifier>());
        _clock.Advance(TimeSpan.FromHours(1));

        await Revocation.RevokeDeviceAsync(deviceId, CertificateRevocationReason.KeyCompromise, "  key extracted ", TestActors.Operator(), Ct);

        var device = await DeviceAsync(Serial);
        Assert.Equal(DeviceState.Revoked, device.State);
        Assert.Equal(_clock.GetUtcNow(), device.StateChangedAt);
        foreach (var revoked in new[] { await RecordAsync(first), await RecordAsync(second) })
        {
            Assert.True(revoked.IsRevoked);
            Assert.Equal(_clock.GetUtcNow(), revoked.RevokedAt);
            Assert.Equal(CertificateRevocationReason.KeyCompromise, revoked.RevocationReason);
            Assert.Equal("user:operator", revoked.RevokedBy);
        }
        Assert.False((await RecordAsync(others)).IsRevoked);
        await recorder.WaitUntilAsync(b => b.Count > 0, "the revocation is published");
        Assert.Equal([new DeviceChanged(deviceId, Serial, DeviceChangeKind.StateChanged), new DeviceChanged(deviceId, Serial, DeviceChangeKind.Provisioning)], recorder.All);
    }

    [Fact]
    public async Task RevokeDeviceAsync_AuditsTheStateChangeAndEachCertificate()
    {
        var first = await IssueAsync(Serial);
        var second = await IssueAsync(Serial);
        var auditBefore = await AuditCountAsync();

        await Revocation.RevokeDeviceAsync(await DeviceIdAsync(Serial), CertificateRevocationReason.CessationOfOperation, "site closed", TestActors.Operator(), Ct);

        var entries = await AuditSinceAsync(auditBefore);
        Assert.Equal([AuditActions.DeviceStateChanged, AuditActions.CertificateRevoked, AuditActions.CertificateRevoked], entries.Select(e => e.Action));
        Assert.All(entries, e => Assert.Equal(("user:operator", AuditTargets.Device, Serial), (e.Actor, e.TargetType, e.TargetId)));
        using (var change = JsonDocument.Parse(entries[0].Details))
        {
            Assert.Equal("Operational", change.RootElement.GetProperty("from").GetString());
            Assert.Equal("Revoked", change.RootElement.GetProperty("to").GetString());
            Assert.Equal("site closed", change.RootElement.GetProperty("reason").GetString());
        }
        var revokedSerials = entries.Skip(1).Select(e =>
        {
            using var details = JsonDocument.Parse(e.Details);
            Assert.Equal("CessationOfOperation", details.RootElement.GetProperty("reason").GetString());
            return details.RootElement.GetProperty("certificateSerial").GetString();
        });
        Assert.Equal(new[] { first.SerialNumber, second.SerialNumber }.Order(), revokedSerials.Order());
    }

    [Fact]
    public async Task CurrentCrlAsync_AfterRevocation_ListsTheDevicesLdevidsSignedByTheIssuingCa()
    {
        var first = await IssueAsync(Serial);
        var second = await IssueAsync(Serial);
        var others = await IssueAsync(OtherSerial);
        _clock.Advance(TimeSpan.FromMinutes(10));
        var revokedAt = _clock.GetUtcNow();
        await Revocation.RevokeDeviceAsync(await DeviceIdAsync(Serial), CertificateRevocationReason.KeyCompromise, "key extracted", TestActors.Operator(), Ct);

        var crl = CertificateRevocationList.Parse(await Revocation.CurrentCrlAsync(Ct));

        Assert.True(crl.VerifySignature(_database.Get<DomainPki>().Issuing.Certificate));
        Assert.Equal(new[] { first.SerialNumber, second.SerialNumber }.Order(), crl.Entries.Select(e => e.SerialNumber).Order());
        Assert.All(crl.Entries, e => Assert.Equal((revokedAt, RevocationReason.KeyCompromise), (e.RevocationDate, e.Reason)));
        Assert.True(crl.IsRevoked(first.SerialNumber));
        Assert.False(crl.IsRevoked(others.SerialNumber));
        Assert.Equal(RevocationStatus.Revoked, crl.GetStatus(second.SerialNumber, _clock.GetUtcNow()));
    }

    [Fact]
    public async Task CurrentCrlAsync_NothingRevoked_IsAnEmptyCurrentCrl()
    {
        await IssueAsync(Serial);

        var crl = CertificateRevocationList.Parse(await Revocation.CurrentCrlAsync(Ct));

        Assert.Empty(crl.Entries);
        Assert.Equal(_database.Get<DomainPki>().Issuing.Certificate.SubjectName.RawData, crl.Issuer.RawData);
        Assert.Equal(_clock.GetUtcNow(), crl.ThisUpdate);
        Assert.Equal(_clock.GetUtcNow().AddDays(1), crl.NextUpdate);
    }

    [Fact]
    public async Task CurrentCrlAsync_RevokedCertificateThatExpired_NoLongerListed()
    {
        var shortLived = await IssueAsync(Serial, validity: TimeSpan.FromDays(1));
        var longLived = await IssueAsync(Serial);
        await Revocation.RevokeDeviceAsync(await DeviceIdAsync(Serial), CertificateRevocationReason.Superseded, "replaced", TestActors.Operator(), Ct);

        _clock.Advance(TimeSpan.FromDays(2));
        var crl = CertificateRevocationList.Parse(await Revocation.CurrentCrlAsync(Ct));

        Assert.Equal([longLived.SerialNumber], crl.Entries.Select(e => e.SerialNumber));
        Assert.False(crl.IsRevoked(shortLived.SerialNumber));
    }

    [Fact]
    public async Task CurrentCrlAsync_RevokedDevelopmentIdevid_NotOnTheIssuingCasCrl()
    {
        // The issuing CA's CRL lists only what it issued; a DEV-ONLY IDevID comes from a manufacturer CA.
        var ldevid = await IssueAsync(Serial);
        var idevid = await IssueAsync(Serial, kind: IssuedCertificateKind.DevelopmentIdevid, via: "dev-mint");

        await Revocation.RevokeDeviceAsync(await DeviceIdAsync(Serial), CertificateRevocationReason.Unspecified, "test", TestActors.Operator(), Ct);
        var crl = CertificateRevocationList.Parse(await Revocation.CurrentCrlAsync(Ct));

        Assert.True((await RecordAsync(idevid)).IsRevoked);
        Assert.Equal([ldevid.SerialNumber], crl.Entries.Select(e => e.SerialNumber));
    }

    [Fact]
    public async Task RevokeDeviceAsync_CertificateRevokedEarlier_KeepsItsFirstRevocation()
    {
        var earlier = await IssueAsync(Serial);
        var later = await IssueAsync(Serial);
        await using (var db = await _database.CreateDbContextAsync())
        {
            var record = await db.IssuedCertificates.SingleAsync(c => c.Fingerprint == DeviceCertificateFields.Fingerprint(earlier), Ct);
            record.Revoke(CertificateRevocationReason.Superseded, "user:first", _clock.GetUtcNow());
            await db.SaveSetupAsync(Ct);
        }
        var auditBefore = await AuditCountAsync();
        _clock.Advance(TimeSpan.FromHours(1));

        await Revocation.RevokeDeviceAsync(await DeviceIdAsync(Serial), CertificateRevocationReason.KeyCompromise, "stolen", TestActors.Operator(), Ct);

        var first = await RecordAsync(earlier);
        Assert.Equal(CertificateRevocationReason.Superseded, first.RevocationReason);
        Assert.Equal("user:first", first.RevokedBy);
        Assert.Equal(CertificateRevocationReason.KeyCompromise, (await RecordAsync(later)).RevocationReason);
        Assert.Single(await AuditSinceAsync(auditBefore), e => e.Action == AuditActions.CertificateRevoked);
    }

    [Fact]
    public async Task RevokeDeviceAsync_NotAnOperator_ForbiddenAndNothingChanges()
    {
        var certificate = await IssueAsync(Serial);
        var deviceId = await DeviceIdAsync(Serial);
        var auditBefore = await AuditCountAsync();

        await Assert.ThrowsAsync<ForbiddenException>(() =>
            Revocation.RevokeDeviceAsync(deviceId, CertificateRevocationReason.KeyCompromise, "stolen", TestActors.SecurityOfficer(), Ct));
        await Assert.ThrowsAsync<ForbiddenException>(() =>
            Revocation.RevokeDeviceAsync(deviceId, CertificateRevocationReason.KeyCompromise, "stolen", TestActors.Auditor(), Ct));

        Assert.Equal(DeviceState.Operational, (await DeviceAsync(Serial)).State);
        Assert.False((await RecordAsync(certificate)).IsRevoked);
        Assert.Equal(auditBefore, await AuditCountAsync());
    }

    [Theory]
    [InlineData(2, "stolen", "reason")]
    [InlineData(6, "stolen", "reason")]
    [InlineData(1, "", "comment")]
    [InlineData(1, "   ", "comment")]
    [InlineData(1, null, "comment")] // null: one character more than the limit
    public async Task RevokeDeviceAsync_BadReasonOrComment_ValidationNamingTheFieldAndNothingChanges(int reason, string? comment, string field)
    {
        var certificate = await IssueAsync(Serial);
        var deviceId = await DeviceIdAsync(Serial);
        comment ??= new string('c', CertificateRevocation.MaxReasonLength + 1);

        var e = await Assert.ThrowsAsync<RequestValidationException>(() =>
            Revocation.RevokeDeviceAsync(deviceId, (CertificateRevocationReason)reason, comment, TestActors.Operator(), Ct));

        Assert.Equal([field], e.Errors.Keys);
        Assert.Equal(DeviceState.Operational, (await DeviceAsync(Serial)).State);
        Assert.False((await RecordAsync(certificate)).IsRevoked);
    }

    [Fact]
    public async Task RevokeDeviceAsync_UnknownDevice_NotFound() =>
        await Assert.ThrowsAsync<NotFoundException>(() =>
            Revocation.RevokeDeviceAsync(Guid.NewGuid(), CertificateRevocationReason.KeyCompromise, "stolen", TestActors.Operator(), Ct));

    [Fact]
    public async Task RevokeDeviceAsync_AlreadyRevokedDevice_IllegalTransitionAndCertificatesUntouched()
    {
        var deviceId = await DeviceIdAsync(Serial);
        await _database.Get<ChangeDeviceStateHandler>().HandleAsync(new ChangeDeviceStateRequest(deviceId, DeviceState.Revoked, "stolen"), TestActors.Operator(), Ct);
        // Issued after the device was revoked (it cannot happen through EST; it shows that the refusal writes nothing).
        var certificate = await IssueAsync(Serial);

        await Assert.ThrowsAsync<InvalidTransitionException>(() =>
            Revocation.RevokeDeviceAsync(deviceId, CertificateRevocationReason.KeyCompromise, "again", TestActors.Operator(), Ct));

        Assert.False((await RecordAsync(certificate)).IsRevoked);
    }

    [Fact]
    public async Task ChangeDeviceState_ToRevoked_RevokesItsCertificatesAsUnspecifiedAndListsThemOnTheCrl()
    {
        var first = await IssueAsync(Serial);
        var second = await IssueAsync(Serial);
        var others = await IssueAsync(OtherSerial);
        var auditBefore = await AuditCountAsync();
        _clock.Advance(TimeSpan.FromMinutes(30));

        await _database.Get<ChangeDeviceStateHandler>().HandleAsync(
            new ChangeDeviceStateRequest(await DeviceIdAsync(Serial), DeviceState.Revoked, "decommissioning"), TestActors.Operator(), Ct);

        foreach (var revoked in new[] { await RecordAsync(first), await RecordAsync(second) })
        {
            Assert.Equal(CertificateRevocationReason.Unspecified, revoked.RevocationReason);
            Assert.Equal(_clock.GetUtcNow(), revoked.RevokedAt);
            Assert.Equal("user:operator", revoked.RevokedBy);
        }
        Assert.False((await RecordAsync(others)).IsRevoked);
        var entries = await AuditSinceAsync(auditBefore);
        Assert.Equal([AuditActions.DeviceStateChanged, AuditActions.CertificateRevoked, AuditActions.CertificateRevoked], entries.Select(e => e.Action));
        var crl = CertificateRevocationList.Parse(await Revocation.CurrentCrlAsync(Ct));
        Assert.Equal(new[] { first.SerialNumber, second.SerialNumber }.Order(), crl.Entries.Select(e => e.SerialNumber).Order());
    }

    [Fact]
    public async Task ChangeDeviceState_ToQuarantined_LeavesCertificatesLive()
    {
        var certificate = await IssueAsync(Serial);
        var auditBefore = await AuditCountAsync();

        await _database.Get<ChangeDeviceStateHandler>().HandleAsync(
            new ChangeDeviceStateRequest(await DeviceIdAsync(Serial), DeviceState.Quarantined, "attestation failed"), TestActors.Operator(), Ct);

        Assert.False((await RecordAsync(certificate)).IsRevoked);
        Assert.Equal([AuditActions.DeviceStateChanged], (await AuditSinceAsync(auditBefore)).Select(e => e.Action));
        Assert.Empty(CertificateRevocationList.Parse(await Revocation.CurrentCrlAsync(Ct)).Entries);
    }

    /// <summary>An LDevID from the domain's issuing CA, recorded as EST records it.</summary>
    private async Task<X509Certificate2> IssueAsync(string serial, TimeSpan? validity = null, IssuedCertificateKind kind = IssuedCertificateKind.Ldevid,
        string via = "simpleenroll")
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var certificate = _database.Get<DomainPki>().Issuing.IssueDeviceCertificate(new DeviceCertificateRequest(key.ExportSubjectPublicKeyInfo(), serial,
            new Uri("http://localhost/crl"), validity ?? TimeSpan.FromDays(365)));
        await using var db = await _database.CreateDbContextAsync();
        var deviceId = await db.Devices.Where(d => d.SerialNumber == serial).Select(d => d.Id).SingleAsync(Ct);
        db.IssuedCertificates.Add(IssuedCertificate.Record(kind, deviceId, serial, EstEnrollment.DetailsOf(certificate), via, null, "test", _clock.GetUtcNow()));
        await db.SaveSetupAsync(Ct);
        return certificate;
    }

    private async Task<IssuedCertificate> RecordAsync(X509Certificate2 certificate)
    {
        var fingerprint = DeviceCertificateFields.Fingerprint(certificate);
        await using var db = await _database.CreateDbContextAsync();
        return await db.IssuedCertificates.AsNoTracking().SingleAsync(c => c.Fingerprint == fingerprint, Ct);
    }

    private async Task<Guid> DeviceIdAsync(string serial) => (await DeviceAsync(serial)).Id;

    private async Task<Device> DeviceAsync(string serial)
    {
        await using var db = await _database.CreateDbContextAsync();
        return await db.Devices.AsNoTracking().SingleAsync(d => d.SerialNumber == serial, Ct);
    }

    private async Task<List<Domain.Audit.AuditEntry>> AuditSinceAsync(int count)
    {
        await using var db = await _database.CreateDbContextAsync();
        return await db.AuditEntries.AsNoTracking().OrderBy(e => e.Sequence).Skip(count).ToListAsync(Ct);
    }

    private async Task<int> AuditCountAsync()
    {
        await using var db = await _database.CreateDbContextAsync();
        return await db.AuditEntries.CountAsync(Ct);
    }
}
