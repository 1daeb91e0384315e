namespace DeviceTrust.Cose.Cbor;

/// <summary>How strictly an input must be encoded beyond being well-formed; each level includes the one before.</summary>
public enum CborRules
{
    /// <summary>
    /// One well-formed item (RFC 8949 §5.3.1) with nothing after it, valid UTF-8, no duplicate map keys (§5.6),
    /// shortest simple values: System.Formats.Cbor's Strict mode plus the trailing-bytes check.
    /// </summary>
    Strict,

    /// <summary>Strict, and no indefinite-length strings, arrays or maps anywhere in the item.</summary>
    DefiniteLengths,

    /// <summary>
    /// RFC 8949 §4.2.1 core deterministic encoding: definite lengths, every head in its shortest form (preferred
    /// serialization, §4.1), and map keys in the bytewise lexicographic order of their encodings. Not
    /// CborConformanceMode.Canonical, which sorts keys shorter-first (RFC 7049 §3.9).
    /// </summary>
    Deterministic,
}
