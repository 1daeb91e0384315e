using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DeviceTrust.Application.Common;
using DeviceTrust.Application.Provisioning;
using DeviceTrust.Attestation.Ear;
using DeviceTrust.Domain.Trust;
using DeviceTrust.Enrollment.Pki;
using Microsoft.EntityFrameworkCore;

namespace DeviceTrust.Application.Attestation.Verifier;

/// <summary>
/// The verifier's key that signs attestation results (EAR JWTs, ES256). Made at first start and kept like the domain
/// PKI's keys (protected at rest); relying parties get its public half as a JWK from the verifier's discovery document.
/// </summary>
public sealed class AttestationResultSigner(IDeviceTrustDbContextFactory dbFactory, IPrivateKeyProtector protector, TimeProvider time)
{
    private Loaded? _loaded;

    private Loaded Current => _loaded ?? throw new InvalidOperationException("The attestation result key is not loaded; call EnsureCreatedAsync at start.");

    /// <summary>The public key relying parties verify results with, its kid the RFC 7638 thumbprint.</summary>
    public EarVerificationKey VerificationKey => Current.VerificationKey;

    /// <summary>Signs a result as an ES256 JWT.</summary>
    public string Sign(AttestationResult result) => EarJwt.Sign(result, Current.Key, Current.VerificationKey.KeyId);

    public async Task EnsureCreatedAsync(CancellationToken cancellationToken = default)
    {
        if (_loaded is not null) return;
        await using var db = await dbFactory.CreateAsync(cancellationToken);
        var stored = await db.PkiCredentials.AsNoTracking().FirstOrDefaultAsync(c => c.Role == PkiCredentialRole.AttestationResultSigning, cancellationToken);
        if (stored is null)
        {
            using var certificate = SigningCertificates.CreateSelfSigned(new X500DistinguishedName("CN=DeviceTrust attestation results, O=DeviceTrust"),
                TimeSpan.FromDays(365.25 * 10), time);
            using var created = certificate.GetECDsaPrivateKey()!;
            stored = PkiCredential.Create(PkiCredentialRole.AttestationResultSigning, certificate.RawData, protector.Protect(created.ExportPkcs8PrivateKey()),
                time.GetUtcNow());
            db.PkiCredentials.Add(stored);
            await db.SaveChangesAsync(cancellationToken);
        }
        var key = ECDsa.Create();
        key.ImportPkcs8PrivateKey(protector.Unprotect(stored.ProtectedPrivateKey), out _);
        _loaded = new Loaded(key, EarVerificationKey.FromECDsa(key));
    }

    private sealed record Loaded(ECDsa Key, EarVerificationKey VerificationKey);
}
