using System.Security.Cryptography;
using System.Text;
using DeviceTrust.Attestation.Eat;
using DeviceTrust.Cose;

namespace DeviceTrust.Application.Provisioning.Manufacturers;

/// <summary>
/// How a simulated manufacturer gives each device its evidence secret (DEV-ONLY): derived from the manufacturer's master
/// secret and the device's serial number with HKDF-SHA256 (RFC 5869), so its factory needs no table of secrets and its
/// verifier derives the same secret again from the serial it is asked about. The secret's id (the evidence's kid) is
/// derived apart from the secret (another info string), so it reveals nothing of it.
/// </summary>
public static class VendorAttestationSecrets
{
    public const int MasterSecretLength = 32;
    public const int SecretLength = 32;      // the HMAC 256/256 key: the hash output (RFC 9053 §3.1)
    public const int KeyIdLength = 16;

    private const string SecretInfo = "DeviceTrust DEV-ONLY vendor attestation secret v1|";
    private const string KeyIdInfo = "DeviceTrust DEV-ONLY vendor attestation secret id v1|";

    public static byte[] NewMasterSecret() => RandomNumberGenerator.GetBytes(MasterSecretLength);

    /// <summary>The secret of the device <paramref name="serialNumber"/>, with its id, for HMAC 256/256 only.</summary>
    public static CoseSymmetricKey ForDevice(ReadOnlySpan<byte> masterSecret, string serialNumber)
    {
        ArgumentException.ThrowIfNullOrEmpty(serialNumber);
        if (masterSecret.Length != MasterSecretLength)
            throw new ArgumentException($"A master secret is {MasterSecretLength} bytes.", nameof(masterSecret));
        var secret = new byte[SecretLength];
        var keyId = new byte[KeyIdLength];
        // The span overload: no copy of the master is left on the heap.
        HKDF.DeriveKey(HashAlgorithmName.SHA256, masterSecret, secret, salt: [], info: Info(SecretInfo, serialNumber));
        HKDF.DeriveKey(HashAlgorithmName.SHA256, masterSecret, keyId, salt: [], info: Info(KeyIdInfo, serialNumber));
        try
        {
            return CoseSymmetricKey.FromBytes(secret, keyId, VendorEvidence.Algorithm);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
        }
    }

    private static byte[] Info(string purpose, string serialNumber) => Encoding.UTF8.GetBytes(purpose + serialNumber);
}
