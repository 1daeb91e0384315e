extern alias cli;

using System.Buffers.Text;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using DeviceTrust.Application.Attestation.ReferenceValues;
using DeviceTrust.Application.Common;
using DeviceTrust.Application.Provisioning;
using DeviceTrust.Attestation.Ear;
using DeviceTrust.Attestation.Eat;
using DeviceTrust.Cose;
using DeviceTrust.Domain.Attestation;
using DeviceTrust.Domain.Devices;
using DeviceTrust.Domain.Trust;
using DeviceTrust.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using CliApplication = cli::DeviceTrust.Cli.CliApplication;

namespace DeviceTrust.Web.Tests.Attestation;

/// <summary>
/// The VendorVerified model (issue 9, "Keys and endorsements"): a device MACs its evidence under the secret its factory
/// embedded; DeviceTrust, which never holds that secret, forwards the evidence over HTTPS to the manufacturer's verifier
/// (here the embedded DEV-ONLY one of the simulated Kumo Devices) and trusts the EAR that comes back only through an
/// AttestationVerifier anchor, then appraises the rest itself. This class's app has Kumo Meter M7 VendorVerified.
/// </summary>
public sealed class VendorVerifiedAttestationTests(DeviceListenerFixture app) : IClassFixture<DeviceListenerFixture>, IAsyncLifetime
{
    private const string KumoClass = "Kumo Meter M7";
    private const string KumoManufacturer = "Kumo Devices";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private IServiceProvider Services => app.Factory.Services;

