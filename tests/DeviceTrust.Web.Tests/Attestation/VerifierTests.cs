using System.Buffers.Text;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using DeviceTrust.Application.Accounts.ApiTokens.CreateApiToken;
using DeviceTrust.Application.Attestation.Keys;
using DeviceTrust.Application.Attestation.ReferenceValues;
using DeviceTrust.Application.Audit;
using DeviceTrust.Application.Common;
using DeviceTrust.Attestation.Ear;
using DeviceTrust.Attestation.Eat;
using DeviceTrust.Domain.Attestation;
using DeviceTrust.Testing;
using DeviceTrust.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DeviceTrust.Web.Tests.Attestation;

/// <summary>
/// The verifier's challenge-response API over the real device listener: a device with its LDevID, or a relying party with
/// an API token, opens a session, answers it with evidence, and gets a signed EAR; every appraisal is kept and audited.
/// </summary>
public sealed class VerifierTests(DeviceListenerFixture app) : IClassFixture<DeviceListenerFixture>
{
    private const string SessionType = "application/vnd.veraison.challenge-response-session+json";
    private const string EvidenceType = TestAttester.EvidenceType;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Task<TestAttester> AttesterAsync(string prefix) => TestAttester.CreateAsync(app, prefix, Ct);

    private HttpClient DeviceClient(EnrolledDevice device) => device.Pledge.Client(app.Https, device.Ldevid);

    private async Task<JsonElement> NewSessionAsync(HttpClient client, string query = "")
    {
        using var response = await client.PostAsync($"/challenge-response/v1/newSession{query}", null, Ct);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal(SessionType, response.Content.Headers.ContentType?.MediaType);
        var session = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal($"session/{session.GetProperty("id").GetString()}", response.Headers.Location!.OriginalString);
        return session;
    }

    private static byte[] NonceOf(JsonElement session) => Base64Url.DecodeFromChars(session.GetProperty("nonce").GetString());

    private static Task<HttpResponseMessage> AnswerAsync(HttpClient client, JsonElement session, byte[] evidence, string? type = null)
    {
        var content = new ByteArrayContent(evidence);
        content.Headers.TryAddWithoutValidation("Content-Type", type ?? EvidenceType);
        return client.PostAsync($"/challenge-response/v1/session/{session.GetProperty("id").GetString()}", content, Ct);
    }

    private async Task<EarVerificationKey> VerificationKeyAsync(HttpClient client)
    {
        using var discovery = JsonDocument.Parse(await client.GetStringAsync("/.well-known/veraison/verification", Ct));
        Assert.Contains(EvidenceType, discovery.RootElement.GetProperty("media-types").EnumerateArray().Select(m => m.GetString()));
        return EarVerificationKey.FromJwk(discovery.RootElement.GetProperty("ear-verification-key").GetRawText());
    }

    [Fact]
    public async Task Device_AttestsWithItsLdevid_EvidenceMatchingItsReferenceValues_AffirmingEar_AppraisalKeptAndAudited()
    {
        using var attester = await AttesterAsync("ATT-OK");
        using var client = DeviceClient(attester.Device);
        var session = await NewSessionAsync(client);
        Assert.Equal(32, NonceOf(session).Length);
        Assert.Equal("waiting", session.GetProperty("status").GetString());

        using var answered = await AnswerAsync(client, session, attester.Evidence(NonceOf(session)));

        Assert.True(answered.StatusCode == HttpStatusCode.OK, await answered.Content.ReadAsStringAsync(Ct));
        var complete = await answered.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal("complete", complete.GetProperty("status").GetString());
        var verification = await EarJwt.VerifyAsync(complete.GetProperty("result").GetString()!, await VerificationKeyAsync(client));
        Assert.True(verification.IsVerified, verification.ToString());
        var appraisal = Assert.Single(verification.Result.Submods).Value;
        Assert.Equal(TrustTier.Affirming, appraisal.Status);
        Assert.Equal(NonceOf(session), verification.Result.Nonce!.Value.ToArray());
        await using var db = await app.Factory.Services.GetRequiredService<IDeviceTrustDbContextFactory>().CreateAsync(Ct);
        var stored = await db.AttestationAppraisals.AsNoTracking().SingleAsync(a => a.DeviceId == attester.Device.Id, Ct);
        Assert.Equal((AttestationVerdict.Affirming, attester.Version), (stored.Verdict, stored.FirmwareVersion));
        Assert.Equal(2, stored.ReferenceValueIds.Count);
        Assert.True(await db.AuditEntries.AnyAsync(e => e.Action == AuditActions.DeviceAttested && e.TargetId == attester.Device.Serial, Ct));
    }

