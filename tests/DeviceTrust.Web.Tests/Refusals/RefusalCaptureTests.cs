using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using DeviceTrust.Application.Audit;
using DeviceTrust.Application.Common;
using DeviceTrust.Application.Fleet.GetDevice;
using DeviceTrust.Application.Fleet.RegisterDevice;
using DeviceTrust.Application.Provisioning.Certificates;
using DeviceTrust.Application.Refusals.ListRefusals;
using DeviceTrust.Domain.Accounts;
using DeviceTrust.Domain.Provisioning;
using DeviceTrust.Domain.Refusals;
using DeviceTrust.Enrollment.Pki;
using DeviceTrust.Simulator;
using DeviceTrust.Simulator.Credentials;
using DeviceTrust.Simulator.Device;
using DeviceTrust.Simulator.Fleet;
using DeviceTrust.Web.Simulation;
using DeviceTrust.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace DeviceTrust.Web.Tests.Refusals;

/// <summary>
/// Refused requests at the registrar, EST and the hub, made over real TLS against the real app, end up in the refusal
/// store with the category the refusing code named, the address they came from and the certificate they presented; the
/// first of each category naming a device lands on its timeline once.
/// </summary>
public sealed class RefusalCaptureTests(DeviceListenerFixture app) : IClassFixture<DeviceListenerFixture>
{
    private const string Loopback = "127.0.0.1";
    private static readonly Actor Auditor = new("user:test-auditor", null, new HashSet<string> { Roles.Auditor });
    private static readonly Actor Operator = new("user:test-operator", null, new HashSet<string> { Roles.Operator });
    private CancellationToken Ct => TestContext.Current.CancellationToken;
    private IServiceProvider Services => app.Factory.Services;

    /// <summary>Waits for the recorder's writer to store a refusal matching <paramref name="query"/> that satisfies <paramref name="done"/>.</summary>
    private Task<RefusalRow> RefusalAsync(RefusalQuery query, string what, Func<RefusalRow, bool>? done = null) =>
        Wait.ForAsync(async () => (await Services.GetRequiredService<RefusalQueries>().ListAsync(query, Auditor, Ct)).Items.FirstOrDefault(done ?? (_ => true)), what);

