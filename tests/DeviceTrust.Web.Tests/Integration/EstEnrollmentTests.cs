using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using DeviceTrust.Application.Common;
using DeviceTrust.Application.Provisioning;
using DeviceTrust.Application.Provisioning.Certificates;
using DeviceTrust.Domain.Accounts;
using DeviceTrust.Domain.Devices;
using DeviceTrust.Domain.Provisioning;
using DeviceTrust.Enrollment.Est;
using DeviceTrust.Enrollment.Pki;
using DeviceTrust.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DeviceTrust.Web.Tests.Integration;

/// <summary>EST enrollment after the voucher (RFC 7030 4.2, 4.4; RFC 8995 5.9), revocation, and the hub with the LDevID, over real TLS.</summary>
public sealed class EstEnrollmentTests(DeviceListenerFixture app) : IClassFixture<DeviceListenerFixture>
{
    private static readonly Actor Operator = new("user:test-operator", null, new HashSet<string> { Roles.Operator });
    private CancellationToken Ct => TestContext.Current.CancellationToken;
    private IServiceProvider Services => app.Factory.Services;
    private DomainPki Pki => Services.GetRequiredService<DomainPki>();

    private static string NewSerial(string prefix) => $"{prefix}-{Guid.NewGuid().ToString("N")[..8].ToUpperInvariant()}";

    /// <summary>A pledge of an auto-accept class that has its voucher: ready for simpleenroll.</summary>
    private async Task<TestPledge> VoucheredPledgeAsync(string prefix)
    {
        var pledge = await TestPledge.CreateAsync(Services, NewSerial(prefix));
        var registrar = await pledge.DiscoverRegistrarAsync(app.Https, Ct);
        using var client = pledge.Client(app.Https);
        var response = await pledge.RequestVoucherAsync(client, pledge.SignCms(pledge.VoucherRequest(registrar)), Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return pledge;
    }

    private async Task<(Device Device, List<IssuedCertificate> Certificates, PledgeEnrollment? Enrollment)> StoredAsync(string serial)
    {
        await using var db = await Services.GetRequiredService<IDeviceTrustDbContextFactory>().CreateAsync(Ct);
        var device = await db.Devices.AsNoTracking().SingleAsync(d => d.SerialNumber == serial, Ct);
        var certificates = await db.IssuedCertificates.AsNoTracking().Where(c => c.DeviceId == device.Id).ToListAsync(Ct);
        var enrollment = await db.PledgeEnrollments.AsNoTracking().SingleOrDefaultAsync(e => e.DeviceId == device.Id, Ct);
        return (device, certificates, enrollment);
    }

    private async Task<int> MasaIssuedAsync(string serial)
    {
        await using var db = await Services.GetRequiredService<IDeviceTrustDbContextFactory>().CreateAsync(Ct);
        return await db.MasaLog.CountAsync(e => e.SerialNumber == serial && e.Outcome == MasaLogEntry.IssuedOutcome, Ct);
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string mentions)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {status}, got {response.StatusCode}: {body}");
        Assert.True(body.Contains(mentions, StringComparison.OrdinalIgnoreCase), $"'{mentions}' not in {body}");
    }

    private async Task<X509Certificate2> EnrollAsync(TestPledge pledge, ECDsa key)
    {
        using var client = pledge.Client(app.Https);
        var (csr, _) = pledge.Csr(key: key);
        var response = await TestPledge.EnrollAsync(client, csr, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await TestPledge.ReadCertificateAsync(response, Ct)).CopyWithPrivateKey(key);
    }