    [Fact]
    public async Task Evidence_WithATamperedComponentDigest_Contraindicated_NamingTheComponent()
    {
        using var attester = await AttesterAsync("ATT-TAMPER");
        using var client = DeviceClient(attester.Device);
        var session = await NewSessionAsync(client);
        var images = new Dictionary<string, byte[]>(attester.Images) { ["firmware"] = RandomNumberGenerator.GetBytes(32) };

        using var answered = await AnswerAsync(client, session, attester.Evidence(NonceOf(session), images));

        var complete = await answered.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var verification = await EarJwt.VerifyAsync(complete.GetProperty("result").GetString()!, await VerificationKeyAsync(client));
        var appraisal = Assert.Single(verification.Result.Submods).Value;
        Assert.Equal(TrustTier.Contraindicated, appraisal.Status);
        Assert.Equal(TrustTier.Contraindicated, TrustTiers.Of(appraisal.Vector![TrustworthinessClaim.Executables]!.Value));
        await using var db = await app.Factory.Services.GetRequiredService<IDeviceTrustDbContextFactory>().CreateAsync(Ct);
        var stored = await db.AttestationAppraisals.AsNoTracking().SingleAsync(a => a.DeviceId == attester.Device.Id, Ct);
        Assert.Contains("firmware", stored.Reasons, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SecondAnswer_ToTheSameSession_RefusedAsAReplay_409_AndAudited()
    {
        using var attester = await AttesterAsync("ATT-REPLAY");
        using var client = DeviceClient(attester.Device);
        var session = await NewSessionAsync(client);
        var evidence = attester.Evidence(NonceOf(session));
        using (var first = await AnswerAsync(client, session, evidence)) Assert.Equal(HttpStatusCode.OK, first.StatusCode);

        using var replayed = await AnswerAsync(client, session, evidence);

        Assert.Equal(HttpStatusCode.Conflict, replayed.StatusCode);
        Assert.Equal("application/problem+json", replayed.Content.Headers.ContentType?.MediaType);
        await using var db = await app.Factory.Services.GetRequiredService<IDeviceTrustDbContextFactory>().CreateAsync(Ct);
        Assert.Equal(1, await db.AttestationAppraisals.CountAsync(a => a.DeviceId == attester.Device.Id, Ct));
        var sessionId = session.GetProperty("id").GetString();
        Assert.True(await db.AuditEntries.AnyAsync(e => e.Action == AuditActions.AttestationReplayRefused && e.TargetId == sessionId, Ct));
    }

    [Fact]
    public async Task TwoAnswersAtOnce_OneAppraised_TheOther409()
    {
        using var attester = await AttesterAsync("ATT-RACE");
        using var first = DeviceClient(attester.Device);
        using var second = DeviceClient(attester.Device);
        var session = await NewSessionAsync(first);
        var evidence = attester.Evidence(NonceOf(session));

        var answers = await Task.WhenAll(AnswerAsync(first, session, evidence), AnswerAsync(second, session, evidence));

        try
        {
            Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Conflict], answers.Select(a => a.StatusCode).Order());
            await using var db = await app.Factory.Services.GetRequiredService<IDeviceTrustDbContextFactory>().CreateAsync(Ct);
            Assert.Equal(1, await db.AttestationAppraisals.CountAsync(a => a.DeviceId == attester.Device.Id, Ct));
        }
        finally
        {
            foreach (var answer in answers) answer.Dispose();
        }
    }

