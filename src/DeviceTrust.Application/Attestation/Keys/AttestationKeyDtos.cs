using DeviceTrust.Domain.Attestation;

namespace DeviceTrust.Application.Attestation.Keys;

/// <param name="Kid">SHA-256 of the key's DER SubjectPublicKeyInfo, hex: the <c>kid</c> of the device's evidence.</param>
/// <param name="PublicKeyPem">The key as a PEM SubjectPublicKeyInfo.</param>
public sealed record AttestationKeySummary(Guid Id, Guid DeviceId, string Kid, string PublicKeyPem, AttestationKeyOrigin Origin, AttestationKeyStatus Status,
    DateTimeOffset AddedAt, string AddedBy, DateTimeOffset? RetiredAt, string? RetiredBy, string? RetirementReason)
{
    public static AttestationKeySummary From(AttestationKey key) =>
        new(key.Id, key.DeviceId, Convert.ToHexStringLower(key.KeyId), System.Security.Cryptography.PemEncoding.WriteString("PUBLIC KEY", key.SubjectPublicKeyInfo),
            key.Origin, key.Status, key.AddedAt, key.AddedBy, key.RetiredAt, key.RetiredBy, key.RetirementReason);
}