    [Fact]
    public async Task SimpleEnroll_WithTheIdevidAfterTheVoucher_IssuesAnLdevidAndTheDeviceIsEnrolled()
    {
        using var pledge = await VoucheredPledgeAsync("KUMO-M7-EN");
        using var client = pledge.Client(app.Https);
        var (csr, key) = pledge.Csr();

        var response = await TestPledge.EnrollAsync(client, csr, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pkcs7-mime", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("base64", response.Headers.GetValues("Content-Transfer-Encoding").Single());
        using var ldevid = await TestPledge.ReadCertificateAsync(response, Ct);
        Assert.Equal(pledge.Serial, DeviceCertificateFields.SubjectSerialNumber(ldevid));
        Assert.Equal(key.ExportSubjectPublicKeyInfo(), ldevid.PublicKey.ExportSubjectPublicKeyInfo());
        Assert.True(DeviceCertificateFields.HasExtendedKeyUsage(ldevid, "1.3.6.1.5.5.7.3.2"));
        var chain = ChainValidator.Validate(ldevid, Pki.Root.Certificate, DateTimeOffset.UtcNow, [Pki.Issuing.Certificate]);
        Assert.True(chain.IsValid, chain.Reason);
        var (device, certificates, enrollment) = await StoredAsync(pledge.Serial);
        Assert.Equal(DeviceState.Enrolled, device.State);
        Assert.Equal(PledgeStatus.Enrolled, enrollment!.Status);
        var record = Assert.Single(certificates);
        Assert.Equal(DeviceCertificateFields.Fingerprint(ldevid), record.Fingerprint);
        Assert.Equal("simpleenroll", record.IssuedVia);
        key.Dispose();
    }

    [Fact]
    public async Task SimpleReenroll_WithTheLdevid_IssuesANewCertificate_ButNotWithTheIdevid()
    {
        using var pledge = await VoucheredPledgeAsync("KUMO-M7-RE");
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var ldevid = await EnrollAsync(pledge, key);
        using var withLdevid = pledge.Client(app.Https, ldevid);
        using var withIdevid = pledge.Client(app.Https);
        using var newKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        var renewed = await TestPledge.EnrollAsync(withLdevid, pledge.Csr(key: newKey).Csr, Ct, "simplereenroll");
        var byIdevid = await TestPledge.EnrollAsync(withIdevid, pledge.Csr().Csr, Ct, "simplereenroll");

        Assert.Equal(HttpStatusCode.OK, renewed.StatusCode);
        using var second = await TestPledge.ReadCertificateAsync(renewed, Ct);
        Assert.NotEqual(ldevid.SerialNumber, second.SerialNumber);
        Assert.Equal(newKey.ExportSubjectPublicKeyInfo(), second.PublicKey.ExportSubjectPublicKeyInfo());
        await AssertProblemAsync(byIdevid, HttpStatusCode.Forbidden, "current LDevID");
        var (_, certificates, _) = await StoredAsync(pledge.Serial);
        Assert.Equal(["simpleenroll", "simplereenroll"], certificates.OrderBy(c => c.IssuedAt).Select(c => c.IssuedVia));
        // The renewed certificate supersedes the one presented: one live LDevID per device.
        var first = certificates.Single(c => c.IssuedVia == "simpleenroll");
        Assert.Equal(CertificateRevocationReason.Superseded, first.RevocationReason);
        Assert.Null(certificates.Single(c => c.IssuedVia == "simplereenroll").RevokedAt);
        await AssertProblemAsync(await TestPledge.EnrollAsync(withLdevid, pledge.Csr().Csr, Ct, "simplereenroll"), HttpStatusCode.Forbidden, "revoked");
    }

    [Fact]
    public async Task Idevid_EnrollsOnce_ThenOnlyTheLdevidRenews_AndTheVoucherIsNotIssuedAgain()
    {
        using var pledge = await VoucheredPledgeAsync("KUMO-M7-ON");
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var ldevid = await EnrollAsync(pledge, key);
        using var withIdevid = pledge.Client(app.Https);
        var registrar = await pledge.DiscoverRegistrarAsync(app.Https, Ct);
        var issuedBefore = await MasaIssuedAsync(pledge.Serial);

        var again = await TestPledge.EnrollAsync(withIdevid, pledge.Csr().Csr, Ct);
        var keyGen = await TestPledge.EnrollAsync(withIdevid, pledge.Csr().Csr, Ct, "serverkeygen");
        var voucherAgain = await pledge.RequestVoucherAsync(withIdevid, pledge.SignCms(pledge.VoucherRequest(registrar)), Ct);

        await AssertProblemAsync(again, HttpStatusCode.Forbidden, "already enrolled");
        await AssertProblemAsync(keyGen, HttpStatusCode.Forbidden, "already enrolled");
        await AssertProblemAsync(voucherAgain, HttpStatusCode.Forbidden, "already enrolled");
        Assert.Equal(issuedBefore, await MasaIssuedAsync(pledge.Serial));
        var (_, certificates, _) = await StoredAsync(pledge.Serial);
        Assert.Single(certificates);
    }

    [Fact]
    public async Task ServerKeyGen_ReturnsAKeyAndTheCertificateForIt()
    {
        using var pledge = await VoucheredPledgeAsync("KUMO-M7-SK");
        using var client = pledge.Client(app.Https);

        var response = await TestPledge.EnrollAsync(client, pledge.Csr().Csr, Ct, "serverkeygen");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var parsed = ServerKeyGenResponse.Parse(response.Content.Headers.ContentType!.ToString(), await response.Content.ReadAsByteArrayAsync(Ct));
        using var key = ECDsa.Create();
        key.ImportPkcs8PrivateKey(parsed.PrivateKeyPkcs8, out _);
        var certificate = Assert.Single(parsed.Certificates);
        Assert.Equal(key.ExportSubjectPublicKeyInfo(), certificate.PublicKey.ExportSubjectPublicKeyInfo());
        Assert.Equal(pledge.Serial, DeviceCertificateFields.SubjectSerialNumber(certificate));
    }

    public static TheoryData<string, string> BadCsrs => new()
    {
        { "not-base64", "base64" },
        { "not-der", "PKCS#10" },
        { "pop-fails", "proof of possession" },
        { "other-serial", "but this device is" },
        { "idevid-key", "reuses the IDevID's key" },
    };

    [Theory]
    [MemberData(nameof(BadCsrs))]
    public async Task BadCsr_Gets400NamingTheDefect_AndIssuesNothing(string kind, string mentions)
    {
        using var pledge = await VoucheredPledgeAsync("KUMO-M7-BC");
        using var client = pledge.Client(app.Https);
        using var idevidKey = pledge.Idevid.GetECDsaPrivateKey()!;
        var body = kind switch
        {
            "not-base64" => "this is *not* base64!"u8.ToArray(),
            "not-der" => "Z2FyYmFnZQ=="u8.ToArray(), // base64 of "garbage"
            "pop-fails" => Encoded(MismatchedKeyCsr(pledge.Serial)),
            "other-serial" => Encoded(pledge.Csr(subjectSerial: "SOMEONE-ELSE").Csr),
            "idevid-key" => Encoded(pledge.Csr(key: idevidKey).Csr),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };

        var response = await TestPledge.PostAsync(client, "/.well-known/est/simpleenroll", body, EstMediaTypes.Pkcs10, Ct);

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, mentions);
        var (device, certificates, _) = await StoredAsync(pledge.Serial);
        Assert.Equal(DeviceState.Bootstrapping, device.State);
        Assert.Empty(certificates);
    }

