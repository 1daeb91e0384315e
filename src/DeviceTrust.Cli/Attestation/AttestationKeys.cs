using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DeviceTrust.Attestation.Ear;
using DeviceTrust.Cli.Network;

namespace DeviceTrust.Cli.Attestation;

/// <summary>The public keys the attestation commands verify with; a key that cannot be used exits 2 (malformed input).</summary>
public static class AttestationKeys
{
    /// <summary>An EC public key from PEM: a SubjectPublicKeyInfo ("PUBLIC KEY") or a certificate's key.</summary>
    /// <exception cref="CliException">Unreadable, or no EC public key in it.</exception>
    public static ECDsa ReadEcPublicKey(string path, string role)
    {
        var pem = CliFiles.ReadText(path, role);
        try
        {
            if (pem.Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal))
            {
                using var certificate = X509Certificate2.CreateFromPem(pem);
                return certificate.GetECDsaPublicKey()
                    ?? throw new CliException($"{role} {path}: the certificate's key is not an EC key", ExitCodes.MalformedInput);
            }
            var key = ECDsa.Create();
            key.ImportFromPem(pem);
            return key;
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            throw new CliException($"{role} {path}: not a PEM EC public key or certificate ({e.Message})", ExitCodes.MalformedInput);
        }
    }

    /// <summary>
    /// An EAR verification key: a JWK (the <c>ear-verification-key</c> of the verifier's discovery document) when the
    /// file is JSON, else a PEM public key or certificate.
    /// </summary>
    /// <exception cref="CliException">Unreadable, or not an EC P-256 public key.</exception>
    public static EarVerificationKey ReadEarKey(string path, string role)
    {
        var text = CliFiles.ReadText(path, role);
        try
        {
            if (text.TrimStart().StartsWith('{'))
                return EarVerificationKey.FromJwk(text);
            using var key = ReadEcPublicKey(path, role);
            return EarVerificationKey.FromECDsa(key);
        }
        catch (ArgumentException e)
        {
            throw new CliException($"{role} {path}: {e.Message}", ExitCodes.MalformedInput);
        }
    }
}
