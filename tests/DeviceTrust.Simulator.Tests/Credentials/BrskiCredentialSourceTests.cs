using System.Collections.Concurrent;
using DeviceTrust.Enrollment.Pki;
using DeviceTrust.Simulator.Credentials;
using DeviceTrust.Simulator.Device;
using DeviceTrust.Simulator.Tests.Attestation;
using DeviceTrust.Simulator.Tests.Infrastructure;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace DeviceTrust.Simulator.Tests.Credentials;

/// <summary>
/// What the BRSKI source decides before it reaches a registrar (the bootstrap itself is tested against the real server in
/// DeviceTrust.Web.Tests). Its registrar is a port where nothing listens, so an enrollment attempt fails as an unreachable
/// server does.
/// </summary>
public sealed class BrskiCredentialSourceTests
{
    private const string Serial = "ACME-T1-BRS-00001";

    private static readonly SimulatedDeviceSpec Device = DeviceFixtures.Spec(Serial);

    private readonly CountingIssuer _issuer = new();
    private readonly InMemoryDeviceStorage _storage = new();
    private readonly TestCa _domain = new();

    [Fact]
    public async Task GetAsync_StoredValidLdevid_ReturnsItWithoutEnrolling()
    {
        var storedLdevid = await StoreEnrolledAsync();
        using var source = Source(TimeProvider.System);

        using var credential = await source.GetAsync(Device, FaultInjection.None, TestContext.Current.CancellationToken);

        Assert.Equal(storedLdevid, credential.Ldevid.ExportCertificatePem());
        Assert.Equal(_domain.Root.Certificate.RawData, credential.DomainTrustAnchor.RawData);
        Assert.True(credential.Ldevid.Certificate.HasPrivateKey);
        Assert.Empty(_issuer.Requests);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(-1)]
    public async Task GetAsync_StoredLdevidOutsideItsValidity_EnrollsAgainWithTheStoredIdevid(int daysFromNow)
    {
        await StoreEnrolledAsync();
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow.AddDays(daysFromNow));
        using var source = Source(time);