    private static byte[] Encoded(byte[] der) => System.Text.Encoding.ASCII.GetBytes(EstBase64.Encode(der));

    /// <summary>A CSR carrying one key but signed with another: what a device with a broken key store sends.</summary>
    private static byte[] MismatchedKeyCsr(string serial)
    {
        using var carried = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var signing = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={serial}", carried, HashAlgorithmName.SHA256);
        return request.CreateSigningRequest(X509SignatureGenerator.CreateForECDsa(signing));
    }

    [Fact]
    public async Task SimpleEnroll_WhilePending_Gets202_AndWithoutAVoucher_Gets403()
    {
        using var held = await TestPledge.CreateAsync(Services, NewSerial("ACME-G2-EP"), "Acme Gateway G2", "Acme Sensors");
        var registrar = await held.DiscoverRegistrarAsync(app.Https, Ct);
        using var heldClient = held.Client(app.Https);
        Assert.Equal(HttpStatusCode.Accepted, (await held.RequestVoucherAsync(heldClient, held.SignCms(held.VoucherRequest(registrar)), Ct)).StatusCode);
        using var stranger = await TestPledge.CreateAsync(Services, NewSerial("KUMO-M7-NV"));
        using var strangerClient = stranger.Client(app.Https);

        var pending = await TestPledge.EnrollAsync(heldClient, held.Csr().Csr, Ct);
        var noVoucher = await TestPledge.EnrollAsync(strangerClient, stranger.Csr().Csr, Ct);

        Assert.Equal(HttpStatusCode.Accepted, pending.StatusCode);
        Assert.NotNull(pending.Headers.RetryAfter);
        await AssertProblemAsync(noVoucher, HttpStatusCode.Forbidden, "neither an IDevID that was issued a voucher");
    }

