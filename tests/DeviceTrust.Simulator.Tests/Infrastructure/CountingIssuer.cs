using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DeviceTrust.Cose;
using DeviceTrust.Enrollment.Pki;
using DeviceTrust.Simulator.Credentials;
using DeviceTrust.Simulator.Provisioning;

namespace DeviceTrust.Simulator.Tests.Infrastructure;

/// <summary>
/// A factory line for tests: IDevIDs from a manufacturer CA of its own, each with an attestation key its endorsement CA
/// (<see cref="Endorser"/>) certifies, recording each request.
/// </summary>
public sealed class CountingIssuer : IIdevidIssuer
{
    private readonly CertificateAuthority _manufacturer;
    private readonly X509Certificate2 _masa;
    private readonly ConcurrentQueue<TimeSpan?> _validities = new();

    public CountingIssuer(TimeProvider? time = null)
    {
        time ??= TimeProvider.System;
        _manufacturer = CertificateAuthority.CreateRoot(new X500DistinguishedName("CN=Test Manufacturer IDevID CA"), TimeSpan.FromDays(3650), time,
            pathLength: 0);
        _masa = SigningCertificates.CreateSelfSigned(new X500DistinguishedName("CN=Test Manufacturer MASA"), TimeSpan.FromDays(3650), time);
    }

    public TestEndorser Endorser { get; } = new();

    /// <summary>The vendor secret installed beside each attestation key, as a VendorVerified class's factory embeds one.</summary>
    public CoseSymmetricKey? VendorSecret { get; init; }

    /// <summary>Runs after each IDevID is issued, before it is returned.</summary>
    public Action? AfterIssue { get; init; }

    /// <summary>The validity asked for by each request, in order; null is the manufacturer's default.</summary>
    public IReadOnlyList<TimeSpan?> Requests => _validities.ToList();

    public Task<DeviceIdentity> IssueAsync(string manufacturer, string serialNumber, TimeSpan? validity, CancellationToken cancellationToken) =>
        Task.FromResult(Issue(manufacturer, serialNumber, validity));

    public DeviceIdentity Issue(string manufacturer, string serialNumber, TimeSpan? validity = null)
    {
        _validities.Enqueue(validity);
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var certificate = _manufacturer.IssueIdevid(new IdevidRequest(key.ExportSubjectPublicKeyInfo(), serialNumber)
        {
            CommonName = $"{manufacturer} {serialNumber}",
            Validity = validity,
        });
        AfterIssue?.Invoke();
        return new DeviceIdentity(certificate, key, [_manufacturer.Certificate], _masa, Endorser.Issue(serialNumber, VendorSecret));
    }
}
