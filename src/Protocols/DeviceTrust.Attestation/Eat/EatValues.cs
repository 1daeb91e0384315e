using System.Globalization;
using DeviceTrust.Cose;

namespace DeviceTrust.Attestation.Eat;

/// <summary><c>debug-status-type = &amp;( enabled: 0, disabled: 1, disabled-since-boot: 2, disabled-permanently: 3,
/// disabled-fully-and-permanently: 4 )</c> (RFC 9711 §4.2.9).</summary>
public enum EatDebugStatus
{
    Enabled = 0,
    Disabled = 1,
    DisabledSinceBoot = 2,
    DisabledPermanently = 3,
    DisabledFullyAndPermanently = 4,
}

/// <summary><c>intuse: generic 1, registration 2, provisioning 3, csr 4, pop 5</c> (RFC 9711 §4.3.3).</summary>
public enum EatIntendedUse
{
    Generic = 1,
    Registration = 2,
    Provisioning = 3,
    CertificateIssuance = 4,
    ProofOfPossession = 5,
}

/// <summary>The first byte of a UEID (RFC 9711 §4.2.1.1, Table 1).</summary>
public enum EatUeidType
{
    Random = 0x01,
    IeeeEui = 0x02,
    Imei = 0x03,
}

/// <summary><c>result-type = comparison-successful: 1 / comparison-fail: 2 / comparison-not-run: 3 /
/// measurement-absent: 4</c> (RFC 9711 §4.2.17).</summary>
public enum EatComparisonResult
{
    Successful = 1,
    Fail = 2,
    NotRun = 3,
    Absent = 4,
}

/// <summary>
/// hwversion and swversion: <c>[ version: tstr, ? scheme: $version-scheme ]</c> (RFC 9711 §4.2.5, §4.2.7); the scheme
/// is a CoSWID version-scheme (RFC 9393 §4.1: 1 multipartnumeric, 2 multipartnumeric+suffix, 3 alphanumeric,
/// 4 decimal, 16384 semver).
/// </summary>
public sealed record EatVersion(string Version, long? Scheme = null)
{
    public const long MultipartNumeric = 1;
}

/// <summary>
/// A NumericDate (RFC 8392 §2): seconds since the epoch as an int or a float, "with the leading tag 1 omitted". Kept in
/// the form received so that a claims-set re-encodes as it came.
/// </summary>
public readonly record struct EatNumericDate
{
    private EatNumericDate(long? seconds, double? fractional)
    {
        Seconds = seconds;
        FractionalSeconds = fractional;
    }

    /// <summary>The value when it was an integer.</summary>
    public long? Seconds { get; }

    /// <summary>The value when it was a float.</summary>
    public double? FractionalSeconds { get; }

    public static EatNumericDate FromSeconds(long seconds) => new(seconds, null);

    public static EatNumericDate FromFractionalSeconds(double seconds) => new(null, seconds);

    public static EatNumericDate From(DateTimeOffset time) => FromSeconds(time.ToUnixTimeSeconds());

    /// <exception cref="ArgumentOutOfRangeException">The value is outside what DateTimeOffset holds.</exception>
    public DateTimeOffset ToDateTimeOffset() => Seconds is { } whole
        ? DateTimeOffset.FromUnixTimeSeconds(whole)
        : DateTimeOffset.FromUnixTimeMilliseconds(checked((long)Math.Floor(FractionalSeconds!.Value * 1000)));

    public override string ToString() =>
        Seconds?.ToString(CultureInfo.InvariantCulture) ?? FractionalSeconds!.Value.ToString("R", CultureInfo.InvariantCulture);
}

/// <summary>
/// oemid (RFC 9711 §4.2.3): <c>oemid-pen = int / oemid-ieee = bstr .size 3 / oemid-random = bstr .size 16</c>.
/// Exactly one of <see cref="Bytes"/> and <see cref="PrivateEnterpriseNumber"/> is set.
/// </summary>
public sealed record EatOemId
{
    private EatOemId(byte[]? bytes, long? pen)
    {
        Bytes = bytes;
        PrivateEnterpriseNumber = pen;
    }

    /// <summary>A 3-byte IEEE OUI or a 16-byte random OEM ID.</summary>
    public byte[]? Bytes { get; }

    /// <summary>An IANA Private Enterprise Number.</summary>
    public long? PrivateEnterpriseNumber { get; }

    public static EatOemId FromBytes(byte[] bytes) => new(bytes ?? throw new ArgumentNullException(nameof(bytes)), null);

    public static EatOemId FromPen(long pen) => new(null, pen);
}

/// <summary>eat_profile (RFC 9711 §4.3.2): <c>general-uri / general-oid</c>, a URI (or tag: URI) or the DER
/// content octets of an OID. Exactly one is set.</summary>
public sealed record EatProfileId
{
    private EatProfileId(string? uri, byte[]? oid)
    {
        Uri = uri;
        Oid = oid;
    }

    public string? Uri { get; }

    public byte[]? Oid { get; }

    public static EatProfileId FromUri(string uri) => new(uri ?? throw new ArgumentNullException(nameof(uri)), null);

    public static EatProfileId FromOid(byte[] oid) => new(null, oid ?? throw new ArgumentNullException(nameof(oid)));

    public override string ToString() => Uri ?? $"OID h'{Convert.ToHexStringLower(Oid!)}'";
}

/// <summary>
/// location (RFC 9711 §4.2.10): <c>{ latitude 1 => number, longitude 2 => number, ? altitude 3, ? accuracy 4,
/// ? altitude-accuracy 5, ? heading 6, ? speed 7 => number, ? timestamp 8 => ~time-int, ? age 9 => uint }</c>.
/// </summary>
public sealed record EatLocation(double Latitude, double Longitude)
{
    public double? Altitude { get; init; }
    public double? Accuracy { get; init; }
    public double? AltitudeAccuracy { get; init; }
    public double? Heading { get; init; }
    public double? Speed { get; init; }
    public long? Timestamp { get; init; }
    public ulong? Age { get; init; }
}

/// <summary>
/// One entry of manifests or measurements (RFC 9711 §4.2.15, §4.2.16): <c>[ content-type: coap-content-format,
/// content-format: bstr ]</c>, the body kept as the bytes received (a CoSWID, a SUIT envelope, ...).
/// </summary>
public sealed record EatContent(ulong ContentFormat, byte[] Content);

/// <summary>dloa-type (RFC 9711 §4.2.14): <c>[ dloa_registrar: general-uri, dloa_platform_label: text,
/// ? dloa_application_label: text ]</c>.</summary>
public sealed record EatDloa(string Registrar, string PlatformLabel, string? ApplicationLabel = null);

/// <summary>measurement-results-group (RFC 9711 §4.2.17): <c>[ measurement-system: tstr,
/// measurement-results: [ + individual-result ] ]</c>.</summary>
public sealed record EatMeasurementResults(string System, IReadOnlyList<EatIndividualResult> Results);

/// <summary>individual-result: <c>[ result-id: tstr / binary-data, result: result-type ]</c>; exactly one of
/// <see cref="IdText"/> and <see cref="IdBytes"/> is set.</summary>
public sealed record EatIndividualResult(string? IdText, byte[]? IdBytes, EatComparisonResult Result);

/// <summary>A digest as <c>[ alg, bstr ]</c>: the detached-submodule digest of RFC 9711 §4.2.18.2 (alg int or
/// text) and the SUIT_Digest of the DeviceTrust image-digest claim (alg int).</summary>
public sealed record EatDigest(CoseLabel Algorithm, byte[] Value);
