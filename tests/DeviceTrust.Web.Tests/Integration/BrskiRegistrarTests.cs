using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DeviceTrust.Application.Common;
using DeviceTrust.Application.Provisioning;
using DeviceTrust.Application.Provisioning.Enrollments;
using DeviceTrust.Domain.Accounts;
using DeviceTrust.Domain.Devices;
using DeviceTrust.Domain.Provisioning;
using DeviceTrust.Enrollment.Brski;
using DeviceTrust.Enrollment.Cms;
using DeviceTrust.Enrollment.Vouchers;
using DeviceTrust.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DeviceTrust.Web.Tests.Integration;

/// <summary>
/// The registrar and the embedded MASA over real TLS (RFC 8995 5): pledges written out with the protocol library send
/// good and bad voucher-requests; the tests read back what was, and was not, persisted.
/// </summary>
public sealed class BrskiRegistrarTests(DeviceListenerFixture app) : IClassFixture<DeviceListenerFixture>
{
    private static readonly Actor Operator = new("user:test-operator", null, new HashSet<string> { Roles.Operator });
    private CancellationToken Ct => TestContext.Current.CancellationToken;
    private IServiceProvider Services => app.Factory.Services;
    private DomainPki Pki => Services.GetRequiredService<DomainPki>();

    private static string NewSerial(string prefix) => $"{prefix}-{Guid.NewGuid().ToString("N")[..8].ToUpperInvariant()}";

    private async Task<(Device Device, PledgeEnrollment? Enrollment, int MasaIssued)> StoredAsync(string serial)
    {
        await using var db = await Services.GetRequiredService<IDeviceTrustDbContextFactory>().CreateAsync(Ct);
        var device = await db.Devices.AsNoTracking().SingleAsync(d => d.SerialNumber == serial, Ct);
        var enrollment = await db.PledgeEnrollments.AsNoTracking().SingleOrDefaultAsync(e => e.DeviceId == device.Id, Ct);
        var issued = await db.MasaLog.CountAsync(e => e.SerialNumber == serial && e.Outcome == MasaLogEntry.IssuedOutcome, Ct);
        return (device, enrollment, issued);
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string mentions)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {status}, got {response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True(body.Contains(mentions, StringComparison.OrdinalIgnoreCase), $"'{mentions}' not in {body}");
    }