    public async ValueTask InitializeAsync()
    {
        await using var db = await Services.GetRequiredService<IDeviceTrustDbContextFactory>().CreateAsync(Ct);
        var deviceClass = await db.DeviceClasses.SingleAsync(c => c.Name == KumoClass, Ct);
        deviceClass.ChangeAttestationModel(AttestationModel.VendorVerified);
        await db.SaveChangesAsync(Ct);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>An enrolled Kumo meter, its factory secret, and reference values for its two components.</summary>
    private sealed class VendorDevice(EnrolledDevice device, CoseSymmetricKey secret, byte[] ueid, Guid classId, string version, Dictionary<string, byte[]> images)
        : IDisposable
    {
        public EnrolledDevice Device { get; } = device;
        public CoseSymmetricKey Secret { get; } = secret;
        public byte[] Ueid { get; } = ueid;
        public Guid ClassId { get; } = classId;
        public string Version { get; } = version;
        public Dictionary<string, byte[]> Images { get; } = images;

        public EatClaimsSet Claims(byte[] nonce, Dictionary<string, byte[]>? replaced = null) => new()
        {
            Profile = EatProfileId.FromUri(DeviceTrustEatProfile.ProfileUri),
            Nonce = [nonce],
            Ueid = Ueid,
            HardwareModel = DeviceTrustEatProfile.HardwareModelOf(ClassId),
            DebugStatus = EatDebugStatus.DisabledSinceBoot,
            IssuedAt = EatNumericDate.From(DateTimeOffset.UtcNow),
            Submodules = (replaced ?? Images).ToDictionary(i => i.Key, i => (EatSubmodule)new EatClaimsSubmodule(DeviceTrustEatProfile.Component(i.Key, Version, i.Value))),
        };

        public byte[] Evidence(byte[] nonce) => VendorEvidence.Build(Claims(nonce), Secret);

        /// <summary>MACed under a secret its factory did not give it, with the right kid.</summary>
        public byte[] ForgedEvidence(byte[] nonce) =>
            VendorEvidence.Build(Claims(nonce), CoseSymmetricKey.FromBytes(RandomNumberGenerator.GetBytes(32), Secret.KeyId, VendorEvidence.Algorithm));

        public byte[] TamperedEvidence(byte[] nonce) =>
            VendorEvidence.Build(Claims(nonce, new Dictionary<string, byte[]>(Images) { ["firmware"] = RandomNumberGenerator.GetBytes(32) }), Secret);

        public void Dispose() => Device.Dispose();
    }

    private async Task<VendorDevice> EnrollAsync(string prefix)
    {
        var device = await EnrolledDevice.EnrollAsync(app, prefix, Ct);
        await using var db = await Services.GetRequiredService<IDeviceTrustDbContextFactory>().CreateAsync(Ct);
        var stored = await db.Devices.AsNoTracking().SingleAsync(d => d.Id == device.Id, Ct);
        var deviceClass = await db.DeviceClasses.AsNoTracking().SingleAsync(c => c.Id == stored.DeviceClassId, Ct);
        var version = $"9.{Random.Shared.Next(1_000_000)}.0";
        var images = new Dictionary<string, byte[]> { ["firmware"] = RandomNumberGenerator.GetBytes(32), ["bootloader"] = RandomNumberGenerator.GetBytes(32) };
        await Services.GetRequiredService<ReferenceValueHandlers>().ImportAsync(TestPledge.Officer,
            images.Select(i => new ReferenceValueEntry(deviceClass.Name, version, i.Key, "sha-256", Convert.ToHexStringLower(i.Value))).ToList(), Ct);
        var secret = CoseSymmetricKey.Decode(Convert.FromBase64String(device.Pledge.VendorSecret
            ?? throw new InvalidOperationException("The factory embedded no evidence secret.")));
        return new VendorDevice(device, secret, stored.Ueid, deviceClass.ClassId, version, images);
    }

    private async Task<Guid> KumoIdAsync()
    {
        await using var db = await Services.GetRequiredService<IDeviceTrustDbContextFactory>().CreateAsync(Ct);
        return await db.Manufacturers.Where(m => m.Name == KumoManufacturer).Select(m => m.Id).SingleAsync(Ct);
    }

    /// <summary>The key of Kumo's AttestationVerifier anchor, as a relying party would take it from the trust-anchor list.</summary>
    private async Task<EarVerificationKey> KumoVerifierKeyAsync()
    {
        await using var db = await Services.GetRequiredService<IDeviceTrustDbContextFactory>().CreateAsync(Ct);
        var anchor = await db.TrustAnchors.AsNoTracking().SingleAsync(a => a.Purpose == TrustAnchorPurpose.AttestationVerifier && a.Name.StartsWith(KumoManufacturer), Ct);
        using var certificate = X509CertificateLoader.LoadCertificate(anchor.Material.Encoded);
        using var key = certificate.GetECDsaPublicKey()!;
        return EarVerificationKey.FromECDsa(key);
    }

    private static StringContent Json(object body) => new(JsonSerializer.Serialize(body), System.Text.Encoding.UTF8, "application/json");

    private async Task<HttpResponseMessage> AskVerifierAsync(Guid manufacturerId, object body, VendorDevice device)
    {
        using var client = device.Device.Pledge.Client(app.Https, device.Device.Ldevid);
        return await client.PostAsync($"/vendor-verifier/{manufacturerId}/appraise", Json(body), Ct);
    }

    [Fact]
    public async Task ManufacturersVerifier_GoodMac_AnEarSignedByItsAnchor_AffirmingTheDevice_AboutThisEvidence()
    {
        using var device = await EnrollAsync("VV-EP");
        var evidence = device.Evidence(RandomNumberGenerator.GetBytes(32));

        using var answer = await AskVerifierAsync(await KumoIdAsync(), new { serialNumber = device.Device.Serial, evidence = Base64Url.EncodeToString(evidence) }, device);

        Assert.True(answer.StatusCode == HttpStatusCode.OK, await answer.Content.ReadAsStringAsync(Ct));
        Assert.Equal("application/eat+jwt", answer.Content.Headers.ContentType?.MediaType);
        var verification = await EarJwt.VerifyAsync(await answer.Content.ReadAsStringAsync(Ct), await KumoVerifierKeyAsync());
        Assert.True(verification.IsVerified, verification.Reason);
        var appraisal = Assert.Single(verification.Result.Submods);
        Assert.Equal(device.Device.Serial, appraisal.Key);
        Assert.Equal(TrustTier.Affirming, appraisal.Value.Status);
        Assert.Equal((sbyte)InstanceIdentityValues.Recognized, appraisal.Value.Vector![TrustworthinessClaim.InstanceIdentity]);
        Assert.Equal(evidence, verification.Result.RawEvidence!.Value.ToArray());
        Assert.StartsWith("Kumo Devices attestation verifier", verification.Result.VerifierId.Developer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ManufacturersVerifier_WrongSecret_Contraindicated99_AnotherDevicesSerial_KidUnrecognized()
    {
        using var device = await EnrollAsync("VV-EPX");
        var kumo = await KumoIdAsync();
        var key = await KumoVerifierKeyAsync();

        using (var forged = await AskVerifierAsync(kumo, new { serialNumber = device.Device.Serial, evidence = Base64Url.EncodeToString(device.ForgedEvidence(RandomNumberGenerator.GetBytes(32))) }, device))
        {
            var result = (await EarJwt.VerifyAsync(await forged.Content.ReadAsStringAsync(Ct), key)).Result;
            Assert.Equal(TrustTier.Contraindicated, result.Submods[device.Device.Serial].Status);
            Assert.Equal((sbyte)SharedValues.CryptoValidationFailed, result.Submods[device.Device.Serial].Vector![TrustworthinessClaim.InstanceIdentity]);
        }
        // Good evidence of this device, presented as another device's: the other serial's secret has another id.
        using (var other = await AskVerifierAsync(kumo, new { serialNumber = "KUMO-M7-00001", evidence = Base64Url.EncodeToString(device.Evidence(RandomNumberGenerator.GetBytes(32))) }, device))
        {
            var result = (await EarJwt.VerifyAsync(await other.Content.ReadAsStringAsync(Ct), key)).Result;
            Assert.Equal((sbyte)InstanceIdentityValues.Unrecognized, result.Submods["KUMO-M7-00001"].Vector![TrustworthinessClaim.InstanceIdentity]);
        }
    }

    [Fact]
    public async Task ManufacturersVerifier_BadInput_ProblemDetails()
    {
        using var device = await EnrollAsync("VV-EPB");
        var kumo = await KumoIdAsync();
        var good = Base64Url.EncodeToString(device.Evidence(RandomNumberGenerator.GetBytes(32)));

        async Task<(HttpStatusCode Status, string Detail)> Problem(HttpResponseMessage response)
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
            return (response.StatusCode, problem.GetProperty("detail").GetString()!);
        }

        using (var unknown = await AskVerifierAsync(Guid.NewGuid(), new { serialNumber = device.Device.Serial, evidence = good }, device))
            Assert.Equal(HttpStatusCode.NotFound, (await Problem(unknown)).Status);
        using (var signed = await AskVerifierAsync(kumo, new { serialNumber = device.Device.Serial, evidence = Base64Url.EncodeToString(new byte[] { 0xD2, 0x84, 0x40, 0xA0, 0xF6, 0x40 }) }, device))
        {
            var (status, detail) = await Problem(signed);
            Assert.Equal(HttpStatusCode.BadRequest, status);
            Assert.Contains("COSE_Mac0", detail, StringComparison.Ordinal);
        }
        using (var notBase64 = await AskVerifierAsync(kumo, new { serialNumber = device.Device.Serial, evidence = "***" }, device))
            Assert.Contains("base64url", (await Problem(notBase64)).Detail, StringComparison.Ordinal);
        using (var noSerial = await AskVerifierAsync(kumo, new { evidence = good }, device))
            Assert.Equal(HttpStatusCode.BadRequest, (await Problem(noSerial)).Status);
        using var client = device.Device.Pledge.Client(app.Https, device.Device.Ldevid);
        using (var cbor = await client.PostAsync($"/vendor-verifier/{kumo}/appraise", new ByteArrayContent([1, 2, 3]) { Headers = { ContentType = new("application/cbor") } }, Ct))
            Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await Problem(cbor)).Status);
    }

