using System.Buffers.Text;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DeviceTrust.Application.Audit;
using DeviceTrust.Application.Common;
using DeviceTrust.Application.Provisioning.Certificates;
using DeviceTrust.Domain.Accounts;
using DeviceTrust.Domain.Devices;
using DeviceTrust.Domain.Provisioning;
using DeviceTrust.Testing;
using DeviceTrust.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DeviceTrust.Web.Tests.Attestation;

/// <summary>
/// The high-rate path of issue 9: an Operational device re-attesting affirming writes its appraisal and that appraisal's
/// audit entry, and nothing else; a device's authentication on its open connection stands only for a bounded moment.
/// </summary>
public sealed class RoutineAttestationTests(DeviceListenerFixture app) : IClassFixture<DeviceListenerFixture>
{
    private static readonly Actor Operator = new("user:test-operator", null, new HashSet<string> { Roles.Operator });
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private IDeviceTrustDbContextFactory Databases => app.Factory.Services.GetRequiredService<IDeviceTrustDbContextFactory>();

    private static async Task<HttpResponseMessage> NewSessionAsync(HttpClient client) => await client.PostAsync("/challenge-response/v1/newSession", null, Ct);

    private static async Task AttestAsync(TestAttester attester, HttpClient client)
    {
        using var opened = await NewSessionAsync(client);
        Assert.Equal(HttpStatusCode.Created, opened.StatusCode);
        var session = await opened.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var evidence = attester.Evidence(Base64Url.DecodeFromChars(session.GetProperty("nonce").GetString()));
        using var answered = await TestAttester.AnswerAsync(client, $"/challenge-response/v1/session/{session.GetProperty("id").GetString()}", evidence, Ct);
        Assert.True(answered.StatusCode == HttpStatusCode.OK, await answered.Content.ReadAsStringAsync(Ct));
        Assert.Equal("complete", (await answered.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("status").GetString());
    }

    private async Task<(DeviceState State, byte[] Version, long LastSequence)> DeviceRowAsync(Guid deviceId)
    {
        await using var db = await Databases.CreateAsync(Ct);
        var row = await db.Devices.AsNoTracking().Where(d => d.Id == deviceId).Select(d => new { d.State, Version = EF.Property<byte[]>(d, "Version") }).SingleAsync(Ct);
        return (row.State, row.Version, await db.AuditEntries.AsNoTracking().MaxAsync(e => e.Sequence, Ct));
    }

    [Fact]
    public async Task Operational_AffirmingAgain_OnlyTheAppraisalAndItsAuditEntryWritten_TheDeviceUntouched()
    {
        using var attester = await TestAttester.CreateAsync(app, "RT-AGAIN", Ct);
        using var client = attester.Client();
        await AttestAsync(attester, client);
        var (state, version, sequence) = await DeviceRowAsync(attester.Device.Id);
        Assert.Equal(DeviceState.Operational, state);

        await AttestAsync(attester, client);

        var (stateAfter, versionAfter, _) = await DeviceRowAsync(attester.Device.Id);
        Assert.Equal(DeviceState.Operational, stateAfter);
        Assert.Equal(version, versionAfter);
        await using var db = await Databases.CreateAsync(Ct);
        var entries = await db.AuditEntries.AsNoTracking().Where(e => e.Sequence > sequence && e.TargetId == attester.Device.Serial)
            .OrderBy(e => e.Sequence).Select(e => e.Action).ToListAsync(Ct);
        Assert.Equal([AuditActions.DeviceAttested], entries);
        Assert.Equal(2, await db.AttestationAppraisals.CountAsync(a => a.DeviceId == attester.Device.Id, Ct));
    }

    [Fact]
    public async Task Device_RevokedWhileItsConnectionIsOpen_IsRefusedOnThatConnection()
    {
        using var attester = await TestAttester.CreateAsync(app, "RT-REVOKED", Ct);
        using var client = attester.Client();
        await AttestAsync(attester, client);

        await app.Factory.Services.GetRequiredService<CertificateRevocation>()
            .RevokeDeviceAsync(attester.Device.Id, CertificateRevocationReason.KeyCompromise, "key found on a forum", Operator, Ct);

        // The connection's authentication stands for a bounded moment after the check that admitted it, no longer.
        await Wait.UntilAsync(async () =>
        {
            using var response = await NewSessionAsync(client);
            return response.StatusCode == HttpStatusCode.Unauthorized;
        }, "the revoked device was refused on its open connection");
    }
}
