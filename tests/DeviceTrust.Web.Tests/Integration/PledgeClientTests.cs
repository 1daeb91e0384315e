using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DeviceTrust.Application.Common;
using DeviceTrust.Application.Provisioning;
using DeviceTrust.Application.Provisioning.Enrollments;
using DeviceTrust.Domain.Accounts;
using DeviceTrust.Domain.Devices;
using DeviceTrust.Domain.Provisioning;
using DeviceTrust.Enrollment.Brski;
using DeviceTrust.Enrollment.Pki;
using DeviceTrust.Simulator.Provisioning;
using DeviceTrust.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DeviceTrust.Web.Tests.Integration;

/// <summary>
/// The simulator's pledge (<see cref="BrskiPledge"/>, <see cref="EstClient"/>) against the real registrar, embedded MASA
/// and EST over the real TLS listener: pledge -> registrar -> MASA -> EST, and the refusals its faults provoke.
/// </summary>
public sealed class PledgeClientTests(DeviceListenerFixture app) : IClassFixture<DeviceListenerFixture>
{
    private static readonly Actor Operator = new("user:test-operator", null, new HashSet<string> { Roles.Operator });
    private readonly ConcurrentQueue<string> _progress = new();
    private CancellationToken Ct => TestContext.Current.CancellationToken;
    private IServiceProvider Services => app.Factory.Services;
    private DomainPki Pki => Services.GetRequiredService<DomainPki>();

    private static string NewSerial(string prefix) => $"{prefix}-{Guid.NewGuid().ToString("N")[..8].ToUpperInvariant()}";

    /// <summary>The minted IDevID as the device holds it: its own copies, so the pledge can dispose them.</summary>
    private static DeviceIdentity IdentityOf(TestPledge pledge) => new(
        X509CertificateLoader.LoadCertificate(pledge.Idevid.RawData), pledge.Idevid.GetECDsaPrivateKey()!,
        [X509CertificateLoader.LoadCertificate(pledge.IdevidCa.RawData)], X509CertificateLoader.LoadCertificate(pledge.Masa.RawData));

    private BrskiPledge Pledge(DeviceIdentity identity, PledgeOptions? options = null) =>
        new(identity, app.Https, (options ?? new PledgeOptions()) with { Progress = new Progress(_progress) });

    private async Task<(Device Device, PledgeEnrollment? Enrollment)> StoredAsync(string serial)
    {
        await using var db = await Services.GetRequiredService<IDeviceTrustDbContextFactory>().CreateAsync(Ct);
        var device = await db.Devices.AsNoTracking().SingleAsync(d => d.SerialNumber == serial, Ct);
        return (device, await db.PledgeEnrollments.AsNoTracking().SingleOrDefaultAsync(e => e.DeviceId == device.Id, Ct));
    }

    [Fact]
    public async Task ProvisionAsync_AutoAcceptPledge_GetsAVoucherAndAnLdevidChainingToThePinnedRoot()
    {
        using var minted = await TestPledge.CreateAsync(Services, NewSerial("KUMO-M7-PC"));
        using var idevid = IdentityOf(minted);

        var result = await Pledge(idevid).ProvisionAsync(Ct);

        using var ldevid = result.Ldevid;
        Assert.Equal(Pki.Root.Certificate.RawData, result.Voucher.PinnedDomainCertificate.RawData);
        Assert.Equal(Pki.RegistrarTlsCertificate.RawData, result.Voucher.Registrar.Leaf.RawData);
        Assert.Equal(BrskiMediaTypes.VoucherCmsJson, result.Voucher.MediaType);
        Assert.Equal((minted.Serial, 1), (result.Voucher.Voucher.SerialNumber, result.Voucher.Attempts));
        Assert.True(result.Voucher.VoucherStatusAccepted);
        Assert.True(result.EnrollStatusAccepted);
        Assert.Equal(minted.Serial, ldevid.SerialNumber);
        Assert.True(ldevid.Certificate.HasPrivateKey);
        Assert.Equal(Pki.Issuing.Certificate.Subject, ldevid.Certificate.Issuer);
        Assert.True(ChainValidator.Validate(ldevid.Certificate, Pki.Root.Certificate, DateTimeOffset.UtcNow, ldevid.Chain).IsValid);
        var (device, enrollment) = await StoredAsync(minted.Serial);
        Assert.Equal(DeviceState.Enrolled, device.State);
        Assert.Equal((PledgeStatus.Enrolled, true, true), (enrollment!.Status, enrollment.VoucherStatusOk, enrollment.EnrollStatusOk));
    }