    [Fact]
    public async Task AutoAcceptPledge_GetsAMasaSignedVoucherPinningTheDomainRoot()
    {
        using var pledge = await TestPledge.CreateAsync(Services, NewSerial("KUMO-M7-BR"));
        var registrar = await pledge.DiscoverRegistrarAsync(app.Https, Ct);
        var request = pledge.VoucherRequest(registrar);
        using var client = pledge.Client(app.Https);

        var response = await pledge.RequestVoucherAsync(client, pledge.SignCms(request), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(BrskiMediaTypes.VoucherCmsJson, response.Content.Headers.ContentType?.MediaType);
        var verified = CmsSignedMessage.Verify(await response.Content.ReadAsByteArrayAsync(Ct), pledge.Masa, DateTimeOffset.UtcNow);
        Assert.True(verified.IsValid, verified.Reason);
        var voucher = VoucherJson.ReadVoucher(verified.Content);
        Assert.Equal(pledge.Serial, voucher.SerialNumber);
        Assert.Equal(request.Nonce!.Value.ToArray(), voucher.Nonce!.Value.ToArray());
        Assert.Equal(Pki.Root.Certificate.RawData, voucher.PinnedDomainCert!.Value.ToArray());
        Assert.True(voucher.ExpiresOn > voucher.CreatedOn);
        var (device, enrollment, masaIssued) = await StoredAsync(pledge.Serial);
        Assert.Equal(DeviceState.Bootstrapping, device.State);
        Assert.Equal(PledgeStatus.VoucherIssued, enrollment!.Status);
        Assert.Equal("policy:auto-accept", enrollment.DecidedBy);
        Assert.Equal(1, masaIssued);
    }

    [Fact]
    public async Task CoseVoucherRequest_GetsACoseVoucherSignedByTheMasa()
    {
        using var pledge = await TestPledge.CreateAsync(Services, NewSerial("KUMO-M7-CO"));
        var registrar = await pledge.DiscoverRegistrarAsync(app.Https, Ct);
        var request = pledge.VoucherRequest(registrar);
        using var client = pledge.Client(app.Https);

        var response = await pledge.RequestVoucherAsync(client, pledge.SignCose(request), Ct, BrskiMediaTypes.VoucherCose);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(BrskiMediaTypes.VoucherCose, response.Content.Headers.ContentType?.MediaType);
        var voucher = ConstrainedVoucher.DecodeVoucher(await response.Content.ReadAsByteArrayAsync(Ct));
        Assert.True(voucher.Verify(pledge.Masa));
        Assert.Equal(pledge.Serial, voucher.Content.SerialNumber);
        Assert.Equal(request.Nonce!.Value.ToArray(), voucher.Content.Nonce!.Value.ToArray());
        Assert.Equal(Pki.Root.Certificate.RawData, voucher.Content.PinnedDomainCert!.Value.ToArray());
    }

    [Fact]
    public async Task HeldPledge_Gets202WithRetryAfterUntilAnOperatorApproves_ThenItsVoucher()
    {
        using var pledge = await TestPledge.CreateAsync(Services, NewSerial("ACME-G2-BR"), "Acme Gateway G2", "Acme Sensors");
        var registrar = await pledge.DiscoverRegistrarAsync(app.Https, Ct);
        var signed = pledge.SignCms(pledge.VoucherRequest(registrar));
        using var client = pledge.Client(app.Https);

        var first = await pledge.RequestVoucherAsync(client, signed, Ct);
        var second = await pledge.RequestVoucherAsync(client, signed, Ct);

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(1), first.Headers.RetryAfter?.Delta);
        Assert.Equal(HttpStatusCode.Accepted, second.StatusCode);
        var (device, held, _) = await StoredAsync(pledge.Serial);
        Assert.Equal(DeviceState.Bootstrapping, device.State);
        Assert.Equal(PledgeStatus.AwaitingApproval, held!.Status);
        Assert.Equal(2, held.RequestCount);

        await Services.GetRequiredService<PledgeDecisions>().ApproveAsync(held.Id, "expected gateway for line 5", Operator, Ct);
        var third = await pledge.RequestVoucherAsync(client, signed, Ct);

        Assert.Equal(HttpStatusCode.OK, third.StatusCode);
        var (_, approved, _) = await StoredAsync(pledge.Serial);
        Assert.Equal(PledgeStatus.VoucherIssued, approved!.Status);
        Assert.Equal(Operator.Name, approved.DecidedBy);
    }

    [Fact]
    public async Task RejectedPledge_IsRefusedWithTheReason_AndItsDeviceIsManufacturedAgain()
    {
        using var pledge = await TestPledge.CreateAsync(Services, NewSerial("ACME-G2-RJ"), "Acme Gateway G2", "Acme Sensors");
        var registrar = await pledge.DiscoverRegistrarAsync(app.Https, Ct);
        var signed = pledge.SignCms(pledge.VoucherRequest(registrar));
        using var client = pledge.Client(app.Https);
        Assert.Equal(HttpStatusCode.Accepted, (await pledge.RequestVoucherAsync(client, signed, Ct)).StatusCode);
        var (_, held, _) = await StoredAsync(pledge.Serial);

        await Services.GetRequiredService<PledgeDecisions>().RejectAsync(held!.Id, "not ordered by us", Operator, Ct);
        var response = await pledge.RequestVoucherAsync(client, signed, Ct);

        await AssertProblemAsync(response, HttpStatusCode.Forbidden, "not ordered by us");
        var (device, rejected, masaIssued) = await StoredAsync(pledge.Serial);
        Assert.Equal(DeviceState.Manufactured, device.State);
        Assert.Equal(PledgeStatus.Rejected, rejected!.Status);
        Assert.Equal(0, masaIssued);
    }

    public static TheoryData<string> RefusedRequests =>
    [
        "serial-mismatch", "unknown-serial", "untrusted-idevid", "other-signer", "wrong-registrar", "no-client-certificate", "tampered",
    ];

