using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace DeviceTrust.Enrollment.Pki;

/// <summary>
/// Certificate signatures already seen to verify. Whether a certificate's signature verifies with a public key is a fact
/// of the two encodings alone (the certificate's DER holds what was signed, the algorithm and the signature), true at any
/// time and under any trust decision, so it is remembered by a SHA-256 of both. The same few certificates (the domain's
/// registrar and issuing CA, the manufacturers' MASAs and intermediate CAs) are checked in nearly every enrollment, each
/// check an ECDSA verification. Only verified pairs are kept, at most <see cref="Capacity"/>; validity, issuer rules and
/// trust are still judged on every call.
/// </summary>
internal static class VerifiedSignatures
{
    private const int Capacity = 4096;

    private static readonly ConcurrentDictionary<Key, byte> Verified = new();

    /// <summary>The memo key of a certificate (its DER) and the issuer key it is checked against (DER SubjectPublicKeyInfo).</summary>
    public static Key KeyOf(byte[] certificateDer, byte[] issuerSubjectPublicKeyInfo)
    {
        Span<byte> digests = stackalloc byte[2 * SHA256.HashSizeInBytes];
        SHA256.HashData(certificateDer, digests[..SHA256.HashSizeInBytes]);
        SHA256.HashData(issuerSubjectPublicKeyInfo, digests[SHA256.HashSizeInBytes..]);
        return new Key(Convert.ToHexString(digests));
    }

    public static bool Contains(Key key) => Verified.ContainsKey(key);

    public static void Add(Key key)
    {
        // A flood of distinct valid certificates starts the memo afresh rather than growing it.
        if (Verified.Count >= Capacity) Verified.Clear();
        Verified.TryAdd(key, 0);
    }

    /// <summary>Hex of SHA-256(certificate DER) and SHA-256(issuer SubjectPublicKeyInfo DER).</summary>
    public readonly record struct Key(string Digests);
}
