using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DeviceTrust.Infrastructure.Persistence;
using DeviceTrust.Testing;
using Microsoft.EntityFrameworkCore;

namespace DeviceTrust.Infrastructure.Tests;

/// <summary>The Data Protection key ring (which guards the PKI's private keys) as it lies in the database.</summary>
public sealed class DataProtectionAtRestTests
{
    private static async Task<string> KeyRingXmlAsync(TestDatabase database)
    {
        await using var db = (DeviceTrustDbContext)await database.CreateDbContextAsync();
        return string.Join("\n", await db.DataProtectionKeys.AsNoTracking().Select(k => k.Xml).ToListAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task KeyRing_WithCertificateConfigured_IsStoredEncrypted()
    {
        var pfx = Path.Combine(Path.GetTempPath(), $"devicetrust-dp-{Guid.NewGuid():N}.pfx");
        using (var rsa = RSA.Create(2048))
        {
            var request = new CertificateRequest("CN=DeviceTrust key ring (test)", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
            await File.WriteAllBytesAsync(pfx, certificate.Export(X509ContentType.Pfx, "test-password"), TestContext.Current.CancellationToken);
        }

        try
        {
            await using var database = await TestDatabase.CreateAsync(seed: false, configure: b =>
            {
                b.Configuration["DataProtection:CertificatePath"] = pfx;
                b.Configuration["DataProtection:CertificatePassword"] = "test-password";
            });

            var xml = await KeyRingXmlAsync(database);
            Assert.Contains("EncryptedData", xml, StringComparison.Ordinal);
            Assert.DoesNotContain("<value>", xml, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(pfx);
        }
    }

    [Fact]
    public async Task KeyRing_WithoutCertificate_IsPlainXml()
    {
        // Documents the development default the README warns about: without a certificate the master key is readable.
        await using var database = await TestDatabase.CreateAsync(seed: false);

        var xml = await KeyRingXmlAsync(database);
        Assert.Contains("<masterKey", xml, StringComparison.Ordinal);
        Assert.Contains("<value>", xml, StringComparison.Ordinal);
    }
}
