using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DeviceTrust.Simulator.Device;
using DeviceTrust.Simulator.Provisioning;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DeviceTrust.Simulator.Credentials;

/// <summary>How a fleet bootstraps: where the registrar is, where IDevIDs come from, where devices keep what they learn.</summary>
public sealed record BrskiCredentialOptions
{
    /// <summary>The registrar's HTTPS base address (the server's device listener), e.g. https://localhost:5443/.</summary>
    public required Uri Registrar { get; init; }

    public required IIdevidIssuer Issuer { get; init; }

    public IDeviceStorage Storage { get; init; } = new InMemoryDeviceStorage();

    /// <summary>Bootstraps at once; the rest wait their turn, as a site's devices come up over time rather than in one instant.</summary>
    public int MaxConcurrentEnrollments { get; init; } = 8;

    /// <summary>The wait after a 202 without a usable Retry-After.</summary>
    public TimeSpan DefaultRetryDelay { get; init; } = TimeSpan.FromSeconds(10);

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    public ILoggerFactory LoggerFactory { get; init; } = NullLoggerFactory.Instance;
}

/// <summary>
/// Credentials the way a real device gets them: the IDevID from the factory (kept in the device's storage), then BRSKI
/// and EST against the registrar (<see cref="BrskiPledge"/>), the LDevID and pinned domain certificate stored for the
/// next start. A stored LDevID that is still valid is used as is. The attestation key the factory installed with the
/// IDevID (with the vendor secret, when the factory embedded one) is kept with it and comes with every credential.
/// </summary>
public sealed class BrskiCredentialSource : IDeviceCredentialSource, IDisposable
{
    /// <summary>How long the IDevID of <see cref="FaultInjection.ExpiredIdevid"/> is valid before it is presented.</summary>
    private static readonly TimeSpan ShortLivedIdevid = TimeSpan.FromSeconds(1);

    /// <summary>The longest a held pledge waits before asking again, whatever Retry-After says.</summary>
    private static readonly TimeSpan MaxPendingWait = TimeSpan.FromMinutes(5);

    private readonly BrskiCredentialOptions _options;
    private readonly SemaphoreSlim _enrollments;
    private readonly ILogger _logger;

