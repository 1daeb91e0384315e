namespace DeviceTrust.Attestation.Eat;

/// <summary>
/// A UUID as the 16 bytes of RFC 4122 §4.1.2 (network byte order: the string's hex digits in order), the form SUIT
/// class and vendor identifiers take (RFC 9019 / draft-ietf-suit-manifest §8.4.8.2). Not <see cref="Guid.ToByteArray()"/>,
/// which writes the first three fields little-endian.
/// </summary>
public static class RfcUuid
{
    public const int Length = 16;

    public static byte[] ToBytes(Guid uuid) => uuid.ToByteArray(bigEndian: true);

    /// <exception cref="ArgumentException">Not 16 bytes.</exception>
    public static Guid FromBytes(ReadOnlySpan<byte> bytes) => bytes.Length == Length
        ? new Guid(bytes, bigEndian: true)
        : throw new ArgumentException($"A UUID is {Length} bytes, not {bytes.Length}.", nameof(bytes));
}