    [Theory]
    [MemberData(nameof(RefusedRequests))]
    public async Task RefusedRequest_Gets403NamingTheProblem_AndPersistsNothing(string kind)
    {
        var serial = NewSerial("KUMO-M7-RF");
        using var pledge = await TestPledge.CreateAsync(Services, serial, register: kind != "unknown-serial");
        var registrar = await pledge.DiscoverRegistrarAsync(app.Https, Ct);
        using var stranger = await TestPledge.CreateAsync(Services, NewSerial("KUMO-M7-ST"));
        var foreignCa = Enrollment.Pki.CertificateAuthority.CreateRoot(new("CN=Counterfeit IDevID CA"), TimeSpan.FromDays(30), TimeProvider.System);
        (byte[] Body, HttpClient Client, string Mentions) attempt = kind switch
        {
            "serial-mismatch" => (pledge.SignCms(pledge.VoucherRequest(registrar, serial: stranger.Serial)), pledge.Client(app.Https), "only issued for the IDevID's own serial"),
            "unknown-serial" => (pledge.SignCms(pledge.VoucherRequest(registrar)), pledge.Client(app.Https), "not in this domain's inventory"),
            "untrusted-idevid" => Counterfeit(pledge, foreignCa, registrar),
            "other-signer" => (stranger.SignCms(stranger.VoucherRequest(registrar)), pledge.Client(app.Https), "not signed by the IDevID presented at TLS"),
            "wrong-registrar" => (pledge.SignCms(pledge.VoucherRequest(stranger.Idevid)), pledge.Client(app.Https), "not this registrar's certificate"),
            "no-client-certificate" => (pledge.SignCms(pledge.VoucherRequest(registrar)), pledge.Client(app.Https, noCertificate: true), "IDevID as the TLS client certificate"),
            "tampered" => (Tamper(pledge.SignCms(pledge.VoucherRequest(registrar)), pledge.Serial), pledge.Client(app.Https), "does not verify"),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
        using var client = attempt.Client;

        var response = await pledge.RequestVoucherAsync(client, attempt.Body, Ct);

        await AssertProblemAsync(response, HttpStatusCode.Forbidden, attempt.Mentions);
        if (kind != "unknown-serial")
        {
            var (device, enrollment, masaIssued) = await StoredAsync(serial);
            Assert.Equal(DeviceState.Manufactured, device.State);
            Assert.Null(enrollment);
            Assert.Equal(0, masaIssued);
        }
    }

    /// <summary>An IDevID with the right serial from a CA nobody trusts, signing its own request.</summary>
    private (byte[], HttpClient, string) Counterfeit(TestPledge pledge, Enrollment.Pki.CertificateAuthority ca, System.Security.Cryptography.X509Certificates.X509Certificate2 registrar)
    {
        using var key = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        using var fake = ca.IssueIdevid(new Enrollment.Pki.IdevidRequest(key.ExportSubjectPublicKeyInfo(), pledge.Serial) { CommonName = "fake" });
        var withKey = System.Security.Cryptography.X509Certificates.ECDsaCertificateExtensions.CopyWithPrivateKey(fake, key);
        return (pledge.SignCms(pledge.VoucherRequest(registrar), withKey), pledge.Client(app.Https, withKey), "does not chain to a trusted manufacturer CA");
    }

    /// <summary>Changes one character of the signed JSON (the serial's last digit), leaving the CMS well-formed.</summary>
    private static byte[] Tamper(byte[] cms, string serial)
    {
        var needle = System.Text.Encoding.UTF8.GetBytes(serial);
        var at = cms.AsSpan().IndexOf(needle);
        Assert.True(at >= 0);
        var copy = (byte[])cms.Clone();
        copy[at + needle.Length - 1] ^= 0x01;
        return copy;
    }

    public static TheoryData<string, string, string> MalformedRequests => new()
    {
        { "not-der", BrskiMediaTypes.VoucherCmsJson, "CMS" },
        { "empty", BrskiMediaTypes.VoucherCmsJson, "empty" },
        { "bad-json", BrskiMediaTypes.VoucherCmsJson, "serial-number: must be a JSON string" },
        { "no-proximity", BrskiMediaTypes.VoucherCmsJson, "proximity-registrar-cert" },
        { "not-cose", BrskiMediaTypes.VoucherCose, "COSE" },
    };

    [Theory]
    [MemberData(nameof(MalformedRequests))]
    public async Task MalformedRequest_Gets400NamingTheDefect_AndPersistsNothing(string kind, string mediaType, string mentions)
    {
        using var pledge = await TestPledge.CreateAsync(Services, NewSerial("KUMO-M7-MF"));
        var registrar = await pledge.DiscoverRegistrarAsync(app.Https, Ct);
        var body = kind switch
        {
            "not-der" => "not a CMS message"u8.ToArray(),
            "empty" => [],
            "bad-json" => SignRaw(pledge, "{\"ietf-voucher-request:voucher\": {\"serial-number\": 42}}"u8.ToArray()),
            "no-proximity" => pledge.SignCms(new VoucherRequest { SerialNumber = pledge.Serial, CreatedOn = DateTimeOffset.UtcNow, Nonce = new byte[16] }),
            "not-cose" => [0xd2, 0x84, 0x40],
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
        using var client = pledge.Client(app.Https);

        var response = await pledge.RequestVoucherAsync(client, body, Ct, mediaType);

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, mentions);
        var (device, enrollment, _) = await StoredAsync(pledge.Serial);
        Assert.Equal(DeviceState.Manufactured, device.State);
        Assert.Null(enrollment);
        _ = registrar;
    }

    private static byte[] SignRaw(TestPledge pledge, byte[] json)
    {
        using var key = System.Security.Cryptography.X509Certificates.ECDsaCertificateExtensions.GetECDsaPrivateKey(pledge.Idevid)!;
        return CmsSignedMessage.Sign(json, pledge.Idevid, key, Enrollment.Pki.EnrollmentOids.AnimaJsonVoucher);
    }

    [Fact]
    public async Task CoseVoucherRequest_WithAnAlgorithmNotImplemented_Gets400NamingIt()
    {
        using var pledge = await TestPledge.CreateAsync(Services, NewSerial("KUMO-M7-AL"));
        var registrar = await pledge.DiscoverRegistrarAsync(app.Https, Ct);
        // COSE_Sign1 with protected {1: -8} (EdDSA), which this registrar does not verify.
        var writer = new System.Formats.Cbor.CborWriter();
        writer.WriteTag((System.Formats.Cbor.CborTag)18);
        writer.WriteStartArray(4);
        writer.WriteByteString([0xa1, 0x01, 0x27]);
        writer.WriteStartMap(0);
        writer.WriteEndMap();
        writer.WriteByteString(Enrollment.Vouchers.ConstrainedVoucherCbor.Encode(pledge.VoucherRequest(registrar)));
        writer.WriteByteString(new byte[64]);
        writer.WriteEndArray();
        using var client = pledge.Client(app.Https);

        var response = await pledge.RequestVoucherAsync(client, writer.Encode(), Ct, BrskiMediaTypes.VoucherCose);

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "unsupported signature algorithm");
        Assert.Null((await StoredAsync(pledge.Serial)).Enrollment);
    }

