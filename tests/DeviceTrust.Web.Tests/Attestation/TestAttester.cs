using System.Security.Cryptography;
using DeviceTrust.Application.Attestation.Keys;
using DeviceTrust.Application.Attestation.ReferenceValues;
using DeviceTrust.Application.Attestation.Verifier;
using DeviceTrust.Application.Common;
using DeviceTrust.Attestation.Eat;
using DeviceTrust.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DeviceTrust.Web.Tests.Attestation;

/// <summary>
/// What a device attests with: a registered attestation key, and reference values for its two components under a
/// firmware version of its own; it builds evidence as the DeviceTrust EAT profile says.
/// </summary>
internal sealed class TestEvidence(Guid deviceId, string serialNumber, ECDsa key, byte[] ueid, Guid classId, string version, Dictionary<string, byte[]> images)
    : IDisposable
{
    public Guid DeviceId { get; } = deviceId;
    public string SerialNumber { get; } = serialNumber;
    public ECDsa Key { get; } = key;
    public byte[] Ueid { get; } = ueid;
    public Guid ClassId { get; } = classId;
    public string Version { get; } = version;
    public Dictionary<string, byte[]> Images { get; } = images;

    public static async Task<TestEvidence> CreateAsync(IServiceProvider services, Guid deviceId, CancellationToken ct)
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        await services.GetRequiredService<RegisterAttestationKeyHandler>().HandleAsync(TestPledge.Officer, deviceId,
            System.Text.Encoding.ASCII.GetBytes(PemEncoding.WriteString("PUBLIC KEY", key.ExportSubjectPublicKeyInfo())), ct);
        await using var db = await services.GetRequiredService<IDeviceTrustDbContextFactory>().CreateAsync(ct);
        var stored = await db.Devices.AsNoTracking().SingleAsync(d => d.Id == deviceId, ct);
        var deviceClass = await db.DeviceClasses.AsNoTracking().SingleAsync(c => c.Id == stored.DeviceClassId, ct);
        var version = $"7.{Random.Shared.Next(1_000_000)}.0";
        var images = new Dictionary<string, byte[]> { ["firmware"] = RandomNumberGenerator.GetBytes(32), ["bootloader"] = RandomNumberGenerator.GetBytes(32) };
        await services.GetRequiredService<ReferenceValueHandlers>().ImportAsync(TestPledge.Officer,
            images.Select(i => new ReferenceValueEntry(deviceClass.Name, version, i.Key, "sha-256", Convert.ToHexStringLower(i.Value))).ToList(), ct);
        return new TestEvidence(deviceId, stored.SerialNumber, key, stored.Ueid, deviceClass.ClassId, version, images);
    }

    public byte[] Build(byte[] nonce, Dictionary<string, byte[]>? images = null, EatDebugStatus dbgstat = EatDebugStatus.DisabledSinceBoot, byte[]? ueid = null) =>
        EatEvidence.Build(Claims(nonce, images ?? Images, dbgstat, ueid ?? Ueid), Key);

    /// <summary>The evidence with one component's digest not the reference value's.</summary>
    public byte[] Tampered(byte[] nonce) => Build(nonce, new Dictionary<string, byte[]>(Images) { ["firmware"] = RandomNumberGenerator.GetBytes(32) });

    public EatClaimsSet Claims(byte[] nonce, Dictionary<string, byte[]> images, EatDebugStatus dbgstat, byte[] ueid) => new()
    {
        Profile = EatProfileId.FromUri(DeviceTrustEatProfile.ProfileUri),
        Nonce = [nonce],
        Ueid = ueid,
        HardwareModel = DeviceTrustEatProfile.HardwareModelOf(ClassId),
        DebugStatus = dbgstat,
        IssuedAt = EatNumericDate.From(DateTimeOffset.UtcNow),
        Submodules = images.ToDictionary(i => i.Key, i => (EatSubmodule)new EatClaimsSubmodule(DeviceTrustEatProfile.Component(i.Key, Version, i.Value))),
    };

    /// <summary>
    /// One whole challenge-response in process, through the same verifier the API calls: a session for the device,
    /// answered by the device with <paramref name="evidence"/> built for its nonce. Returns the appraisal's id.
    /// </summary>
    public async Task<Guid> AppraiseAsync(IServiceProvider services, Func<byte[], byte[]> evidence, CancellationToken ct)
    {
        var verifier = services.GetRequiredService<ChallengeResponseVerifier>();
        var session = await verifier.OpenForDeviceAsync(Actor.System, DeviceId, ct);
        await verifier.SubmitEvidenceAsync(Actor.Device(SerialNumber), DeviceId, session.Id, TestAttester.EvidenceType,
            evidence(System.Buffers.Text.Base64Url.DecodeFromChars(session.Nonce)), ct);
        await using var db = await services.GetRequiredService<IDeviceTrustDbContextFactory>().CreateAsync(ct);
        return await db.AttestationAppraisals.Where(a => a.SessionId == session.Id).Select(a => a.Id).SingleAsync(ct);
    }

    public void Dispose() => Key.Dispose();
}

/// <summary>An enrolled device (Enrolled, not yet attested) over the real device listener, with its <see cref="TestEvidence"/>.</summary>
internal sealed class TestAttester(DeviceListenerFixture app, EnrolledDevice device, TestEvidence evidence) : IDisposable
{
    public const string EvidenceType = "application/eat+cwt; eat_profile=\"tag:devicetrust.dev,2026:eat/v1\"";

    public EnrolledDevice Device { get; } = device;
    public System.Security.Cryptography.ECDsa Key => evidence.Key;
    public byte[] Ueid => evidence.Ueid;
    public Guid ClassId => evidence.ClassId;
    public string Version => evidence.Version;
    public Dictionary<string, byte[]> Images => evidence.Images;

    public static async Task<TestAttester> CreateAsync(DeviceListenerFixture app, string prefix, CancellationToken ct)
    {
        var device = await EnrolledDevice.EnrollAsync(app, prefix, ct);
        try
        {
            return new TestAttester(app, device, await TestEvidence.CreateAsync(app.Factory.Services, device.Id, ct));
        }
        catch
        {
            device.Dispose();
            throw;
        }
    }

    public byte[] Evidence(byte[] nonce, Dictionary<string, byte[]>? images = null, EatDebugStatus dbgstat = EatDebugStatus.DisabledSinceBoot, byte[]? ueid = null) =>
        evidence.Build(nonce, images, dbgstat, ueid);

    public byte[] TamperedEvidence(byte[] nonce) => evidence.Tampered(nonce);

    public EatClaimsSet Claims(byte[] nonce, Dictionary<string, byte[]> images, EatDebugStatus dbgstat, byte[] ueid) => evidence.Claims(nonce, images, dbgstat, ueid);

    /// <summary>An HTTPS client on the device listener presenting the device's LDevID.</summary>
    public HttpClient Client() => Device.Pledge.Client(app.Https, Device.Ldevid);

    /// <summary>Posts <paramref name="body"/> to a session, given by its path on the device listener.</summary>
    public static async Task<HttpResponseMessage> AnswerAsync(HttpClient client, string sessionPath, byte[] body, CancellationToken ct, string? type = null)
    {
        var content = new ByteArrayContent(body);
        content.Headers.TryAddWithoutValidation("Content-Type", type ?? EvidenceType);
        return await client.PostAsync(sessionPath, content, ct);
    }

    public void Dispose()
    {
        evidence.Dispose();
        Device.Dispose();
    }
}