    /// <summary>The device opens a session and answers it with the evidence built for its nonce; the answer and the session's id.</summary>
    private async Task<(HttpResponseMessage Answer, Guid Session)> AttestAsync(VendorDevice device, Func<byte[], byte[]> evidence)
    {
        using var client = device.Device.Pledge.Client(app.Https, device.Device.Ldevid);
        using var opened = await client.PostAsync("/challenge-response/v1/newSession", null, Ct);
        Assert.Equal(HttpStatusCode.Created, opened.StatusCode);
        var session = await opened.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var id = session.GetProperty("id").GetGuid();
        var answer = await TestAttester.AnswerAsync(client, $"/challenge-response/v1/session/{id}", evidence(Base64Url.DecodeFromChars(session.GetProperty("nonce").GetString())), Ct);
        return (answer, id);
    }

    private async Task<(DeviceState State, AttestationAppraisal? Appraisal, AttestationSession Session)> OutcomeAsync(Guid deviceId, Guid sessionId)
    {
        await using var db = await Services.GetRequiredService<IDeviceTrustDbContextFactory>().CreateAsync(Ct);
        var state = await db.Devices.AsNoTracking().Where(d => d.Id == deviceId).Select(d => d.State).SingleAsync(Ct);
        return (state, await db.AttestationAppraisals.AsNoTracking().SingleOrDefaultAsync(a => a.SessionId == sessionId, Ct),
            await db.AttestationSessions.AsNoTracking().SingleAsync(s => s.Id == sessionId, Ct));
    }