    public BrskiCredentialSource(BrskiCredentialOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxConcurrentEnrollments, 1, nameof(options.MaxConcurrentEnrollments));
        _options = options;
        _enrollments = new SemaphoreSlim(options.MaxConcurrentEnrollments);
        _logger = options.LoggerFactory.CreateLogger<BrskiCredentialSource>();
    }

    private DateTimeOffset Now => _options.TimeProvider.GetUtcNow();

    public async Task<DeviceCredential> GetAsync(SimulatedDeviceSpec device, FaultInjection faults, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(faults);
        var stored = await _options.Storage.LoadAsync(device.Serial, cancellationToken);
        // Provisioning faults are about joining: a device that has joined keeps its LDevID whatever they say.
        if (StoredCredential(device.Serial, stored) is { } enrolled)
            return enrolled;

        using var idevid = await IdevidAsync(device, faults, stored, cancellationToken);
        while (true)
        {
            TimeSpan wait;
            // A slot is held for one exchange only: a pledge held for an operator waits outside it, so held gateways
            // never stall the rest of the fleet.
            await _enrollments.WaitAsync(cancellationToken);
            try
            {
                return await EnrollAsync(device, faults, idevid, cancellationToken);
            }
            catch (PledgeException e) when (e.Failure == PledgeFailure.StillPending)
            {
                wait = e.RetryAfter is { } retryAfter && retryAfter > TimeSpan.Zero ? Min(retryAfter, MaxPendingWait) : _options.DefaultRetryDelay;
                _logger.LogDebug("Device {Serial} is held by the registrar; asking again in {Seconds} s", device.Serial, wait.TotalSeconds);
            }
            finally
            {
                _enrollments.Release();
            }
            await Task.Delay(wait, _options.TimeProvider, cancellationToken);
        }
    }

    private async Task<DeviceCredential> EnrollAsync(SimulatedDeviceSpec device, FaultInjection faults, DeviceIdentity idevid, CancellationToken cancellationToken)
    {
        var pledge = new BrskiPledge(idevid, _options.Registrar, new PledgeOptions
        {
            // One request per exchange: a 202 comes back here, to wait without holding a slot (RFC 8995 5.6).
            MaxAttempts = 1,
            DefaultRetryDelay = _options.DefaultRetryDelay,
            TimeProvider = _options.TimeProvider,
            Faults = new PledgeFaults { TamperVoucher = faults.TamperVoucher, CsrSignedWithOtherKey = faults.CsrKeyMismatch },
            // Stored before enrollstatus and whatever the caller's token says: once the domain counts the device as
            // Enrolled, an LDevID it lost could never be replaced through the IDevID.
            LdevidInstalled = (ldevid, pinned) => _options.Storage.SaveAsync(device.Serial, ToStored(idevid) with
            {
                LdevidPem = PemCertificates.Write([ldevid.Certificate, .. ldevid.Chain]),
                LdevidKeyPem = ldevid.ExportPrivateKeyPem(),
                DomainTrustAnchorPem = pinned.ExportCertificatePem(),
            }, CancellationToken.None),
        });

        PledgeResult result;
        try
        {
            result = await pledge.ProvisionAsync(cancellationToken);
        }
        catch (PledgeException e) when (e.Failure != PledgeFailure.StillPending && e.ServerError is not { Status: >= 500 })
        {
            throw new DeviceRefusedException($"{e.Failure}: {e.Message}", e);
        }

        return new DeviceCredential(result.Ldevid, X509CertificateLoader.LoadCertificate(result.Voucher.PinnedDomainCertificate.RawData),
            idevid.Attestation?.Copy());
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    /// <summary>The factory's IDevID (issued once, then kept), or the counterfeit or expired one a fault asks for (never kept).</summary>
    private async Task<DeviceIdentity> IdevidAsync(SimulatedDeviceSpec device, FaultInjection faults, StoredCredentials? stored,
        CancellationToken cancellationToken)
    {
        if (faults.UnknownManufacturer)
            return CounterfeitIdevid.Create(device.Serial, _options.TimeProvider);

        if (faults.ExpiredIdevid)
        {
            var expiring = await _options.Issuer.IssueAsync(device.Manufacturer, device.Serial, ShortLivedIdevid, cancellationToken);
            try
            {
                var expired = new DateTimeOffset(expiring.Certificate.NotAfter.ToUniversalTime()) - Now + TimeSpan.FromSeconds(1);
                if (expired > TimeSpan.Zero)
                    await Task.Delay(expired, _options.TimeProvider, cancellationToken);
                return expiring;
            }
            catch
            {
                expiring.Dispose();
                throw;
            }
        }

        if (stored is not null)
        {
            var attestation = StoredAttestation(device.Serial, stored);
            try
            {
                return DeviceIdentity.FromPem(stored.IdevidPem, stored.IdevidKeyPem, stored.MasaCertificatePem, attestation: attestation);
            }
            catch
            {
                attestation?.Dispose();
                throw;
            }
        }

        // The genuine IDevID is kept whatever happens next: the registrar binds the device to the first one it sees.
        var issued = await _options.Issuer.IssueAsync(device.Manufacturer, device.Serial, null, cancellationToken);
        await _options.Storage.SaveAsync(device.Serial, ToStored(issued), cancellationToken);
        _logger.LogDebug("Device {Serial} received IDevID '{Subject}' from {Manufacturer}", device.Serial, issued.Certificate.Subject, device.Manufacturer);
        return issued;
    }

    /// <summary>The stored LDevID, when there is one, it can be read and it is valid now.</summary>
    private DeviceCredential? StoredCredential(string serial, StoredCredentials? stored)
    {
        if (stored is not { LdevidPem: { } ldevidPem, LdevidKeyPem: { } keyPem, DomainTrustAnchorPem: { } anchorPem })
            return null;
        DeviceIdentity ldevid;
        X509Certificate2 anchor;
        try
        {
            ldevid = DeviceIdentity.FromPem(ldevidPem, keyPem);
            anchor = X509Certificate2.CreateFromPem(anchorPem);
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            _logger.LogWarning("Device {Serial}: its stored LDevID cannot be read ({Reason}); it bootstraps again", serial, e.Message);
            return null;
        }
        var now = Now;
        if (now >= ldevid.Certificate.NotBefore.ToUniversalTime() && now <= ldevid.Certificate.NotAfter.ToUniversalTime())
            return new DeviceCredential(ldevid, anchor, StoredAttestation(serial, stored));
        ldevid.Dispose();
        anchor.Dispose();
        return null;
    }

    /// <summary>
    /// The stored attestation key, with the vendor secret when one is stored; null when there is none (a factory that
    /// endorsed none, storage from before attestation) or it cannot be read: the device then declines to attest, and does
    /// everything else. The warning says what failed, never the key's or the secret's value.
    /// </summary>
    private AttestationCredential? StoredAttestation(string serial, StoredCredentials stored)
    {
        if (stored is not { AttestationKeyPem: { } keyPem, AttestationCertificatePem: { } certificatesPem })
        {
            _logger.LogDebug("Device {Serial} holds no attestation key", serial);
            return null;
        }
        try
        {
            return AttestationCredential.FromPem(keyPem, certificatesPem, stored.VendorAttestationSecret);
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            _logger.LogWarning("Device {Serial}: its stored attestation key cannot be read ({Reason}); it cannot attest", serial, e.Message);
            return null;
        }
    }

    private static StoredCredentials ToStored(DeviceIdentity idevid) => new()
    {
        IdevidPem = PemCertificates.Write([idevid.Certificate, .. idevid.Chain]),
        IdevidKeyPem = idevid.ExportPrivateKeyPem(),
        MasaCertificatePem = idevid.MasaCertificate!.ExportCertificatePem(),
        AttestationKeyPem = idevid.Attestation?.ExportPrivateKeyPem(),
        AttestationCertificatePem = idevid.Attestation?.ExportCertificatesPem(),
        VendorAttestationSecret = idevid.Attestation?.ExportVendorSecret(),
    };

    public void Dispose() => _enrollments.Dispose();
}
