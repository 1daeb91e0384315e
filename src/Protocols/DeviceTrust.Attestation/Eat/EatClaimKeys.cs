using System.Collections.Concurrent;
using System.Globalization;
using DeviceTrust.Cose;

namespace DeviceTrust.Attestation.Eat;

// The IANA "CBOR Web Token (CWT) Claims" registry entries this library reads and writes, in one place
// (https://www.iana.org/assignments/cwt). Other files name these constants; no claim key appears as a bare literal.

/// <summary>CWT and EAT claim keys (CBOR labels), and the DeviceTrust private claim.</summary>
public static class EatClaimKeys
{
    public const int Issuer = 1;                 // RFC 8392 §3.1.1: iss
    public const int Subject = 2;                // RFC 8392 §3.1.2: sub
    public const int Audience = 3;               // RFC 8392 §3.1.3: aud
    public const int Expiration = 4;             // RFC 8392 §3.1.4: exp
    public const int NotBefore = 5;              // RFC 8392 §3.1.5: nbf
    public const int IssuedAt = 6;               // RFC 8392 §3.1.6: iat
    public const int CwtId = 7;                  // RFC 8392 §3.1.7: cti
    public const int Confirmation = 8;           // RFC 8747 §3.1: cnf

    public const int Nonce = 10;                 // RFC 9711 §4.1: eat_nonce
    public const int Ueid = 256;                 // RFC 9711 §4.2.1
    public const int Sueids = 257;               // RFC 9711 §4.2.2
    public const int OemId = 258;                // RFC 9711 §4.2.3
    public const int HardwareModel = 259;        // RFC 9711 §4.2.4: hwmodel
    public const int HardwareVersion = 260;      // RFC 9711 §4.2.5: hwversion
    public const int Uptime = 261;               // RFC 9711 §4.2.11
    public const int OemBoot = 262;              // RFC 9711 §4.2.8
    public const int DebugStatus = 263;          // RFC 9711 §4.2.9: dbgstat
    public const int Location = 264;             // RFC 9711 §4.2.10
    public const int Profile = 265;              // RFC 9711 §4.3.2: eat_profile
    public const int Submodules = 266;           // RFC 9711 §4.2.18: submods
    public const int BootCount = 267;            // RFC 9711 §4.2.12
    public const int BootSeed = 268;             // RFC 9711 §4.2.13
    public const int Dloas = 269;                // RFC 9711 §4.2.14
    public const int SoftwareName = 270;         // RFC 9711 §4.2.6: swname
    public const int SoftwareVersion = 271;      // RFC 9711 §4.2.7: swversion
    public const int Manifests = 272;            // RFC 9711 §4.2.15
    public const int Measurements = 273;         // RFC 9711 §4.2.16
    public const int MeasurementResults = 274;   // RFC 9711 §4.2.17: measres
    public const int IntendedUse = 275;          // RFC 9711 §4.3.3: intuse

    /// <summary>
    /// DeviceTrust private claim: the digest of a firmware component's image, a SUIT_Digest
    /// (draft-ietf-suit-manifest §8.4.5.3: <c>[ algorithm-id : int, digest-bytes : bstr ]</c>). A private-use key
    /// below -65536 (RFC 8392 §9.1: "Integer values less than -65536 are marked as Private Use").
    /// </summary>
    public const int DeviceTrustImageDigest = -70001;

    /// <summary>The claim's name for messages and paths: "swversion" for 271, the number for unknown keys.</summary>
    public static string NameOf(CoseLabel label) => label.Integer switch
    {
        Issuer => "iss",
        Subject => "sub",
        Audience => "aud",
        Expiration => "exp",
        NotBefore => "nbf",
        IssuedAt => "iat",
        CwtId => "cti",
        Confirmation => "cnf",
        Nonce => "eat_nonce",
        Ueid => "ueid",
        Sueids => "sueids",
        OemId => "oemid",
        HardwareModel => "hwmodel",
        HardwareVersion => "hwversion",
        Uptime => "uptime",
        OemBoot => "oemboot",
        DebugStatus => "dbgstat",
        Location => "location",
        Profile => "eat_profile",
        Submodules => "submods",
        BootCount => "bootcount",
        BootSeed => "bootseed",
        Dloas => "dloas",
        SoftwareName => "swname",
        SoftwareVersion => "swversion",
        Manifests => "manifests",
        Measurements => "measurements",
        MeasurementResults => "measres",
        IntendedUse => "intuse",
        DeviceTrustImageDigest => "devicetrust image digest",
        { } other => other.ToString(CultureInfo.InvariantCulture),
        null => label.ToString(),
    };

    /// <summary>The path segment of a claim, e.g. "271 (swversion)", or the bare label when it has no name.</summary>
    public static string Segment(CoseLabel label)
    {
        // Every decoded claim has a path: those of named claims are made once. Only named keys are kept, a fixed set.
        if (label.Integer is { } key && NamedSegments.TryGetValue(key, out var segment))
            return segment;
        var name = NameOf(label);
        if (label.Integer is not { } number || name == number.ToString(CultureInfo.InvariantCulture))
            return label.ToString();
        segment = $"{number.ToString(CultureInfo.InvariantCulture)} ({name})";
        NamedSegments.TryAdd(number, segment);
        return segment;
    }

    private static readonly ConcurrentDictionary<long, string> NamedSegments = new();
}

/// <summary>The keys of the location claim's map (RFC 9711 §4.2.10).</summary>
public static class EatLocationKeys
{
    public const int Latitude = 1;
    public const int Longitude = 2;
    public const int Altitude = 3;
    public const int Accuracy = 4;
    public const int AltitudeAccuracy = 5;
    public const int Heading = 6;
    public const int Speed = 7;
    public const int Timestamp = 8;
    public const int Age = 9;
}