    [Fact]
    public async Task RevokedDevice_IsOnTheCrl_AndItsLdevidIsRefusedEverywhere()
    {
        using var pledge = await VoucheredPledgeAsync("KUMO-M7-RV");
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var ldevid = await EnrollAsync(pledge, key);
        var (device, _, _) = await StoredAsync(pledge.Serial);

        await Services.GetRequiredService<CertificateRevocation>().RevokeDeviceAsync(device.Id, CertificateRevocationReason.KeyCompromise, "key found on a forum", Operator, Ct);

        using var http = new HttpClient { BaseAddress = app.Http };
        var crl = CertificateRevocationList.Parse(await http.GetByteArrayAsync("/pki/crl", Ct));
        Assert.True(crl.IsRevoked(ldevid.SerialNumber));
        Assert.Equal(RevocationReason.KeyCompromise, crl.Entries.Single(e => e.SerialNumber == ldevid.SerialNumber).Reason);
        var (revoked, certificates, _) = await StoredAsync(pledge.Serial);
        Assert.Equal(DeviceState.Revoked, revoked.State);
        Assert.All(certificates, c => Assert.NotNull(c.RevokedAt));
        using var client = pledge.Client(app.Https, ldevid);
        await AssertProblemAsync(await TestPledge.EnrollAsync(client, pledge.Csr().Csr, Ct, "simplereenroll"), HttpStatusCode.Forbidden, "revoked");
        await using var hub = EnrolledDevice.Connect(app, ldevid);
        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => hub.StartAsync(Ct));
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Fact]
    public async Task Hub_AcceptsTheLdevidAsTheDevicesIdentity_AndAsksTheEnrolledDeviceToAttest()
    {
        using var pledge = await VoucheredPledgeAsync("KUMO-M7-HB");
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var ldevid = await EnrollAsync(pledge, key);
        await using var hub = EnrolledDevice.Connect(app, ldevid);
        var asked = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        hub.On<JsonElement>("Attest", challenge => asked.TrySetResult(challenge));

        await hub.StartAsync(Ct);
        await hub.SendAsync("ReportFirmware", new { components = new[] { new { name = "firmware", version = "0.9.12" } } }, Ct);

        Assert.Equal(HubConnectionState.Connected, hub.State);
        await Wait.UntilAsync(async () => (await StoredAsync(pledge.Serial)).Device.FirmwareVersion == "0.9.12", "the reported firmware is stored");
        // Its first connection with the LDevID asks it to attest; it enters service by an affirming verdict, not by connecting.
        var challenge = await asked.Task.WaitAsync(TimeSpan.FromSeconds(30), Ct);
        Assert.StartsWith("/challenge-response/v1/session/", challenge.GetProperty("session").GetString(), StringComparison.Ordinal);
        Assert.Equal(DeviceState.Enrolled, (await StoredAsync(pledge.Serial)).Device.State);
    }
}