    private static string Reasons(AttestationAppraisal appraisal) =>
        string.Join(" | ", JsonDocument.Parse(appraisal.Reasons).RootElement.EnumerateArray().Select(r => $"{r.GetProperty("claim").GetString()}: {r.GetProperty("text").GetString()}"));

    [Fact]
    public async Task MacedEvidence_VouchedForByTheManufacturer_AppraisedHere_Affirming_TheDeviceEntersService()
    {
        using var device = await EnrollAsync("VV-OK");

        var (answer, session) = await AttestAsync(device, device.Evidence);

        using (answer)
        {
            Assert.True(answer.StatusCode == HttpStatusCode.OK, await answer.Content.ReadAsStringAsync(Ct));
            var body = await answer.Content.ReadFromJsonAsync<JsonElement>(Ct);
            Assert.Equal("complete", body.GetProperty("status").GetString());
            // The domain's own EAR, signed with its discovery key, not the manufacturer's.
            using var client = device.Device.Pledge.Client(app.Https, device.Device.Ldevid);
            using var discovery = JsonDocument.Parse(await client.GetStringAsync("/.well-known/veraison/verification", Ct));
            var ear = await EarJwt.VerifyAsync(body.GetProperty("result").GetString()!, EarVerificationKey.FromJwk(discovery.RootElement.GetProperty("ear-verification-key").GetRawText()));
            Assert.True(ear.IsVerified, ear.Reason);
            Assert.Equal(TrustTier.Affirming, ear.Result.Submods[device.Device.Serial].Status);
        }
        var (state, appraisal, _) = await OutcomeAsync(device.Device.Id, session);
        Assert.Equal(DeviceState.Operational, state);
        Assert.Equal(AttestationVerdict.Affirming, appraisal!.Verdict);
        Assert.Equal(device.Secret.KeyId!.Value.ToArray(), appraisal.KeyId);
        var reasons = Reasons(appraisal);
        Assert.Contains($"instance-identity: MACed with the secret {device.Device.Serial}'s factory embedded", reasons, StringComparison.Ordinal);
        Assert.Contains("vouched for by Kumo Devices Attestation Verifier (DEV-ONLY)", reasons, StringComparison.Ordinal);
        Assert.Contains("executables: ", reasons, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ForgedMac_TheManufacturerRefuses_Contraindicated99_Quarantined()
    {
        using var device = await EnrollAsync("VV-FORGED");
        var (first, _) = await AttestAsync(device, device.Evidence);
        first.Dispose();

        var (answer, session) = await AttestAsync(device, device.ForgedEvidence);

        using (answer)
            Assert.True(answer.StatusCode == HttpStatusCode.OK, await answer.Content.ReadAsStringAsync(Ct));
        var (state, appraisal, _) = await OutcomeAsync(device.Device.Id, session);
        Assert.Equal((DeviceState.Quarantined, AttestationVerdict.Contraindicated), (state, appraisal!.Verdict));
        Assert.Contains("\"instance-identity\":99", appraisal.Vector, StringComparison.Ordinal);
        Assert.Contains("did not vouch for the MAC: contraindicated", Reasons(appraisal), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GoodMac_TamperedDigest_TheRestIsAppraisedHere_Executables96()
    {
        using var device = await EnrollAsync("VV-TAMPER");

        var (answer, session) = await AttestAsync(device, device.TamperedEvidence);

        answer.Dispose();
        var (state, appraisal, _) = await OutcomeAsync(device.Device.Id, session);
        Assert.Equal((DeviceState.Quarantined, AttestationVerdict.Contraindicated), (state, appraisal!.Verdict));
        Assert.Contains("\"instance-identity\":2", appraisal.Vector, StringComparison.Ordinal);
        Assert.Contains("\"executables\":96", appraisal.Vector, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignedEvidence_ForAVendorVerifiedClass_NotAccepted_Contraindicated99()
    {
        using var device = await EnrollAsync("VV-SIGNED");
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        var (answer, session) = await AttestAsync(device, nonce => EatEvidence.Build(device.Claims(nonce), key));

        answer.Dispose();
        var (state, appraisal, _) = await OutcomeAsync(device.Device.Id, session);
        Assert.Equal((DeviceState.Quarantined, AttestationVerdict.Contraindicated), (state, appraisal!.Verdict));
        Assert.Contains("\"instance-identity\":99", appraisal.Vector, StringComparison.Ordinal);
        Assert.Contains("Kumo Meter M7 is vendor verified", Reasons(appraisal), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ManufacturersVerifierUnreachable_502_TheSessionFails_NothingAppraised()
    {
        using var device = await EnrollAsync("VV-DOWN");
        var kumo = await KumoIdAsync();
        await SetVerifierUrlAsync(kumo, new Uri("https://127.0.0.1:9/"));
        try
        {
            var (answer, session) = await AttestAsync(device, device.Evidence);

            using (answer)
            {
                Assert.Equal(HttpStatusCode.BadGateway, answer.StatusCode);
                Assert.Equal("application/problem+json", answer.Content.Headers.ContentType?.MediaType);
                Assert.Contains("could not be reached", (await answer.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("detail").GetString(), StringComparison.Ordinal);
            }
            var (state, appraisal, stored) = await OutcomeAsync(device.Device.Id, session);
            Assert.Equal((DeviceState.Enrolled, null, AttestationSessionStatus.Failed), (state, appraisal, stored.Status));
        }
        finally
        {
            await SetVerifierUrlAsync(kumo, null);
        }
    }

    private async Task SetVerifierUrlAsync(Guid manufacturerId, Uri? url)
    {
        await using var db = await Services.GetRequiredService<IDeviceTrustDbContextFactory>().CreateAsync(Ct);
        var manufacturer = await db.Manufacturers.SingleAsync(m => m.Id == manufacturerId, Ct);
        manufacturer.PointAtVerifier(url);
        await db.SaveChangesAsync(Ct);
    }

    [Fact]
    public async Task CliAttest_WithTheFactorySecret_AgainstTheRealVerifier_Affirming()
    {
        using var device = await EnrollAsync("VV-CLI");
        var directory = Directory.CreateTempSubdirectory("devicetrust-vendor-attest-");
        try
        {
            string FileOf(string name) => Path.Combine(directory.FullName, name);
            await File.WriteAllTextAsync(FileOf("ldevid.pem"), device.Device.Ldevid.ExportCertificatePem(), Ct);
            using (var ldevidKey = device.Device.Ldevid.GetECDsaPrivateKey()!)
                await File.WriteAllTextAsync(FileOf("ldevid.key.pem"), ldevidKey.ExportPkcs8PrivateKeyPem(), Ct);
            await File.WriteAllTextAsync(FileOf("vendor-secret.b64"), device.Device.Pledge.VendorSecret!, Ct);
            await File.WriteAllTextAsync(FileOf("domain-ca.pem"), Services.GetRequiredService<DomainPki>().Root.Certificate.ExportCertificatePem(), Ct);
            var firmware = device.Images.Select(i => $"{i.Key}={device.Version}:{Convert.ToHexStringLower(i.Value)}").SelectMany(f => new[] { "--firmware", f });
            var output = new StringWriter();
            var error = new StringWriter();

            var exit = await CliApplication.RunAsync(["attest", "--server", app.Https.GetLeftPart(UriPartial.Authority), "--trust", FileOf("domain-ca.pem"),
                "--cert", FileOf("ldevid.pem"), "--key", FileOf("ldevid.key.pem"), "--vendor-secret", FileOf("vendor-secret.b64"),
                "--ueid", Convert.ToHexStringLower(device.Ueid), "--class-id", device.ClassId.ToString(), "--dbgstat", "2", .. firmware],
                new System.CommandLine.InvocationConfiguration { Output = output, Error = error }, cancellationToken: Ct);

            Assert.True(exit == 0, $"exit {exit}\nstdout:\n{output}\nstderr:\n{error}");
            Assert.Contains("affirming", output.ToString(), StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(device.Device.Pledge.VendorSecret!, output + error.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
