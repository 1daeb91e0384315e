using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DeviceTrust.Enrollment.Pki;
using DeviceTrust.Simulator.Credentials;
using Microsoft.Extensions.Logging;

namespace DeviceTrust.Simulator.Device;

/// <summary>Getting and keeping the credential the device connects with.</summary>
public sealed partial class SimulatedDevice
{
    /// <summary>
    /// The device's credential, enrolling first when it has none: transient failures (server unreachable, still held for
    /// an operator) are retried with backoff; null when the domain refused the device for good.
    /// </summary>
    private async Task<DeviceCredential?> EnsureCredentialAsync(CancellationToken token)
    {
        if (Volatile.Read(ref _credential) is { } held)
            return held;

        SetStatus(DeviceStatus.Enrolling);
        var retry = NewRetryPolicy();
        for (var failures = 0; ; failures++)
        {
            try
            {
                var credential = await _settings.Credentials.GetAsync(_spec, Faults, token);
                Volatile.Write(ref _problem, null);
                Volatile.Write(ref _credential, credential);
                _logger.LogDebug("Device {Serial} holds its LDevID '{Subject}'", Serial, credential.Ldevid.Certificate.Subject);
                return credential;
            }
            catch (DeviceRefusedException e)
            {
                Volatile.Write(ref _problem, e.Message);
                return null;
            }
            catch (Exception e) when (!token.IsCancellationRequested)
            {
                Volatile.Write(ref _problem, e.Message);
                _logger.LogDebug(e, "Device {Serial} could not enroll yet (attempt {Attempt})", Serial, failures + 1);
            }

            await Task.Delay(retry.GetDelay(failures), _settings.TimeProvider, token);
        }
    }

    /// <summary>What the device presents to the hub: its LDevID, or for <see cref="FaultInjection.UntrustedCertificate"/> a self-signed look-alike.</summary>
    private X509Certificate2 ClientCertificateFor(DeviceCredential credential) =>
        Faults.UntrustedCertificate ? SelfSignedLookAlike() : credential.Ldevid.TlsCertificate;

    private X509Certificate2 SelfSignedLookAlike()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var subject = new X500DistinguishedNameBuilder();
        subject.AddCommonName(Serial);
        subject.Add(EnrollmentOids.SerialNumber, Serial, UniversalTagNumber.PrintableString);
        var request = new CertificateRequest(subject.Build(), key, HashAlgorithmName.SHA256);
        var now = _settings.TimeProvider.GetUtcNow();
        using var certificate = request.CreateSelfSigned(now.AddMinutes(-1), now.AddDays(1));
        // A PKCS#12 round trip gives a key every platform's TLS stack can use for client authentication.
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
    }
}
