using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DeviceTrust.Application.Common;
using DeviceTrust.Application.Fleet.RegisterDevice;
using DeviceTrust.Application.Provisioning;
using DeviceTrust.Application.TrustAnchors.AddTrustAnchor;
using DeviceTrust.Application.TrustAnchors.CreateTpa;
using DeviceTrust.Domain.Fleet;
using DeviceTrust.Domain.Trust;
using DeviceTrust.Enrollment.Pki;
using Microsoft.Extensions.DependencyInjection;

namespace DeviceTrust.Web.Tests.Infrastructure;

/// <summary>
/// A simulated manufacturer whose IDevIDs come from an intermediate CA under its root, as many real manufacturers issue
/// them: the root is the class's Manufacturer IDevID CA anchor and the embedded MASA's CA (stored as
/// <see cref="Application.Provisioning.Manufacturers.SimulatedManufacturers"/> stores its own DEV-ONLY credentials); the
/// intermediate is known only from what the device sends.
/// </summary>
public sealed class ChainedManufacturer : IDisposable
{
    private static readonly TimeSpan Validity = TimeSpan.FromDays(3650);

    private ChainedManufacturer(string name, string deviceClass, CertificateAuthority root, CertificateAuthority intermediate, X509Certificate2 masa)
    {
        Name = name;
        DeviceClass = deviceClass;
        Root = root;
        Intermediate = intermediate;
        Masa = masa;
    }

    public string Name { get; }
    public string DeviceClass { get; }
    public CertificateAuthority Root { get; }
    public CertificateAuthority Intermediate { get; }
    public X509Certificate2 Masa { get; }

    public static async Task<ChainedManufacturer> CreateAsync(IServiceProvider services, string name, CancellationToken ct)
    {
        var root = CertificateAuthority.CreateRoot(new X500DistinguishedName($"CN={name} Root CA"), Validity, TimeProvider.System, pathLength: 1);
        var intermediate = root.CreateIssuingCa(new X500DistinguishedName($"CN={name} IDevID Issuing CA"), Validity);
        var masa = SigningCertificates.CreateSelfSigned(new X500DistinguishedName($"CN={name} MASA"), Validity, TimeProvider.System);
        var manufacturer = Manufacturer.Create(Guid.NewGuid(), name);
        var deviceClass = Domain.Fleet.DeviceClass.Create(Guid.NewGuid(), manufacturer.Id, $"{name} Sensor", Guid.NewGuid(), Guid.NewGuid(), "S1");
        var protector = services.GetRequiredService<IPrivateKeyProtector>();
        await using (var db = await services.GetRequiredService<IDeviceTrustDbContextFactory>().CreateAsync(ct))
        {
            using var masaKey = masa.GetECDsaPrivateKey()!;
            db.Manufacturers.Add(manufacturer);
            db.DeviceClasses.Add(deviceClass);
            db.PkiCredentials.Add(PkiCredential.Create(PkiCredentialRole.ManufacturerIdevidCa, root.ExportCertificateDer(), protector.Protect(root.ExportPrivateKeyPkcs8()),
                DateTimeOffset.UtcNow, manufacturer.Id));
            db.PkiCredentials.Add(PkiCredential.Create(PkiCredentialRole.MasaSigning, masa.RawData, protector.Protect(masaKey.ExportPkcs8PrivateKey()),
                DateTimeOffset.UtcNow, manufacturer.Id));
            await db.SaveChangesAsync(ct);
        }
        var tpa = await services.GetRequiredService<CreateTpaHandler>().HandleAsync(TestPledge.Officer, $"{name} (manufacturer)", null, ct);
        var anchors = services.GetRequiredService<AddTrustAnchorHandler>();
        await anchors.HandleAsync(TestPledge.Officer, new AddTrustAnchorRequest($"{name} Root CA", TrustAnchorPurpose.ManufacturerIdevidCa, tpa.Id, [deviceClass.Id],
            System.Text.Encoding.ASCII.GetBytes(root.ExportCertificatePem())), ct);
        await anchors.HandleAsync(TestPledge.Officer, new AddTrustAnchorRequest($"{name} MASA", TrustAnchorPurpose.Masa, tpa.Id, [deviceClass.Id],
            System.Text.Encoding.ASCII.GetBytes(masa.ExportCertificatePem())), ct);
        return new ChainedManufacturer(name, deviceClass.Name, root, intermediate, masa);
    }

    /// <summary>Registers <paramref name="serial"/> in the inventory and issues its IDevID from <see cref="Intermediate"/>.</summary>
    public async Task<TestPledge> PledgeAsync(IServiceProvider services, string serial, CancellationToken ct)
    {
        await services.GetRequiredService<RegisterDeviceHandler>().HandleAsync(new RegisterDeviceRequest(serial, DeviceClass, Name), TestPledge.Officer, ct);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var idevid = Intermediate.IssueIdevid(new IdevidRequest(key.ExportSubjectPublicKeyInfo(), serial) { CommonName = $"{Name} {serial}", Organization = Name });
        return TestPledge.Of(serial, idevid.CopyWithPrivateKey(key), X509CertificateLoader.LoadCertificate(Root.Certificate.RawData),
            X509CertificateLoader.LoadCertificate(Masa.RawData), [Intermediate.Certificate]);
    }

    public void Dispose() => Masa.Dispose();
}
