using System.Collections.Concurrent;
using System.Security.Cryptography;
using DeviceTrust.Cose;

namespace DeviceTrust.Enrollment.Pki;

/// <summary>
/// Signature checks with public keys imported once. Importing a SubjectPublicKeyInfo into OpenSSL 3 costs about twice
/// the ECDSA verification itself, and the same few keys (the domain CAs, the registrar, the manufacturers' CAs and
/// MASAs) check most signatures, so imported keys are kept by their DER encoding, a bounded number of them.
/// </summary>
internal static class PublicKeys
{
    /// <summary>Beyond this many keys the cache starts afresh: a flood of one-off device keys cannot grow it.</summary>
    private const int Capacity = 512;

    private static readonly ConcurrentDictionary<byte[], Imported> Cache = new(ByteArrayComparer.Instance);

    /// <summary>
    /// True when <paramref name="signature"/> (DER ECDSA-Sig-Value, or RSA PKCS#1 v1.5) over <paramref name="data"/>
    /// verifies with the key of <paramref name="subjectPublicKeyInfo"/>; false for a key of another type than the
    /// algorithm names or one that does not decode.
    /// </summary>
    public static bool Verify(byte[] subjectPublicKeyInfo, bool isEcdsa, HashAlgorithmName hash, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature)
    {
        Imported key;
        try
        {
            key = Import(subjectPublicKeyInfo, isEcdsa);
        }
        catch (CryptographicException)
        {
            return false;
        }
        // .NET does not promise that one key object verifies on several threads at once; each takes its turn.
        lock (key)
        {
            try
            {
                return key.Algorithm switch
                {
                    ECDsa ec => ec.VerifyData(data, signature, hash, DSASignatureFormat.Rfc3279DerSequence),
                    RSA rsa => rsa.VerifyData(data, signature, hash, RSASignaturePadding.Pkcs1),
                    _ => false,
                };
            }
            catch (CryptographicException)
            {
                // A signature that does not decode: it does not verify.
                return false;
            }
        }
    }

    private static Imported Import(byte[] subjectPublicKeyInfo, bool isEcdsa)
    {
        if (Cache.TryGetValue(subjectPublicKeyInfo, out var cached) && cached.IsEcdsa == isEcdsa) return cached;
        AsymmetricAlgorithm algorithm = isEcdsa ? ECDsa.Create() : RSA.Create();
        try
        {
            switch (algorithm)
            {
                case ECDsa ec: ec.ImportSubjectPublicKeyInfo(subjectPublicKeyInfo, out _); break;
                case RSA rsa: rsa.ImportSubjectPublicKeyInfo(subjectPublicKeyInfo, out _); break;
            }
        }
        catch
        {
            algorithm.Dispose();
            throw;
        }
        var imported = new Imported(algorithm, isEcdsa);
        if (Cache.Count >= Capacity) Cache.Clear();
        // The key is the caller's array: copied, so a caller reusing its buffer cannot change what the entry stands for.
        Cache[subjectPublicKeyInfo.ToArray()] = imported;
        return imported;
    }

    /// <summary>Never disposed: a key dropped from the cache may still be verifying on another thread; the finalizer frees it.</summary>
    private sealed record Imported(AsymmetricAlgorithm Algorithm, bool IsEcdsa);
}
