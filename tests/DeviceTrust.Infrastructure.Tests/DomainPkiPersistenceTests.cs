using System.Security.Cryptography;
using DeviceTrust.Application.Attestation.Verifier;
using DeviceTrust.Application.Updates.Catalog;
using DeviceTrust.Application.Provisioning;
using DeviceTrust.Domain.Trust;
using DeviceTrust.Testing;
using Microsoft.EntityFrameworkCore;

namespace DeviceTrust.Infrastructure.Tests;

/// <summary>The domain PKI is created once, its private keys stored only as Data Protection payloads, and reloaded.</summary>
public sealed class DomainPkiPersistenceTests
{
    [Fact]
    public async Task EnsureCreated_FirstStart_StoresEncryptedKeysAndTheRootAsTrustAnchor()
    {
        await using var database = await TestDatabase.CreateAsync(seed: false);
        var ct = TestContext.Current.CancellationToken;
        var pki = database.Get<DomainPki>();

        await using var db = await database.CreateDbContextAsync();
        var credentials = await db.PkiCredentials.AsNoTracking().ToListAsync(ct);
        Assert.Equal([PkiCredentialRole.RootCa, PkiCredentialRole.IssuingCa, PkiCredentialRole.RegistrarTls, PkiCredentialRole.AttestationResultSigning,
                PkiCredentialRole.FirmwareAuthorSigning],
            credentials.Select(c => c.Role).Order());

        var root = credentials.Single(c => c.Role == PkiCredentialRole.RootCa);
        var pkcs8 = pki.Root.ExportPrivateKeyPkcs8();
        Assert.False(root.ProtectedPrivateKey.AsSpan().IndexOf(pkcs8.AsSpan(pkcs8.Length - 32)) >= 0, "the private key is stored in the clear");
        using (var probe = ECDsa.Create())
        {
            Assert.ThrowsAny<CryptographicException>(() => probe.ImportPkcs8PrivateKey(root.ProtectedPrivateKey, out _));
        }

        Assert.Equal(pkcs8, database.Get<IPrivateKeyProtector>().Unprotect(root.ProtectedPrivateKey));
        var anchor = await db.TrustAnchors.AsNoTracking().SingleAsync(a => a.Purpose == TrustAnchorPurpose.DomainCa, ct);
        Assert.Equal(pki.Root.ExportCertificateDer(), anchor.Material.Encoded);
        Assert.True(anchor.IsTrustedFor(TrustAnchorPurpose.DomainCa, Guid.NewGuid(), DateTimeOffset.UtcNow));
    }

    [Fact]
    public async Task EnsureCreated_NextStart_LoadsTheSamePki()
    {
        await using var first = await TestDatabase.CreateAsync(seed: false);
        var rootThumbprint = first.Get<DomainPki>().Root.Certificate.Thumbprint;
        var tlsThumbprint = first.Get<DomainPki>().RegistrarTlsCertificate.Thumbprint;

        await using var second = await TestDatabase.ReopenAsync(first);

        Assert.Equal(rootThumbprint, second.Get<DomainPki>().Root.Certificate.Thumbprint);
        Assert.Equal(tlsThumbprint, second.Get<DomainPki>().RegistrarTlsCertificate.Thumbprint);
        Assert.True(second.Get<DomainPki>().RegistrarTlsCertificate.HasPrivateKey);
        // The attestation result key is kept too (its JWK is what relying parties hold).
        Assert.Equal(first.Get<AttestationResultSigner>().VerificationKey.KeyId, second.Get<AttestationResultSigner>().VerificationKey.KeyId);
        // So is the firmware catalog's signing key, with its one FirmwareAuthor anchor.
        Assert.Equal(first.Get<FirmwareAuthorKey>().Certificate.Thumbprint, second.Get<FirmwareAuthorKey>().Certificate.Thumbprint);
        await using var db = await second.CreateDbContextAsync();
        Assert.Equal(5, await db.PkiCredentials.CountAsync(TestContext.Current.CancellationToken));
        Assert.Equal(1, await db.TrustAnchors.CountAsync(a => a.Purpose == TrustAnchorPurpose.FirmwareAuthor, TestContext.Current.CancellationToken));
    }
}
