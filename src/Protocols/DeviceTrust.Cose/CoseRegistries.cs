namespace DeviceTrust.Cose;

// The IANA COSE registries this library uses, in one place (https://www.iana.org/assignments/cose).
// Other files name these constants; no COSE number appears as a bare literal elsewhere.

/// <summary>COSE header parameter labels.</summary>
public static class CoseHeaderLabels
{
    public const int Algorithm = 1;          // RFC 9052 §3.1, Table 3
    public const int Critical = 2;           // RFC 9052 §3.1, Table 3
    public const int ContentType = 3;        // RFC 9052 §3.1, Table 3
    public const int KeyId = 4;              // RFC 9052 §3.1, Table 3
    public const int IV = 5;                 // RFC 9052 §3.1, Table 3
    public const int PartialIV = 6;          // RFC 9052 §3.1, Table 3
    public const int X5Bag = 32;             // RFC 9360 §2
    public const int X5Chain = 33;           // RFC 9360 §2
    public const int Type = 16;              // RFC 9596 §2: typ, the media type of the whole message
}

/// <summary>COSE algorithm identifiers.</summary>
public static class CoseAlgorithms
{
    public const int ES256 = -7;             // RFC 9053 §2.1: ECDSA w/ SHA-256
    public const int EdDSA = -8;             // RFC 9053 §2.2
    public const int ESP256 = -9;            // RFC 9864 §2.1: ECDSA w/ SHA-256 on P-256 only (fully specified)
    public const int Ed25519 = -19;          // RFC 9864 §2.2
    public const int ES384 = -35;            // RFC 9053 §2.1: ECDSA w/ SHA-384
    public const int ES512 = -36;            // RFC 9053 §2.1: ECDSA w/ SHA-512
    public const int PS256 = -37;            // RFC 8230 §2: RSASSA-PSS w/ SHA-256
    public const int PS384 = -38;            // RFC 8230 §2
    public const int PS512 = -39;            // RFC 8230 §2
    public const int HMAC256_64 = 4;         // RFC 9053 §3.1: HMAC w/ SHA-256 truncated to 64 bits
    public const int HMAC256_256 = 5;        // RFC 9053 §3.1
    public const int HMAC384_384 = 6;        // RFC 9053 §3.1 (not computed by this library)
    public const int HMAC512_512 = 7;        // RFC 9053 §3.1 (not computed by this library)

    public const int Sha256 = -16;           // RFC 9054 §2
    public const int Sha384 = -43;           // RFC 9054 §2
    public const int Sha512 = -44;           // RFC 9054 §2
    public const int Shake128 = -18;         // RFC 9054 §2
    public const int Shake256 = -45;         // RFC 9054 §2

    /// <summary>A readable name for messages, e.g. "ES256 (-7)".</summary>
    public static string Describe(int algorithm) => algorithm switch
    {
        ES256 => "ES256 (-7)",
        EdDSA => "EdDSA (-8)",
        ESP256 => "ESP256 (-9)",
        Ed25519 => "Ed25519 (-19)",
        ES384 => "ES384 (-35)",
        ES512 => "ES512 (-36)",
        PS256 => "PS256 (-37)",
        PS384 => "PS384 (-38)",
        PS512 => "PS512 (-39)",
        HMAC256_64 => "HMAC 256/64 (4)",
        HMAC256_256 => "HMAC 256/256 (5)",
        _ => $"algorithm {algorithm}",
    };
}

/// <summary>CBOR tags of COSE and CWT messages.</summary>
public static class CoseTags
{
    public const ulong Encrypt0 = 16;        // RFC 9052 §2, Table 1
    public const ulong Mac0 = 17;            // RFC 9052 §2, Table 1
    public const ulong Sign1 = 18;           // RFC 9052 §2, Table 1
    public const ulong Cwt = 61;             // RFC 8392 §6
    public const ulong Encrypt = 96;         // RFC 9052 §2, Table 1
    public const ulong Mac = 97;             // RFC 9052 §2, Table 1
    public const ulong Sign = 98;            // RFC 9052 §2, Table 1

    internal static string Describe(ulong tag) => tag switch
    {
        Encrypt0 => "16 (COSE_Encrypt0)",
        Mac0 => "17 (COSE_Mac0)",
        Sign1 => "18 (COSE_Sign1)",
        Cwt => "61 (CWT)",
        Encrypt => "96 (COSE_Encrypt)",
        Mac => "97 (COSE_Mac)",
        Sign => "98 (COSE_Sign)",
        _ => tag.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}

/// <summary>COSE_Key common and EC2 parameters.</summary>
public static class CoseKeyLabels
{
    public const int KeyType = 1;            // RFC 9052 §7.1
    public const int KeyId = 2;              // RFC 9052 §7.1
    public const int Algorithm = 3;          // RFC 9052 §7.1
    public const int KeyOps = 4;             // RFC 9052 §7.1
    public const int BaseIV = 5;             // RFC 9052 §7.1
    public const int Ec2Curve = -1;          // RFC 9053 §7.1.1
    public const int Ec2X = -2;              // RFC 9053 §7.1.1
    public const int Ec2Y = -3;              // RFC 9053 §7.1.1
    public const int Ec2D = -4;              // RFC 9053 §7.1.1
    public const int SymmetricK = -1;        // RFC 9053 §7.3: k, the key value (kty 4)
}

/// <summary>COSE key types and elliptic curves.</summary>
public static class CoseKeyTypes
{
    public const int Okp = 1;                // RFC 9053 §7
    public const int Ec2 = 2;                // RFC 9053 §7
    public const int Symmetric = 4;          // RFC 9053 §7

    public const int CurveP256 = 1;          // RFC 9053 §7.1
    public const int CurveP384 = 2;          // RFC 9053 §7.1
    public const int CurveP521 = 3;          // RFC 9053 §7.1
    public const int CurveEd25519 = 6;       // RFC 9053 §7.1
}