    [Fact]
    public async Task ConcurrentFirstRequests_OfOnePledge_AllGetAVoucherOrRetry_NeverAServerError()
    {
        using var pledge = await TestPledge.CreateAsync(Services, NewSerial("KUMO-M7-CC"));
        var registrar = await pledge.DiscoverRegistrarAsync(app.Https, Ct);
        var signed = pledge.SignCms(pledge.VoucherRequest(registrar));
        using var client = pledge.Client(app.Https);

        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => pledge.RequestVoucherAsync(client, signed, Ct)));

        Assert.All(responses, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.Accepted }));
        Assert.Contains(responses, r => r.StatusCode == HttpStatusCode.OK);
        var (device, enrollment, _) = await StoredAsync(pledge.Serial);
        Assert.Equal(DeviceState.Bootstrapping, device.State);
        Assert.Equal(PledgeStatus.VoucherIssued, enrollment!.Status);
    }

    [Fact]
    public async Task WrongMediaType_Gets415_AndPlainHttp_Gets403()
    {
        using var pledge = await TestPledge.CreateAsync(Services, NewSerial("KUMO-M7-MT"));
        using var client = pledge.Client(app.Https);
        using var http = new HttpClient { BaseAddress = app.Http };

        var wrongType = await TestPledge.PostAsync(client, "/.well-known/brski/requestvoucher", [1, 2, 3], "application/json", Ct);
        var plain = await TestPledge.PostAsync(http, "/.well-known/brski/requestvoucher", [1, 2, 3], BrskiMediaTypes.VoucherCmsJson, Ct);

        await AssertProblemAsync(wrongType, HttpStatusCode.UnsupportedMediaType, BrskiMediaTypes.VoucherCmsJson);
        await AssertProblemAsync(plain, HttpStatusCode.Forbidden, "requires TLS");
    }

    [Fact]
    public async Task VoucherStatusAndEnrollStatus_AreStored_AndMalformedStatusIsA400()
    {
        using var pledge = await TestPledge.CreateAsync(Services, NewSerial("KUMO-M7-VS"));
        var registrar = await pledge.DiscoverRegistrarAsync(app.Https, Ct);
        using var client = pledge.Client(app.Https);
        Assert.Equal(HttpStatusCode.OK, (await pledge.RequestVoucherAsync(client, pledge.SignCms(pledge.VoucherRequest(registrar)), Ct)).StatusCode);

        var status = await TestPledge.PostAsync(client, "/.well-known/brski/voucher_status",
            new StatusReport(true, "voucher accepted", """{"pinned":"root"}""").ToJson(), "application/json", Ct);
        var failedEnrollment = await TestPledge.PostAsync(client, "/.well-known/brski/enrollstatus",
            new StatusReport(false, "simpleenroll refused: 400", null).ToJson(), "application/json", Ct);
        using var stranger = await TestPledge.CreateAsync(Services, NewSerial("KUMO-M7-VX"));
        using var strangerClient = stranger.Client(app.Https);
        var noVoucher = await TestPledge.PostAsync(strangerClient, "/.well-known/brski/voucher_status", new StatusReport(true, null, null).ToJson(), "application/json", Ct);
        var malformed = await TestPledge.PostAsync(client, "/.well-known/brski/voucher_status", """{"version":1,"status":"yes"}"""u8.ToArray(), "application/json", Ct);

        Assert.Equal(HttpStatusCode.OK, status.StatusCode);
        Assert.Equal(HttpStatusCode.OK, failedEnrollment.StatusCode);
        await AssertProblemAsync(noVoucher, HttpStatusCode.Forbidden, "belongs to no pledge");
        await AssertProblemAsync(malformed, HttpStatusCode.BadRequest, "must be true or false");
        var (_, enrollment, _) = await StoredAsync(pledge.Serial);
        Assert.True(enrollment!.VoucherStatusOk);
        Assert.Equal("voucher accepted", enrollment.VoucherStatusReason);
        Assert.False(enrollment.EnrollStatusOk);
        Assert.Equal("simpleenroll refused: 400", enrollment.EnrollStatusReason);
    }
}