        // Not returned: the source goes to the registrar, which cannot be reached; that is transient, not a refusal.
        await Assert.ThrowsAsync<HttpRequestException>(
            () => source.GetAsync(Device, FaultInjection.None, TestContext.Current.CancellationToken));
        Assert.Empty(_issuer.Requests);
    }

    [Fact]
    public async Task GetAsync_FactoryNewDevice_GetsItsIdevidOnceAndKeepsIt()
    {
        using var source = Source(TimeProvider.System);

        await Assert.ThrowsAsync<HttpRequestException>(
            () => source.GetAsync(Device, FaultInjection.None, TestContext.Current.CancellationToken));
        var kept = await _storage.LoadAsync(Serial, TestContext.Current.CancellationToken);
        await Assert.ThrowsAsync<HttpRequestException>(
            () => source.GetAsync(Device, FaultInjection.None, TestContext.Current.CancellationToken));

        Assert.Equal([null], _issuer.Requests);
        Assert.NotNull(kept);
        Assert.Contains("BEGIN CERTIFICATE", kept.IdevidPem, StringComparison.Ordinal);
        Assert.Null(kept.LdevidPem);
        Assert.Equal(kept, await _storage.LoadAsync(Serial, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task GetAsync_ProvisioningFaultWithStoredLdevid_UsesTheLdevidTheDeviceAlreadyHas()
    {
        var storedLdevid = await StoreEnrolledAsync();
        using var source = Source(TimeProvider.System);

        // Provisioning faults are about joining; a device that has joined is not made to join again.
        using var credential = await source.GetAsync(Device, new FaultInjection { TamperVoucher = true, CsrKeyMismatch = true },
            TestContext.Current.CancellationToken);

        Assert.Equal(storedLdevid, credential.Ldevid.ExportCertificatePem());
        Assert.Empty(_issuer.Requests);
    }

    [Theory]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public async Task GetAsync_FaultWithTheGenuineIdevid_KeepsThatIdevidForWhenTheFaultIsCleared(bool tamperVoucher, bool csrKeyMismatch)
    {
        using var source = Source(TimeProvider.System);

        await Assert.ThrowsAsync<HttpRequestException>(() => source.GetAsync(Device,
            new FaultInjection { TamperVoucher = tamperVoucher, CsrKeyMismatch = csrKeyMismatch }, TestContext.Current.CancellationToken));
        var kept = await _storage.LoadAsync(Serial, TestContext.Current.CancellationToken);
        await Assert.ThrowsAsync<HttpRequestException>(
            () => source.GetAsync(Device, FaultInjection.None, TestContext.Current.CancellationToken));

        // The registrar binds a device to the first IDevID it sees: a second one would be refused.
        Assert.NotNull(kept);
        Assert.Equal([null], _issuer.Requests);
        Assert.Equal(kept, await _storage.LoadAsync(Serial, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task GetAsync_UnknownManufacturer_NeverAsksTheIssuerAndStoresNothing()
    {
        using var source = Source(TimeProvider.System);

        await Assert.ThrowsAsync<HttpRequestException>(
            () => source.GetAsync(Device, new FaultInjection { UnknownManufacturer = true }, TestContext.Current.CancellationToken));

        Assert.Empty(_issuer.Requests);
        Assert.Null(await _storage.LoadAsync(Serial, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task GetAsync_ExpiredIdevid_AsksForAShortLivedIdevidAndStoresNothing()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        // The factory takes long enough that the IDevID has expired by the time it is presented, so no wait is needed.
        var issuer = new CountingIssuer(time) { AfterIssue = () => time.Advance(TimeSpan.FromSeconds(5)) };
        using var source = new BrskiCredentialSource(new BrskiCredentialOptions
        {
            Registrar = DeviceFixtures.Nowhere, Issuer = issuer, Storage = _storage, TimeProvider = time,
        });

        await Assert.ThrowsAsync<HttpRequestException>(
            () => source.GetAsync(Device, new FaultInjection { ExpiredIdevid = true }, TestContext.Current.CancellationToken));

        var validity = Assert.Single(issuer.Requests);
        Assert.NotNull(validity);
        Assert.True(validity < TimeSpan.FromMinutes(1), $"asked for {validity}");
        Assert.Null(await _storage.LoadAsync(Serial, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task GetAsync_FactoryNewDevice_KeepsTheAttestationKeyTheFactoryInstalledWithItsIdevid()
    {
        using var source = Source(TimeProvider.System);

        await Assert.ThrowsAsync<HttpRequestException>(
            () => source.GetAsync(Device, FaultInjection.None, TestContext.Current.CancellationToken));

        var kept = await _storage.LoadAsync(Serial, TestContext.Current.CancellationToken);
        Assert.NotNull(kept);
        using var attestation = AttestationCredential.FromPem(kept.AttestationKeyPem!, kept.AttestationCertificatePem!);
        Assert.Equal(Serial, DeviceCertificateFields.SubjectSerialNumber(attestation.Endorsement));
        Assert.Equal(_issuer.Endorser.Ca.Certificate.RawData, Assert.Single(attestation.Chain).RawData);
    }

    [Fact]
    public async Task GetAsync_StoredLdevid_ComesWithTheStoredAttestationKey()
    {
        await StoreEnrolledAsync();
        var stored = await _storage.LoadAsync(Serial, TestContext.Current.CancellationToken);
        using var source = Source(TimeProvider.System);

        using var credential = await source.GetAsync(Device, FaultInjection.None, TestContext.Current.CancellationToken);

        Assert.NotNull(credential.Attestation);
        Assert.Equal(stored!.AttestationKeyPem, credential.Attestation.ExportPrivateKeyPem());
        Assert.Equal(stored.AttestationCertificatePem, credential.Attestation.ExportCertificatesPem());
    }

    [Fact]
    public async Task GetAsync_StorageFromBeforeAttestation_ConnectsWithoutAnAttestationKey()
    {
        await StoreEnrolledAsync(withAttestation: false);
        using var source = Source(TimeProvider.System);

        using var credential = await source.GetAsync(Device, FaultInjection.None, TestContext.Current.CancellationToken);

        Assert.Null(credential.Attestation);
        Assert.True(credential.Ldevid.Certificate.HasPrivateKey);
    }

    [Fact]
    public async Task GetAsync_FactoryNewVendorVerifiedDevice_KeepsTheVendorSecretWithTheAttestationKeyAndComesBackWithIt()
    {
        var secret = VendorVerifiedAttestationTests.NewSecret();
        using var factoryNew = new BrskiCredentialSource(new BrskiCredentialOptions
        {
            Registrar = DeviceFixtures.Nowhere, Issuer = new CountingIssuer { VendorSecret = secret }, Storage = _storage,
        });
        await Assert.ThrowsAsync<HttpRequestException>(
            () => factoryNew.GetAsync(Device, FaultInjection.None, TestContext.Current.CancellationToken));
        var kept = await _storage.LoadAsync(Serial, TestContext.Current.CancellationToken);
        using var ldevid = _domain.IssueLdevid(Serial);
        await _storage.SaveAsync(Serial, kept! with
        {
            LdevidPem = ldevid.ExportCertificatePem(),
            LdevidKeyPem = ldevid.ExportPrivateKeyPem(),
            DomainTrustAnchorPem = _domain.Root.ExportCertificatePem(),
        }, TestContext.Current.CancellationToken);
        using var source = Source(TimeProvider.System);

        using var credential = await source.GetAsync(Device, FaultInjection.None, TestContext.Current.CancellationToken);

        Assert.Equal(Convert.ToBase64String(secret.Encode()), kept.VendorAttestationSecret);
        Assert.Equal(secret.ExportKeyValue(), credential.Attestation!.VendorSecret!.ExportKeyValue());
        Assert.Equal(secret.KeyId!.Value.ToArray(), credential.Attestation.VendorSecret.KeyId!.Value.ToArray());
        Assert.Empty(_issuer.Requests);
    }

    [Fact]
    public async Task GetAsync_StoredVendorSecretUnreadable_ConnectsWithoutAttestationAndLogsNoSecret()
    {
        await StoreEnrolledAsync();
        var stored = await _storage.LoadAsync(Serial, TestContext.Current.CancellationToken);
        const string unreadable = "oQEC"; // {1: 2}: an EC2 key, not a symmetric one
        await _storage.SaveAsync(Serial, stored! with { VendorAttestationSecret = unreadable }, TestContext.Current.CancellationToken);
        var logs = new RecordingLoggerFactory();
        using var source = new BrskiCredentialSource(new BrskiCredentialOptions
        {
            Registrar = DeviceFixtures.Nowhere, Issuer = _issuer, Storage = _storage, LoggerFactory = logs,
        });

        using var credential = await source.GetAsync(Device, FaultInjection.None, TestContext.Current.CancellationToken);

        Assert.Null(credential.Attestation);
        var warning = Assert.Single(logs.Records, r => r.Level == LogLevel.Warning);
        Assert.Contains("attestation key cannot be read", warning.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(unreadable, warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_NoConcurrentEnrollments_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new BrskiCredentialSource(new BrskiCredentialOptions
        {
            Registrar = DeviceFixtures.Nowhere, Issuer = _issuer, MaxConcurrentEnrollments = 0,
        }));
    }

    /// <summary>Keeps every log entry, formatted, so a test can read what the source wrote.</summary>
    private sealed class RecordingLoggerFactory : ILoggerFactory, ILogger
    {
        private readonly ConcurrentQueue<(LogLevel Level, string Message)> _records = new();

        public IReadOnlyList<(LogLevel Level, string Message)> Records => _records.ToList();

        public ILogger CreateLogger(string categoryName) => this;

        public void AddProvider(ILoggerProvider provider) => throw new NotSupportedException();

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            _records.Enqueue((logLevel, formatter(state, exception)));

        public void Dispose()
        {
        }
    }

    private BrskiCredentialSource Source(TimeProvider time) => new(new BrskiCredentialOptions
    {
        Registrar = DeviceFixtures.Nowhere, Issuer = _issuer, Storage = _storage, TimeProvider = time,
    });

    /// <summary>
    /// A device that enrolled in an earlier run: IDevID, LDevID valid for a day from now, and the domain anchor; and its
    /// attestation key, unless stored by a simulator from before attestation.
    /// </summary>
    private async Task<string> StoreEnrolledAsync(bool withAttestation = true)
    {
        using var idevid = new CountingIssuer().Issue(DeviceFixtures.Manufacturer, Serial);
        using var ldevid = _domain.IssueLdevid(Serial);
        var stored = StoredCredentialsSamples.Of(idevid) with
        {
            LdevidPem = ldevid.ExportCertificatePem(),
            LdevidKeyPem = ldevid.ExportPrivateKeyPem(),
            DomainTrustAnchorPem = _domain.Root.ExportCertificatePem(),
        };
        if (!withAttestation)
            stored = stored with { AttestationKeyPem = null, AttestationCertificatePem = null };
        await _storage.SaveAsync(Serial, stored, TestContext.Current.CancellationToken);
        return stored.LdevidPem;
    }
}
