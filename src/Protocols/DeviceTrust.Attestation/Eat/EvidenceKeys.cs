using System.Collections.Concurrent;
using System.Security.Cryptography;
using DeviceTrust.Cose;

namespace DeviceTrust.Attestation.Eat;

/// <summary>
/// Attestation public keys imported once. Importing a SubjectPublicKeyInfo into OpenSSL 3 costs more than the ECDSA
/// verification itself, and a device signs all its evidence with the same key, so imported keys are kept by their DER
/// encoding, a bounded number of them. Whether a signature verifies depends only on the key's bytes, so a kept key gives
/// the same answer as a fresh import. (The same design as DeviceTrust.Enrollment's PublicKeys, which this library does
/// not reference.) Kept keys are never disposed: one dropped from the cache may still be verifying on another thread, and
/// its finalizer frees it.
/// </summary>
internal static class EvidenceKeys
{
    /// <summary>Beyond this many keys the cache starts afresh: a flood of one-off keys cannot grow it.</summary>
    internal const int Capacity = 4096;

    private static readonly ConcurrentDictionary<byte[], ECDsa> Cache = new(ByteArrayComparer.Instance);
    private static readonly ConcurrentDictionary<byte[], ECDsa>.AlternateLookup<ReadOnlySpan<byte>> BySpan =
        Cache.GetAlternateLookup<ReadOnlySpan<byte>>();

    private static readonly Lock Adding = new();

    internal static int Count => Cache.Count;

    /// <summary>Whether <paramref name="message"/> verifies with the EC key of <paramref name="subjectPublicKeyInfo"/>;
    /// false for bytes that are not an EC public key.</summary>
    public static bool Verify(ReadOnlySpan<byte> subjectPublicKeyInfo, CoseSign1 message)
    {
        if (Import(subjectPublicKeyInfo) is not { } key)
            return false;
        // .NET does not promise that one key object verifies on several threads at once; each takes its turn.
        lock (key)
            return message.Verify(key);
    }

    private static ECDsa? Import(ReadOnlySpan<byte> subjectPublicKeyInfo)
    {
        if (BySpan.TryGetValue(subjectPublicKeyInfo, out var cached))
            return cached;
        var key = ECDsa.Create();
        try
        {
            key.ImportSubjectPublicKeyInfo(subjectPublicKeyInfo, out _);
        }
        catch (CryptographicException)
        {
            key.Dispose();
            return null;
        }
        ECDsa kept;
        // Adding takes turns (lookups do not), so that the cache never holds more than Capacity keys.
        lock (Adding)
        {
            if (Cache.Count >= Capacity)
                Cache.Clear();
            // Another thread may have imported the same key meanwhile: the one kept is used, and this one was never shared.
            kept = Cache.GetOrAdd(subjectPublicKeyInfo.ToArray(), key);
        }
        if (!ReferenceEquals(kept, key))
            key.Dispose();
        return kept;
    }
}
