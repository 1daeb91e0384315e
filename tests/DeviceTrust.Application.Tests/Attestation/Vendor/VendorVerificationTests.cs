using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DeviceTrust.Application.Attestation.Vendor;
using DeviceTrust.Application.Common;
using DeviceTrust.Application.Provisioning.Manufacturers;
using DeviceTrust.Attestation.Ear;
using DeviceTrust.Domain.Devices;
using DeviceTrust.Domain.Fleet;
using DeviceTrust.Testing;
using Microsoft.EntityFrameworkCore;

namespace DeviceTrust.Application.Tests.Attestation.Vendor;

/// <summary>
/// What the domain accepts from a manufacturer's verifier, with that verifier faked (a boundary we do not own) and the
/// real anchors of a simulated manufacturer on a real SQLite file: only an affirming EAR signed by an AttestationVerifier
/// anchor of the class, about this very evidence and this device, vouches; anything else is refused with why, and an
/// answer that is not a result is the verifier's failure (502), not a verdict.
/// </summary>
public sealed class VendorVerificationTests : IAsyncLifetime
{
    private static readonly byte[] Evidence = [0xD8, 0x3D, 0xD1, 0x84, 0x01, 0x02];
    private readonly FakeVerifier _verifier = new();
    private TestDatabase _database = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync(configure: b => b.Configuration["Brski:SimulateManufacturers"] = "true");
        // Where the app's HTTPS listener would be: the embedded verifiers' address is derived from it.
        _database.Get<DeviceTrust.Application.Provisioning.Registrar.EmbeddedMasaEndpoint>().BaseUrl = new Uri("https://localhost:5443/");
    }

    public async ValueTask DisposeAsync() => await _database.DisposeAsync();

    private sealed class FakeVerifier : IVendorVerifierClient
    {
        public Func<VendorAppraisalRequest, VendorVerifierAnswer> Answer { get; set; } = _ => new(500, "", null);

        public Uri? AskedAt { get; private set; }

        public Task<VendorVerifierAnswer> AppraiseAsync(Uri verifierUrl, VendorAppraisalRequest request, CancellationToken cancellationToken)
        {
            AskedAt = verifierUrl;
            return Task.FromResult(Answer(request));
        }
    }

    private async Task<(Device Device, DeviceClass Class, X509Certificate2 Signer)> KumoAsync()
    {
        await using var db = await _database.CreateDbContextAsync();
        var deviceClass = await db.DeviceClasses.AsNoTracking().SingleAsync(c => c.Name == "Kumo Meter M7", Ct);
        var device = await db.Devices.AsNoTracking().FirstAsync(d => d.DeviceClassId == deviceClass.Id, Ct);
        var manufacturer = await _database.Get<SimulatedManufacturers>().FindAsync(deviceClass.ManufacturerId, Ct);
        return (device, deviceClass, manufacturer!.VerifierSigner!);
    }

    private static string Ear(ECDsa key, string serial, byte[] rawEvidence, TrustTier tier = TrustTier.Affirming)
    {
        var vector = TrustworthinessVector.Empty.With(TrustworthinessClaim.InstanceIdentity,
            tier == TrustTier.Affirming ? InstanceIdentityValues.Recognized : SharedValues.CryptoValidationFailed);
        var result = new AttestationResult(DateTimeOffset.UtcNow, new VerifierId("Kumo Devices attestation verifier", "1"),
            new Dictionary<string, EarAppraisal> { [serial] = EarAppraisal.FromVector(vector) }, rawEvidence: rawEvidence);
        return EarJwt.Sign(result, key);
    }

    private async Task<VendorVouching> CheckAsync(Device device, DeviceClass deviceClass)
    {
        await using var db = await _database.CreateDbContextAsync();
        return await new VendorVerification(_verifier, _database.Get<EmbeddedVendorVerifierEndpoint>())
            .CheckAsync(db, device, deviceClass, Evidence, DateTimeOffset.UtcNow, Ct);
    }

    [Fact]
    public async Task AffirmingEar_SignedByTheClassAnchor_AboutThisEvidence_Vouches()
    {
        var (device, deviceClass, signer) = await KumoAsync();
        using var key = signer.GetECDsaPrivateKey()!;
        _verifier.Answer = request => new(200, Ear(key, request.SerialNumber, Evidence), "application/eat+jwt");

        var vouching = await CheckAsync(device, deviceClass);

        Assert.True(vouching.Vouched, vouching.Reason);
        Assert.StartsWith("Kumo Devices Attestation Verifier (DEV-ONLY)", vouching.Verifier, StringComparison.Ordinal);
        Assert.Equal(InstanceIdentityValues.Recognized, vouching.Vector![TrustworthinessClaim.InstanceIdentity]);
        Assert.EndsWith($"vendor-verifier/{deviceClass.ManufacturerId:D}", _verifier.AskedAt!.AbsoluteUri.TrimEnd('/'), StringComparison.Ordinal);
    }

    [Fact]
    public async Task EarSignedByAKeyNoAnchorHolds_Refused()
    {
        var (device, deviceClass, _) = await KumoAsync();
        using var stranger = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        _verifier.Answer = request => new(200, Ear(stranger, request.SerialNumber, Evidence), "application/eat+jwt");

        var vouching = await CheckAsync(device, deviceClass);

        Assert.False(vouching.Vouched);
        Assert.Contains("is not signed by any of the", vouching.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EarAboutOtherEvidence_Refused()
    {
        var (device, deviceClass, signer) = await KumoAsync();
        using var key = signer.GetECDsaPrivateKey()!;
        _verifier.Answer = request => new(200, Ear(key, request.SerialNumber, [0xD8, 0x3D, 0xD1, 0x84, 0x09]), "application/eat+jwt");

        var vouching = await CheckAsync(device, deviceClass);

        Assert.False(vouching.Vouched);
        Assert.Contains("not about this evidence", vouching.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EarAboutAnotherDevice_Refused()
    {
        var (device, deviceClass, signer) = await KumoAsync();
        using var key = signer.GetECDsaPrivateKey()!;
        _verifier.Answer = _ => new(200, Ear(key, "KUMO-SOMEONE-ELSE", Evidence), "application/eat+jwt");

        var vouching = await CheckAsync(device, deviceClass);

        Assert.False(vouching.Vouched);
        Assert.Contains($"says nothing about {device.SerialNumber}", vouching.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ContraindicatedEar_Refused_WithTheManufacturersVector()
    {
        var (device, deviceClass, signer) = await KumoAsync();
        using var key = signer.GetECDsaPrivateKey()!;
        _verifier.Answer = request => new(200, Ear(key, request.SerialNumber, Evidence, TrustTier.Contraindicated), "application/eat+jwt");

        var vouching = await CheckAsync(device, deviceClass);

        Assert.False(vouching.Vouched);
        Assert.Contains("did not vouch for the MAC", vouching.Reason, StringComparison.Ordinal);
        Assert.Equal(SharedValues.CryptoValidationFailed, vouching.Vector![TrustworthinessClaim.InstanceIdentity]);
    }

    [Theory]
    [InlineData(503, "busy")]
    [InlineData(200, "not a JWT at all")]
    public async Task AnswerThatIsNoResult_TheVerifierFailed(int status, string body)
    {
        var (device, deviceClass, _) = await KumoAsync();
        _verifier.Answer = _ => new(status, body, "text/plain");

        var failed = await Assert.ThrowsAsync<VendorVerifierFailedException>(() => CheckAsync(device, deviceClass));

        Assert.Contains("attestation verifier of Kumo Devices", failed.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RealManufacturerWithoutAVerifierUrl_Refused_NobodyAsked()
    {
        var (device, deviceClass, _) = await KumoAsync();
        await using (var db = await _database.CreateDbContextAsync())
        {
            var manufacturer = await db.Manufacturers.SingleAsync(m => m.Id == deviceClass.ManufacturerId, Ct);
            manufacturer.PointAtMasa(new Uri("https://masa.kumo.example/"));
            await db.SaveChangesAsync(Ct);
        }

        var vouching = await CheckAsync(device, deviceClass);

        Assert.False(vouching.Vouched);
        Assert.Contains("has no attestation verifier configured", vouching.Reason, StringComparison.Ordinal);
        Assert.Null(_verifier.AskedAt);
    }
}