    [Fact]
    public async Task BadInput_4xxProblemDetails_AndNothingAppraised()
    {
        using var attester = await AttesterAsync("ATT-BAD");
        using var client = DeviceClient(attester.Device);

        using (var both = await client.PostAsync("/challenge-response/v1/newSession?nonceSize=16&nonce=AAAAAAAAAAA", null, Ct))
            Assert.Equal(HttpStatusCode.BadRequest, both.StatusCode);
        using (var small = await client.PostAsync("/challenge-response/v1/newSession?nonceSize=7", null, Ct))
            Assert.Equal(HttpStatusCode.BadRequest, small.StatusCode);
        using (var unknown = await client.GetAsync($"/challenge-response/v1/session/{Guid.NewGuid()}", Ct))
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        var session = await NewSessionAsync(client, "?nonceSize=8");
        Assert.Equal(8, NonceOf(session).Length);
        using (var wrongType = await AnswerAsync(client, session, attester.Evidence(NonceOf(session)), "application/cbor"))
            Assert.Equal(HttpStatusCode.UnsupportedMediaType, wrongType.StatusCode);
        using (var request = new HttpRequestMessage(HttpMethod.Post, $"/challenge-response/v1/session/{session.GetProperty("id").GetString()}"))
        {
            request.Content = new ByteArrayContent(attester.Evidence(NonceOf(session)));
            request.Content.Headers.TryAddWithoutValidation("Content-Type", EvidenceType);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/plain"));
            using var notAcceptable = await client.SendAsync(request, Ct);
            Assert.Equal(HttpStatusCode.NotAcceptable, notAcceptable.StatusCode);
        }

        using var malformed = await AnswerAsync(client, session, [0xD8, 0x3D, 0xD2, 0x84, 0x40]);

        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Equal("application/problem+json", malformed.Content.Headers.ContentType?.MediaType);
        using var after = await client.GetAsync($"/challenge-response/v1/session/{session.GetProperty("id").GetString()}", Ct);
        Assert.Equal("failed", (await after.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("status").GetString());
        await using var db = await app.Factory.Services.GetRequiredService<IDeviceTrustDbContextFactory>().CreateAsync(Ct);
        Assert.False(await db.AttestationAppraisals.AnyAsync(a => a.DeviceId == attester.Device.Id, Ct));
    }

    [Fact]
    public async Task TwoAnswersAtOnce_WithTheSameNewEndorsedKey_BothAffirming_TheKeyBoundOnce()
    {
        // The factory's attestation key, not registered: each answer's x5chain endorses it, and both would bind it.
        using var attester = await AttesterAsync("ATT-BIND");
        var (keyPem, certificatePem) = attester.Device.Pledge.Attestation!.Value;
        using var key = ECDsa.Create();
        key.ImportFromPem(keyPem);
        using var endorsement = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(certificatePem);
        using var client = DeviceClient(attester.Device);
        var sessions = new[] { await NewSessionAsync(client), await NewSessionAsync(client) };

        var answers = await Task.WhenAll(sessions.Select(session => Task.Run(async () =>
        {
            var evidence = EatEvidence.Build(attester.Claims(NonceOf(session), attester.Images, EatDebugStatus.DisabledSinceBoot, attester.Ueid), key,
                new EatEvidenceOptions { X5Chain = [endorsement.RawData] });
            using var answered = await AnswerAsync(client, session, evidence);
            return (answered.StatusCode, Body: await answered.Content.ReadAsStringAsync(Ct));
        }, Ct)));

        Assert.All(answers, a => Assert.True(a.StatusCode == HttpStatusCode.OK, a.Body));
        await using var db = await app.Factory.Services.GetRequiredService<IDeviceTrustDbContextFactory>().CreateAsync(Ct);
        var kid = SHA256.HashData(key.ExportSubjectPublicKeyInfo());
        var bound = await db.AttestationKeys.AsNoTracking().Where(k => k.DeviceId == attester.Device.Id && k.KeyId == kid).ToListAsync(Ct);
        Assert.Equal(AttestationKeyOrigin.Endorsed, Assert.Single(bound).Origin);
        Assert.Equal([AttestationVerdict.Affirming, AttestationVerdict.Affirming],
            await db.AttestationAppraisals.AsNoTracking().Where(a => a.DeviceId == attester.Device.Id).Select(a => a.Verdict).ToListAsync(Ct));
    }

    [Fact]
    public async Task Device_SeesOnlyItsOwnSessions_AndCannotAnswerAnothersSession()
    {
        using var one = await AttesterAsync("ATT-ONE");
        using var other = await AttesterAsync("ATT-TWO");
        using var oneClient = DeviceClient(one.Device);
        using var otherClient = DeviceClient(other.Device);
        var session = await NewSessionAsync(oneClient);

        using (var read = await otherClient.GetAsync($"/challenge-response/v1/session/{session.GetProperty("id").GetString()}", Ct))
            Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
        using var answered = await AnswerAsync(otherClient, session, other.Evidence(NonceOf(session)));

        Assert.Equal(HttpStatusCode.NotFound, answered.StatusCode);
        using var still = await oneClient.GetAsync($"/challenge-response/v1/session/{session.GetProperty("id").GetString()}", Ct);
        Assert.Equal("waiting", (await still.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task WithoutCredentials_401_AndAnAuditorsToken_403()
    {
        using var anonymous = new HttpClient(new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, _, _, _) => true }) { BaseAddress = app.Https };
        using (var response = await anonymous.PostAsync("/challenge-response/v1/newSession", null, Ct))
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        anonymous.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync("auditor"));
        using (var response = await anonymous.PostAsync("/challenge-response/v1/newSession", null, Ct))
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task RelyingParty_PassesOnEvidenceSignedByPython_WithItsOwnNonce_Affirming()
    {
        using var attester = await AttesterAsync("ATT-PY");
        using var client = new HttpClient(new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, _, _, _) => true }) { BaseAddress = app.Https };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync("security"));
        var nonce = RandomNumberGenerator.GetBytes(24);
        var session = await NewSessionAsync(client, $"?nonce={Base64Url.EncodeToString(nonce)}");
        Assert.Equal(nonce, NonceOf(session));
        // An attestation key of Python's own, registered for the device, and evidence signed by Python (cbor2 + cryptography).
        var python = DebianPython.Run(PythonAttester, JsonSerializer.Serialize(new
        {
            nonce = Convert.ToHexStringLower(nonce), ueid = Convert.ToHexStringLower(attester.Ueid), hwmodel = Convert.ToHexStringLower(DeviceTrustEatProfile.HardwareModelOf(attester.ClassId)),
            version = attester.Version, images = attester.Images.ToDictionary(i => i.Key, i => Convert.ToHexStringLower(i.Value)),
        })).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        await app.Factory.Services.GetRequiredService<RegisterAttestationKeyHandler>().HandleAsync(TestPledge.Officer, attester.Device.Id,
            Convert.FromHexString(python[0]), Ct);