/// <summary>The DEV-ONLY IDevID minting API (Development only, security officers only).</summary>
public sealed class DevelopmentIdevidApiTests(WebAppFixture app)
{
    private CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string NewSerial(string prefix) => $"{prefix}-{Guid.NewGuid().ToString("N")[..8].ToUpperInvariant()}";

    [Fact]
    public async Task DevelopmentIdevidApi_MintsForSecurityOfficers_Only()
    {
        using var officer = await BrowserlessClient.SignedInAsync(app.Factory, "security");
        using var operatorClient = await BrowserlessClient.SignedInAsync(app.Factory, "operator");
        var serial = NewSerial("KUMO-M7-DV");

        var minted = await officer.PostAsJsonAsync("/api/v1/dev/manufacturers/Kumo Devices/idevids", new { serialNumber = serial }, Ct);
        var refused = await operatorClient.PostAsJsonAsync("/api/v1/dev/manufacturers/Kumo Devices/idevids", new { serialNumber = serial }, Ct);
        var unknown = await officer.PostAsJsonAsync("/api/v1/dev/manufacturers/Nobody Inc/idevids", new { serialNumber = serial }, Ct);
        var badSerial = await officer.PostAsJsonAsync("/api/v1/dev/manufacturers/Kumo Devices/idevids", new { serialNumber = "bad serial!" }, Ct);

        Assert.Equal(HttpStatusCode.Created, minted.StatusCode);
        using var json = JsonDocument.Parse(await minted.Content.ReadAsStringAsync(Ct));
        using var certificate = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(json.RootElement.GetProperty("certificatePem").GetString()!);
        Assert.Equal(serial, Enrollment.Pki.DeviceCertificateFields.SubjectSerialNumber(certificate));
        Assert.Contains("PRIVATE KEY", json.RootElement.GetProperty("privateKeyPem").GetString(), StringComparison.Ordinal);
        Assert.Contains("DEV-ONLY", json.RootElement.GetProperty("masaCertificatePem").GetString() is { } masa
            ? System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(masa).Subject : "", StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badSerial.StatusCode);
    }
}

