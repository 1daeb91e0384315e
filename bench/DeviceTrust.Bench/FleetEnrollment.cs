using System.Diagnostics;
using DeviceTrust.Bench.Enrollment;
using DeviceTrust.Simulator;
using DeviceTrust.Simulator.Credentials;
using DeviceTrust.Simulator.Device;
using DeviceTrust.Simulator.Provisioning;

namespace DeviceTrust.Bench;

/// <summary>
/// The untimed part before the load: every device gets a DEV-ONLY IDevID from the development API (as the security
/// officer), then bootstraps with BRSKI and EST through the Simulator's <see cref="BrskiCredentialSource"/>, as a
/// simulated device does.
/// </summary>
internal static class FleetEnrollment
{
    /// <summary>Bootstraps at once, as the hosted simulator does by default.</summary>
    public const int Concurrency = 8;

    /// <exception cref="InvalidOperationException">A device was refused, or its bootstrap failed; the message says which and why.</exception>
    public static async Task<(IReadOnlyList<DeviceCredential> Credentials, TimeSpan Elapsed)> EnrollAsync(
        Uri registrar, HttpClient securityApi, IReadOnlyList<SimulatedDeviceSpec> devices, CancellationToken cancellationToken)
    {
        using var source = new BrskiCredentialSource(new BrskiCredentialOptions
        {
            Registrar = registrar,
            Issuer = new DevApiIssuer(securityApi),
            MaxConcurrentEnrollments = Concurrency,
        });
        var credentials = new DeviceCredential[devices.Count];
        var started = Stopwatch.GetTimestamp();
        try
        {
            // The source lets Concurrency through at a time; the rest wait in it.
            await Task.WhenAll(devices.Select(async (device, i) =>
            {
                try
                {
                    credentials[i] = await source.GetAsync(device, FaultInjection.None, cancellationToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    throw new InvalidOperationException($"Device {device.Serial} did not enroll: {e.Message}", e);
                }
            }));
            return (credentials, Stopwatch.GetElapsedTime(started));
        }
        catch
        {
            foreach (var credential in credentials) credential?.Dispose();
            throw;
        }
    }

    /// <summary>POST /api/v1/dev/manufacturers/{name}/idevids with the security officer's API session.</summary>
    private sealed class DevApiIssuer(HttpClient securityApi) : IIdevidIssuer
    {
        public async Task<DeviceIdentity> IssueAsync(string manufacturer, string serialNumber, TimeSpan? validity, CancellationToken cancellationToken)
        {
            var path = $"/api/v1/dev/manufacturers/{Uri.EscapeDataString(manufacturer)}/idevids";
            var validitySeconds = validity is { } span ? (int?)Math.Ceiling(span.TotalSeconds) : null;
            var minted = await ApiSession.PostAsync<MintedIdevid>(securityApi, path, new { serialNumber, validitySeconds }, cancellationToken);
            // The attestation key the factory installs beside the IDevID (the attest driver's devices sign evidence with it).
            var attestation = minted is { AttestationKeyPem: { Length: > 0 } key, AttestationCertificatePem: { Length: > 0 } endorsement }
                ? AttestationCredential.FromPem(key, $"{endorsement}\n{minted.EndorsementCaPem}\n", minted.VendorAttestationSecret)
                : null;
            return DeviceIdentity.FromPem(minted.CertificatePem, minted.PrivateKeyPem, minted.MasaCertificatePem, minted.ChainPem, attestation);
        }
    }

    private sealed record MintedIdevid(string CertificatePem, string PrivateKeyPem, string ChainPem, string MasaCertificatePem,
        string? AttestationKeyPem, string? AttestationCertificatePem, string? EndorsementCaPem, string? VendorAttestationSecret = null);
}