        using var answered = await AnswerAsync(client, session, Convert.FromHexString(python[1]));

        Assert.True(answered.StatusCode == HttpStatusCode.OK, await answered.Content.ReadAsStringAsync(Ct));
        var complete = await answered.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var verification = await EarJwt.VerifyAsync(complete.GetProperty("result").GetString()!, await VerificationKeyAsync(client));
        Assert.Equal(TrustTier.Affirming, Assert.Single(verification.Result.Submods).Value.Status);
    }

    [Fact]
    public async Task History_ListsFiltersShowsAndExportsAppraisals_ToEveryRole()
    {
        using var attester = await AttesterAsync("ATT-HIST");
        using var client = DeviceClient(attester.Device);
        var good = await NewSessionAsync(client);
        using (var answered = await AnswerAsync(client, good, attester.Evidence(NonceOf(good)))) Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        var bad = await NewSessionAsync(client);
        using (var answered = await AnswerAsync(client, bad, attester.Evidence(NonceOf(bad), dbgstat: EatDebugStatus.Enabled)))
            Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        using var auditor = new HttpClient(new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, _, _, _) => true }) { BaseAddress = app.Http };
        auditor.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync("auditor"));

        var all = await auditor.GetFromJsonAsync<JsonElement>($"/api/v1/attestation/appraisals?deviceId={attester.Device.Id}", Ct);
        var contraindicated = await auditor.GetFromJsonAsync<JsonElement>($"/api/v1/attestation/appraisals?deviceId={attester.Device.Id}&verdict=Contraindicated", Ct);

        Assert.Equal(2, all.GetProperty("totalCount").GetInt32());
        Assert.Equal(["Contraindicated", "Affirming"], all.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("verdict").GetString()));
        var row = Assert.Single(contraindicated.GetProperty("items").EnumerateArray());
        Assert.Equal(bad.GetProperty("id").GetString(), row.GetProperty("sessionId").GetString());
        var details = await auditor.GetFromJsonAsync<JsonElement>($"/api/v1/attestation/appraisals/{row.GetProperty("id").GetString()}", Ct);
        Assert.Contains("dbgstat", details.GetProperty("claims").GetString(), StringComparison.Ordinal);
        Assert.Contains("configuration", details.GetProperty("reasons").GetString(), StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(details.GetProperty("result").GetString()));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(attester.Key.ExportSubjectPublicKeyInfo())), details.GetProperty("keyId").GetString());
        var csv = (await auditor.GetStringAsync($"/api/v1/attestation/appraisals/export.csv?deviceId={attester.Device.Id}", Ct))
            .Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("appraisedAt,serialNumber,deviceClass,verdict", csv[0], StringComparison.Ordinal);
        Assert.Equal(3, csv.Length);
        Assert.Contains($",{attester.Device.Serial},", csv[1], StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await auditor.GetAsync($"/api/v1/attestation/appraisals/{Guid.NewGuid()}", Ct)).StatusCode);
    }

    /// <summary>Reads {nonce, ueid, hwmodel, version, images} as JSON; prints the key's DER SubjectPublicKeyInfo and the evidence, hex.</summary>
    private const string PythonAttester = """
        import sys, json, hashlib, time, cbor2
        from cryptography.hazmat.primitives.asymmetric import ec, utils
        from cryptography.hazmat.primitives import hashes, serialization
        a = json.loads(sys.stdin.read())
        key = ec.generate_private_key(ec.SECP256R1())
        spki = key.public_key().public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
        submods = {name: {270: name, 271: [a["version"], 1], -70001: [-16, bytes.fromhex(d)]} for name, d in a["images"].items()}
        claims = {265: "tag:devicetrust.dev,2026:eat/v1", 10: bytes.fromhex(a["nonce"]), 256: bytes.fromhex(a["ueid"]),
                  259: bytes.fromhex(a["hwmodel"]), 263: 2, 6: int(time.time()), 266: submods}
        payload = cbor2.dumps(claims, canonical=True)
        protected = cbor2.dumps({1: -7})
        to_sign = cbor2.dumps(["Signature1", protected, b"", payload])
        r, s = utils.decode_dss_signature(key.sign(to_sign, ec.ECDSA(hashes.SHA256())))
        signature = r.to_bytes(32, "big") + s.to_bytes(32, "big")
        token = cbor2.dumps(cbor2.CBORTag(61, cbor2.CBORTag(18, [protected, {4: hashlib.sha256(spki).digest()}, payload, signature])))
        print(spki.hex())
        print(token.hex())
        """;

    private async Task<string> TokenAsync(string user)
    {
        using var browser = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = app.Http };
        await BrowserlessClient.SignInAsync(browser, user, DeviceTrustWebFactory.Password);
        var response = await browser.PostAsJsonAsync("/api/v1/me/tokens", new { name = $"verifier-test-{Guid.NewGuid():N}", expiresInDays = 1 }, Ct);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(Ct));
        return (await response.Content.ReadFromJsonAsync<CreatedApiToken>(Integration.ApiTestHelpers.Json, Ct))!.Token;
    }
}