    [Fact]
    public async Task ProvisionAsync_ConstrainedVoucherRequest_GetsACoseVoucherAndAnLdevid()
    {
        using var minted = await TestPledge.CreateAsync(Services, NewSerial("KUMO-M7-PK"));
        using var idevid = IdentityOf(minted);

        var result = await Pledge(idevid, new PledgeOptions { ConstrainedVoucher = true }).ProvisionAsync(Ct);

        using var ldevid = result.Ldevid;
        Assert.Equal(BrskiMediaTypes.VoucherCose, result.Voucher.MediaType);
        Assert.Equal(Pki.Root.Certificate.RawData, result.Voucher.PinnedDomainCertificate.RawData);
        Assert.Equal(minted.Serial, ldevid.SerialNumber);
    }

    [Fact]
    public async Task ProvisionAsync_HeldPledge_WaitsOutRetryAfterUntilAnOperatorApproves()
    {
        using var minted = await TestPledge.CreateAsync(Services, NewSerial("ACME-G2-PC"), "Acme Gateway G2", "Acme Sensors");
        using var idevid = IdentityOf(minted);
        var provisioning = Pledge(idevid, new PledgeOptions { MaxAttempts = 120 }).ProvisionAsync(Ct);

        var held = await Wait.ForAsync(async () => (await StoredAsync(minted.Serial)).Enrollment is { Status: PledgeStatus.AwaitingApproval } e ? e : null,
            "the pledge is held for approval");
        await Wait.UntilAsync(() => Task.FromResult(_progress.Any(line => line.Contains("pending (Retry-After 1 s)", StringComparison.Ordinal))),
            "the pledge was told to come back after Retry-After");
        await Services.GetRequiredService<PledgeDecisions>().ApproveAsync(held.Id, "expected gateway", Operator, Ct);
        var result = await provisioning.WaitAsync(TimeSpan.FromSeconds(60), Ct);

        using var ldevid = result.Ldevid;
        Assert.True(result.Voucher.Attempts >= 2, $"{result.Voucher.Attempts} voucher request(s)");
        Assert.Equal(minted.Serial, ldevid.SerialNumber);
        Assert.Equal(Operator.Name, (await StoredAsync(minted.Serial)).Enrollment!.DecidedBy);
    }

