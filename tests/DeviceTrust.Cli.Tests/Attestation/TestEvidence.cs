using System.Security.Cryptography;
using DeviceTrust.Attestation.Eat;
using DeviceTrust.Cose;

namespace DeviceTrust.Cli.Tests.Attestation;

/// <summary>DeviceTrust evidence built with the library's own <see cref="EatEvidence.Build"/> (signed) and
/// <see cref="VendorEvidence.Build"/> (MACed), for the eat commands.</summary>
public static class TestEvidence
{
    public static readonly byte[] Nonce = Convert.FromHexString("00112233445566778899AABBCCDDEEFF");
    public static readonly byte[] Ueid = Convert.FromHexString("01A1A2A3A4A5A6A7A8A9AAABACADAEAFB0");
    public static readonly Guid ClassId = Guid.Parse("6b0b3c56-52c4-4f4b-9d4d-2f6f0e6a7f10");
    public static readonly byte[] ImageSha256 = SHA256.HashData("firmware image 1.4.2"u8);

    /// <summary>iat: 2026-12-06T12:00:00Z.</summary>
    public static readonly DateTimeOffset IssuedAt = new(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);

    public static EatClaimsSet Claims() => new()
    {
        Profile = EatProfileId.FromUri(DeviceTrustEatProfile.ProfileUri),
        Nonce = [Nonce],
        Ueid = Ueid,
        HardwareModel = DeviceTrustEatProfile.HardwareModelOf(ClassId),
        DebugStatus = EatDebugStatus.DisabledSinceBoot,
        IssuedAt = EatNumericDate.From(IssuedAt),
        Submodules = new Dictionary<string, EatSubmodule>
        {
            ["firmware"] = new EatClaimsSubmodule(DeviceTrustEatProfile.Component("app", "1.4.2", ImageSha256)),
        },
    };

    public static ECDsa NewKey() => ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public static byte[] Build(ECDsa key, EatClaimsSet? claims = null, EatEvidenceOptions? options = null) =>
        EatEvidence.Build(claims ?? Claims(), key, options);

    /// <summary>A factory secret as a simulated manufacturer makes one: 32 random bytes, a 16-byte id, alg HMAC 256/256.</summary>
    public static CoseSymmetricKey NewSecret(byte[]? keyId = null) =>
        CoseSymmetricKey.FromBytes(RandomNumberGenerator.GetBytes(32), keyId ?? RandomNumberGenerator.GetBytes(16), VendorEvidence.Algorithm);

    /// <summary>The secret as the development API hands it over: base64 of its COSE_Key.</summary>
    public static string Base64(CoseSymmetricKey secret) => Convert.ToBase64String(secret.Encode());

    /// <summary>MACed evidence of a VendorVerified device, built with the library's own <see cref="VendorEvidence.Build"/>.</summary>
    public static byte[] BuildMac(CoseSymmetricKey secret, EatClaimsSet? claims = null) => VendorEvidence.Build(claims ?? Claims(), secret);
}