    [Fact]
    public async Task Registrar_CounterfeitIdevidPledge_IsRecordedAsUntrustedIdevidOfItsDevice()
    {
        var serial = EnrolledDevice.NewSerial("KUMO-M7-RC");
        var registered = await Services.GetRequiredService<RegisterDeviceHandler>().HandleAsync(
            new RegisterDeviceRequest(serial, "Kumo Meter M7", "Kumo Devices"), TestPledge.Officer, Ct);
        using var credentials = new BrskiCredentialSource(new BrskiCredentialOptions
        {
            Registrar = app.Https,
            Issuer = new ManufacturerIdevidIssuer(Services.GetRequiredService<Application.Provisioning.Manufacturers.SimulatedManufacturers>()),
            Storage = new InMemoryDeviceStorage(),
            DefaultRetryDelay = TimeSpan.FromMilliseconds(200),
        });
        await using var fleet = new FleetSimulator([new SimulatedDeviceSpec(serial, "Kumo Devices", [new("firmware", "0.9.12")], MainsPowered: false)],
            new SimulationSettings { ServerUrl = app.Https, Credentials = credentials, InitialRetryDelay = TimeSpan.FromMilliseconds(100) },
            new FleetSimulatorOptions { StartStagger = TimeSpan.Zero, Faults = new FaultInjection { UnknownManufacturer = true } });

        await fleet.StartAsync(Ct);
        await Wait.UntilAsync(() => fleet.Devices[0].Status == DeviceStatus.Rejected, "the counterfeit pledge was rejected");

        var refusal = await RefusalAsync(new RefusalQuery(Search: serial, Endpoint: RefusalEndpoint.Registrar), "the registrar's refusal is recorded");
        Assert.Equal(RefusalCategory.UntrustedIdevid, refusal.Category);
        Assert.Equal(Loopback, refusal.SourceAddress);
        Assert.Equal(registered.Id, refusal.DeviceId);
        Assert.Matches("^[0-9a-f]{64}$", refusal.Fingerprint);
        Assert.Contains("Counterfeit Devices (SIMULATED)", refusal.CertificateIssuer, StringComparison.Ordinal);
        Assert.Contains("does not chain to a trusted manufacturer CA", refusal.LastReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Est_SelfSignedClientCertificate_IsRecordedAsUntrustedCertificateWithItsFingerprint()
    {
        using var pledge = await TestPledge.CreateAsync(Services, EnrolledDevice.NewSerial("KUMO-M7-RE"));
        using var forged = Impostor.LookAlike(pledge.Idevid.SubjectName);
        using var client = pledge.Client(app.Https, forged);

        var response = await TestPledge.EnrollAsync(client, pledge.Csr().Csr, Ct);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var refusal = await RefusalAsync(new RefusalQuery(Search: DeviceCertificateFields.Fingerprint(forged)), "the EST refusal is recorded");
        Assert.Equal((RefusalEndpoint.Est, RefusalCategory.UntrustedCertificate, Loopback, pledge.Serial),
            (refusal.Endpoint, refusal.Category, refusal.SourceAddress, refusal.SerialNumber));
        Assert.Equal(forged.Subject, refusal.CertificateSubject);
        Assert.NotNull(refusal.DeviceId);
    }

    [Fact]
    public async Task Hub_ForgedThenRevokedCertificates_AreRecordedAndTheTimelineShowsEachCategoryOnce()
    {
        using var enrolled = await EnrolledDevice.EnrollAsync(app, "KUMO-M7-RH", Ct);
        using var forged = Impostor.LookAlike(enrolled.Ldevid.SubjectName);
        var fingerprint = DeviceCertificateFields.Fingerprint(forged);

        await Impostor.AssertHubRefusesAsync(enrolled.Connect(forged), Ct);
        await Impostor.AssertHubRefusesAsync(enrolled.Connect(forged), Ct);
        using (var est = enrolled.Pledge.Client(app.Https, forged))
            Assert.Equal(HttpStatusCode.Forbidden, (await TestPledge.EnrollAsync(est, enrolled.Pledge.Csr().Csr, Ct, "simplereenroll")).StatusCode);

        var hub = await RefusalAsync(new RefusalQuery(Search: fingerprint, Endpoint: RefusalEndpoint.Hub), "both hub refusals are counted on one row",
            r => r.Count == 2);
        Assert.Equal((RefusalCategory.UntrustedCertificate, Loopback, fingerprint, enrolled.Id), (hub.Category, hub.SourceAddress, hub.Fingerprint, hub.DeviceId!.Value));
        await RefusalAsync(new RefusalQuery(Search: fingerprint, Endpoint: RefusalEndpoint.Est), "the EST refusal is recorded");

        await Services.GetRequiredService<CertificateRevocation>().RevokeDeviceAsync(enrolled.Id, CertificateRevocationReason.KeyCompromise, "key leaked", Operator, Ct);
        await Impostor.AssertHubRefusesAsync(enrolled.Connect(), Ct);
        var revoked = await RefusalAsync(new RefusalQuery(Search: DeviceCertificateFields.Fingerprint(enrolled.Ldevid), Endpoint: RefusalEndpoint.Hub),
            "the revoked LDevID's refusal is recorded");
        Assert.Equal(RefusalCategory.RevokedCertificate, revoked.Category);

        var timeline = (await Services.GetRequiredService<GetDeviceHandler>().HandleAsync(enrolled.Id, Ct)).Timeline
            .Where(e => e.Action == AuditActions.RefusalFirstSeen).ToList();
        Assert.Equal(["RevokedCertificate", "UntrustedCertificate"],
            timeline.Select(e => JsonDocument.Parse(e.Details).RootElement.GetProperty("category").GetString()).Order());
    }

    [Fact]
    public async Task Hub_NoClientCertificate_IsRecordedAsNoClientCertificate()
    {
        await Impostor.AssertHubRefusesAsync(EnrolledDevice.Connect(app, certificate: null), Ct);

        var refusal = await RefusalAsync(new RefusalQuery(Endpoint: RefusalEndpoint.Hub, Category: RefusalCategory.NoClientCertificate),
            "the certificate-less connection is recorded");
        Assert.Equal((Loopback, null, null), (refusal.SourceAddress, refusal.Fingerprint, refusal.DeviceId));
    }
}