    [Fact]
    public async Task RequestVoucherAsync_TamperedVoucher_IsRefusedAndReportedAsVoucherStatusFalse()
    {
        using var minted = await TestPledge.CreateAsync(Services, NewSerial("KUMO-M7-PT"));
        using var idevid = IdentityOf(minted);
        var pledge = Pledge(idevid, new PledgeOptions { Faults = new PledgeFaults { TamperVoucher = true } });

        var error = await Assert.ThrowsAsync<PledgeException>(() => pledge.RequestVoucherAsync(Ct));

        Assert.Equal((PledgeFailure.VoucherRejected, VoucherFailure.NotSignedByMasa), (error.Failure, error.VoucherFailure));
        Assert.True(error.StatusReported);
        var (_, enrollment) = await StoredAsync(minted.Serial);
        Assert.False(enrollment!.VoucherStatusOk);
        Assert.Contains("signature", enrollment.VoucherStatusReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProvisionAsync_CsrSignedWithAnotherKey_IsRefusedWith400AndReportedAsEnrollStatusFalse()
    {
        using var minted = await TestPledge.CreateAsync(Services, NewSerial("KUMO-M7-PX"));
        using var idevid = IdentityOf(minted);
        var pledge = Pledge(idevid, new PledgeOptions { Faults = new PledgeFaults { CsrSignedWithOtherKey = true } });

        var error = await Assert.ThrowsAsync<PledgeException>(() => pledge.ProvisionAsync(Ct));

        Assert.Equal((PledgeFailure.Refused, "simpleenroll", 400), (error.Failure, error.Step, error.ServerError!.Status));
        Assert.Contains("proof of possession", error.ServerError.Detail, StringComparison.OrdinalIgnoreCase);
        var (device, enrollment) = await StoredAsync(minted.Serial);
        Assert.Equal(DeviceState.Bootstrapping, device.State);
        Assert.True(enrollment!.VoucherStatusOk);
        Assert.Null(enrollment.EnrolledAt);
    }

    [Fact]
    public async Task RequestVoucherAsync_SerialNotInTheInventory_IsRefusedWith403()
    {
        using var minted = await TestPledge.CreateAsync(Services, NewSerial("KUMO-M7-PU"), register: false);
        using var idevid = IdentityOf(minted);

        var error = await Assert.ThrowsAsync<PledgeException>(() => Pledge(idevid).RequestVoucherAsync(Ct));

        Assert.Equal((PledgeFailure.Refused, 403), (error.Failure, error.ServerError!.Status));
        Assert.Contains("inventory", error.ServerError.Detail, StringComparison.Ordinal);
        Assert.False(error.StatusReported);
    }

    [Fact]
    public async Task EstClient_WithTheLdevid_ReenrollsAndGetsAServerGeneratedKey()
    {
        using var minted = await TestPledge.CreateAsync(Services, NewSerial("KUMO-M7-PR"));
        using var idevid = IdentityOf(minted);
        var provisioned = await Pledge(idevid).ProvisionAsync(Ct);
        using var ldevid = provisioned.Ldevid;
        var trust = ServerCertificatePolicy.PinnedTo(provisioned.Voucher.PinnedDomainCertificate, TimeProvider.System, requireRegistrar: true);
        using var http = DeviceHttp.CreateClient(app.Https, trust, ldevid.TlsCertificate);
        var est = new EstClient(http);
        using var newKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        var renewed = await est.SimpleReenrollAsync(DeviceCsr.Create(ldevid.Certificate.SubjectName, newKey), Ct);
        var certificate = Assert.IsType<ServerReply<X509Certificate2>.Completed>(renewed).Value;
        // The renewed LDevID supersedes the one presented, so the next request goes with the renewed one.
        using var renewedTls = certificate.CopyWithPrivateKey(newKey);
        using var renewedHttp = DeviceHttp.CreateClient(app.Https, trust, renewedTls);
        var generated = await new EstClient(renewedHttp).ServerKeyGenAsync(DeviceCsr.Create(ldevid.Certificate.SubjectName, newKey), Ct);

        Assert.True(DeviceCertificateFields.SameKey(certificate, newKey.ExportSubjectPublicKeyInfo()));
        Assert.Equal(ldevid.Certificate.Subject, certificate.Subject);
        var keyGen = Assert.IsType<ServerReply<Enrollment.Est.ServerKeyGenResponse>.Completed>(generated).Value;
        using var serverKey = ECDsa.Create();
        serverKey.ImportPkcs8PrivateKey(keyGen.PrivateKeyPkcs8, out _);
        Assert.True(DeviceCertificateFields.SameKey(Assert.Single(keyGen.Certificates), serverKey.ExportSubjectPublicKeyInfo()));
        Assert.Null(trust.LastRejection);
    }

    [Fact]
    public async Task EstClient_SimpleReenrollWithTheIdevid_IsRefusedWith403()
    {
        using var minted = await TestPledge.CreateAsync(Services, NewSerial("KUMO-M7-PN"));
        using var idevid = IdentityOf(minted);
        using var http = DeviceHttp.CreateClient(app.Https, ServerCertificatePolicy.PinnedTo(Pki.Root.Certificate, TimeProvider.System), idevid.TlsCertificate);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        var reply = await new EstClient(http).SimpleReenrollAsync(DeviceCsr.Create(DeviceCsr.SubjectFor(minted.Serial), key), Ct);

        var refused = Assert.IsType<ServerReply<X509Certificate2>.Refused>(reply);
        Assert.Equal(403, refused.Error.Status);
        Assert.Contains("LDevID", refused.Error.Detail, StringComparison.Ordinal);
    }

    private sealed class Progress(ConcurrentQueue<string> lines) : IProgress<string>
    {
        public void Report(string value) => lines.Enqueue(value);
    }
}