/// <summary>The embedded MASA's own endpoint, called directly as another registrar would: its refusals of bad input.</summary>
public sealed class EmbeddedMasaEndpointTests(DeviceListenerFixture app) : IClassFixture<DeviceListenerFixture>
{
    private static readonly Guid KumoDevices = Guid.Parse("f7afefb5-134d-5531-b263-fa510e418e0f");
    private CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string MasaPath(Guid manufacturer) => $"/masa/{manufacturer:D}/.well-known/brski/requestvoucher";

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string mentions)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {status}, got {response.StatusCode}: {body}");
        Assert.True(body.Contains(mentions, StringComparison.OrdinalIgnoreCase), $"'{mentions}' not in {body}");
    }

    [Fact]
    public async Task MalformedUnknownOrUnauthorizedRequests_AreRefusedWithProblemDetails_AndNoVoucherIsLogged()
    {
        var serial = $"KUMO-M7-MA-{Guid.NewGuid().ToString("N")[..8].ToUpperInvariant()}";
        using var pledge = await TestPledge.CreateAsync(app.Factory.Services, serial);
        var registrar = await pledge.DiscoverRegistrarAsync(app.Https, Ct);
        var pledgeRequest = pledge.SignCms(pledge.VoucherRequest(registrar));
        // A registrar voucher-request signed by the pledge's IDevID: well-formed, but not from a registrar (no cmcRA).
        var notARegistrar = pledge.SignCms(new VoucherRequest
        {
            SerialNumber = serial, CreatedOn = DateTimeOffset.UtcNow, PriorSignedVoucherRequest = pledgeRequest, Assertion = VoucherAssertion.Proximity,
        });
        using var client = pledge.Client(app.Https);

        var malformed = await TestPledge.PostAsync(client, MasaPath(KumoDevices), "not CMS"u8.ToArray(), BrskiMediaTypes.VoucherCmsJson, Ct);
        var wrongType = await TestPledge.PostAsync(client, MasaPath(KumoDevices), notARegistrar, "application/json", Ct);
        var unknown = await TestPledge.PostAsync(client, MasaPath(Guid.NewGuid()), notARegistrar, BrskiMediaTypes.VoucherCmsJson, Ct);
        var unauthorized = await TestPledge.PostAsync(client, MasaPath(KumoDevices), notARegistrar, BrskiMediaTypes.VoucherCmsJson, Ct);

        await AssertProblemAsync(malformed, HttpStatusCode.BadRequest, "CMS");
        await AssertProblemAsync(wrongType, HttpStatusCode.UnsupportedMediaType, BrskiMediaTypes.VoucherCmsJson);
        await AssertProblemAsync(unknown, HttpStatusCode.NotFound, "MASA");
        await AssertProblemAsync(unauthorized, HttpStatusCode.Forbidden, "id-kp-cmcRA");
        await using var db = await app.Factory.Services.GetRequiredService<IDeviceTrustDbContextFactory>().CreateAsync(Ct);
        Assert.Equal(0, await db.MasaLog.CountAsync(e => e.SerialNumber == serial && e.Outcome == MasaLogEntry.IssuedOutcome, Ct));
    }
}
