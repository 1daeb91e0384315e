using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DeviceTrust.Application.Audit;
using DeviceTrust.Application.Common;
using DeviceTrust.Application.TrustAnchors;
using DeviceTrust.Cose;
using DeviceTrust.Domain.Fleet;
using DeviceTrust.Domain.Trust;
using DeviceTrust.Enrollment.Pki;
using DeviceTrust.Suit;
using Microsoft.EntityFrameworkCore;

namespace DeviceTrust.Application.Tests.Updates;

/// <summary>An outside firmware author (its own key and certificate) and envelopes it signs for the seeded classes.</summary>
internal sealed class OutsideAuthor : IDisposable
{
    public OutsideAuthor()
    {
        Certificate = SigningCertificates.CreateSelfSigned(new X500DistinguishedName("CN=Acme firmware signing, O=Acme Sensors"), TimeSpan.FromDays(365), TimeProvider.System);
        Key = Certificate.GetECDsaPrivateKey()!;
    }

    public X509Certificate2 Certificate { get; }
    public ECDsa Key { get; }

    /// <summary>Trusts the author for <paramref name="deviceClass"/> through a FirmwareAuthor anchor of its own TPA.</summary>
    public async Task TrustAsync(TestDatabase database, DeviceClass deviceClass)
    {
        await using var db = await database.CreateDbContextAsync();
        var tpa = ProvisioningAuthority.Create(Guid.NewGuid(), "Acme firmware", null, "user:officer");
        tpa.Grant(new TpaGrant(TrustAnchorRights.All, TrustAnchorPurpose.FirmwareAuthor, [deviceClass.Id]), "user:officer");
        db.ProvisioningAuthorities.Add(tpa);
        var material = new AnchorMaterial(KeyMaterialFormat.X509Certificate, Certificate.RawData, AnchorMaterialReader.Fingerprint(Certificate.RawData),
            Certificate.Subject, Certificate.NotBefore.ToUniversalTime(), Certificate.NotAfter.ToUniversalTime());
        db.TrustAnchors.Add(TrustAnchor.Add("Acme firmware signing", TrustAnchorPurpose.FirmwareAuthor, material, [deviceClass.Id], tpa,
            AnchorAuthority.Of(tpa), "user:officer", DateTimeOffset.UtcNow));
        await database.Get<AuditTrail>().SaveAsync(db);
    }

    /// <summary>An envelope for <paramref name="image"/> on component "firmware" of the class, version text included.</summary>
    public byte[] Envelope(DeviceClass deviceClass, byte[] image, ulong sequence, string version, ulong? declaredSize = null, Guid? classId = null) =>
        SuitSigner.Sign(new SuitManifestBuilder(sequence, deviceClass.VendorId.ToByteArray(bigEndian: true), (classId ?? deviceClass.ClassId).ToByteArray(bigEndian: true))
            .AddImage(new SuitImage([System.Text.Encoding.UTF8.GetBytes("firmware")], SHA256.HashData(image), declaredSize ?? (ulong)image.Length)
            {
                Uri = "https://firmware.acme.example/t1/" + version,
            })
            .ComponentText("en", 0, SuitTextKeys.ComponentVersion, version)
            .Build(), Key, CoseAlgorithms.ES256);

    public void Dispose()
    {
        Key.Dispose();
        Certificate.Dispose();
    }

    public static async Task<DeviceClass> ClassAsync(TestDatabase database, string name)
    {
        await using var db = await database.CreateDbContextAsync();
        return await db.DeviceClasses.AsNoTracking().SingleAsync(c => c.Name == name);
    }

    public static byte[] Image(int size, byte seed)
    {
        var image = new byte[size];
        new Random(seed).NextBytes(image);
        return image;
    }
}
