using System.Formats.Cbor;
using DeviceTrust.Cose;
using DeviceTrust.Cose.Cbor;
using static DeviceTrust.Attestation.Eat.EatCborReading;

namespace DeviceTrust.Attestation.Eat;

public sealed partial record EatClaimsSet
{
    /// <summary>Decodes one CBOR claims-set (a CWT payload). Strict and all-or-nothing.</summary>
    /// <exception cref="AttestationFormatException">Not one well-formed claims-set: malformed CBOR, trailing bytes, a
    /// repeated claim key, a claim of the wrong type or outside its range, or submods nested deeper than
    /// <see cref="MaxSubmoduleDepth"/>, or more than <see cref="EatToken.MaxEncodedLength"/> bytes. The message names the claim, e.g. "EAT claims-set/submods/fw/271 (swversion)".</exception>
    public static EatClaimsSet Decode(ReadOnlyMemory<byte> encoded)
    {
        if (encoded.Length > EatToken.MaxEncodedLength)
            throw new AttestationFormatException(Root, $"{encoded.Length} bytes is larger than the {EatToken.MaxEncodedLength} bytes accepted");
        return AttestationFormatException.Guard(Root, () => Read(CborLabelledMap.Decode(encoded, Root), Root, depth: 1));
    }

    private static EatClaimsSet Read(CborLabelledMap map, string where, int depth)
    {
        var other = new Dictionary<CoseLabel, ReadOnlyMemory<byte>>();
        var claims = new EatClaimsSet { OtherClaims = other };
        foreach (var label in map.Labels)
        {
            var path = $"{where}/{EatClaimKeys.Segment(label)}";
            T Value<T>(Func<CborReader, string, T> read) => map.Read(label, read, path);
            claims = label.Integer switch
            {
                EatClaimKeys.Issuer => claims with { Issuer = Value(Text) },
                EatClaimKeys.Subject => claims with { Subject = Value(Text) },
                EatClaimKeys.Audience => claims with { Audience = Value(ReadAudience) },
                EatClaimKeys.Expiration => claims with { Expiration = Value(NumericDate) },
                EatClaimKeys.NotBefore => claims with { NotBefore = Value(NumericDate) },
                EatClaimKeys.IssuedAt => claims with { IssuedAt = Value(NumericDate) },
                EatClaimKeys.CwtId => claims with { CwtId = Value(Bytes) },
                EatClaimKeys.Nonce => claims with { Nonce = Value(ReadNonces) },
                EatClaimKeys.Ueid => claims with { Ueid = Value(ReadUeid) },
                EatClaimKeys.Sueids => claims with { Sueids = Value(ReadSueids) },
                EatClaimKeys.OemId => claims with { OemId = Value(ReadOemId) },
                EatClaimKeys.HardwareModel => claims with { HardwareModel = Value(ReadHardwareModel) },
                EatClaimKeys.HardwareVersion => claims with { HardwareVersion = Value(ReadVersion) },
                EatClaimKeys.Uptime => claims with { Uptime = Value(UnsignedInteger) },
                EatClaimKeys.OemBoot => claims with { OemBoot = Value(Boolean) },
                EatClaimKeys.DebugStatus => claims with { DebugStatus = Value(ReadDebugStatus) },
                EatClaimKeys.Location => claims with { Location = Value(ReadLocation) },
                EatClaimKeys.Profile => claims with { Profile = Value(ReadProfile) },
                EatClaimKeys.Submodules => claims with { Submodules = Value((reader, p) => ReadSubmodules(reader, p, where, depth)) },
                EatClaimKeys.BootCount => claims with { BootCount = Value(UnsignedInteger) },
                EatClaimKeys.BootSeed => claims with { BootSeed = Value(ReadBootSeed) },
                EatClaimKeys.Dloas => claims with { Dloas = Value((reader, p) => Array(reader, p, 1, ReadDloa)) },
                EatClaimKeys.SoftwareName => claims with { SoftwareName = Value(Text) },
                EatClaimKeys.SoftwareVersion => claims with { SoftwareVersion = Value(ReadVersion) },
                EatClaimKeys.Manifests => claims with { Manifests = Value((reader, p) => Array(reader, p, 1, ReadContent)) },
                EatClaimKeys.Measurements => claims with { Measurements = Value((reader, p) => Array(reader, p, 1, ReadContent)) },
                EatClaimKeys.MeasurementResults => claims with { MeasurementResults = Value((reader, p) => Array(reader, p, 1, ReadResultsGroup)) },
                EatClaimKeys.IntendedUse => claims with { IntendedUse = Value(ReadIntendedUse) },
                _ => Keep(claims, other, map, label),
            };
        }
        return claims;
    }

    private static EatClaimsSet Keep(EatClaimsSet claims, Dictionary<CoseLabel, ReadOnlyMemory<byte>> other, CborLabelledMap map, CoseLabel label)
    {
        // Checked strict and well-formed by CborLabelledMap; copied so that the claims-set does not share the caller's buffer.
        map.TryGetEncodedValue(label, out var encoded);
        other.Add(label, encoded.ToArray());
        return claims;
    }

    // aud: "a StringOrURI or an array of them" (RFC 8392 §3.1.3, RFC 7519 §4.1.3).
    private static List<string> ReadAudience(CborReader reader, string where) =>
        reader.PeekState() == CborReaderState.TextString ? [reader.ReadTextString()] : Array(reader, where, 1, Text);

    // RFC 9711 §4.1: nonce-type = bstr .size (8..64); eat_nonce => nonce-type / [ 2* nonce-type ].
    private static List<byte[]> ReadNonces(CborReader reader, string where) =>
        reader.PeekState() == CborReaderState.StartArray ? Array(reader, where, 2, ReadNonce) : [ReadNonce(reader, where)];

    private static byte[] ReadNonce(CborReader reader, string where)
    {
        var nonce = Bytes(reader, where);
        return nonce.Length is >= 8 and <= 64 ? nonce
            : throw Fail(where, $"eat_nonce must be 8 to 64 bytes (RFC 9711 §4.1), found {nonce.Length}");
    }

    // RFC 9711 §4.2.1: ueid-type = bstr .size (7..33); §4.2.1.1 Table 1: the first byte is the type,
    // 0x01 RAND followed by 16, 24 or 32 random bytes, 0x02 IEEE EUI by 6 or 8 bytes, 0x03 IMEI by 14 bytes.
    private static byte[] ReadUeid(CborReader reader, string where)
    {
        var ueid = Bytes(reader, where);
        if (ueid.Length is < 7 or > 33)
            throw Fail(where, $"a UEID must be 7 to 33 bytes (RFC 9711 §4.2.1), found {ueid.Length}");
        var following = ueid.Length - 1;
        var valid = (EatUeidType)ueid[0] switch
        {
            EatUeidType.Random => following is 16 or 24 or 32,
            EatUeidType.IeeeEui => following is 6 or 8,
            EatUeidType.Imei => following == 14,
            _ => throw Fail(where, $"UEID type byte 0x{ueid[0]:X2} is not 0x01 (RAND), 0x02 (EUI) or 0x03 (IMEI) (RFC 9711 §4.2.1.1)"),
        };
        return valid ? ueid : throw Fail(where, $"a UEID of type 0x{ueid[0]:X2} ({(EatUeidType)ueid[0]}) cannot have {following} " +
            "bytes after the type byte (RFC 9711 §4.2.1.1: RAND 16/24/32, EUI 6/8, IMEI 14)");
    }

    // RFC 9711 §4.2.2: sueids-type = { + tstr => ueid-type }.
    private static Dictionary<string, byte[]> ReadSueids(CborReader reader, string where)
    {
        var map = CborLabelledMap.Read(reader, where);
        if (map.Count == 0)
            throw Fail(where, "sueids must hold at least one UEID (RFC 9711 §4.2.2)");
        return map.Labels.ToDictionary(label => TextKey(label, where), label => map.Read(label, ReadUeid, $"{where}/{label.Text}"));
    }

    // RFC 9711 §4.2.3: oemid-pen = int / oemid-ieee = bstr .size 3 / oemid-random = bstr .size 16.
    private static EatOemId ReadOemId(CborReader reader, string where)
    {
        if (reader.PeekState() is CborReaderState.UnsignedInteger or CborReaderState.NegativeInteger)
            return EatOemId.FromPen(reader.ReadInt64());
        var bytes = Bytes(reader, where);
        return bytes.Length is 3 or 16 ? EatOemId.FromBytes(bytes)
            : throw Fail(where, $"a byte-string oemid must be 3 bytes (IEEE OUI) or 16 bytes (random) (RFC 9711 §4.2.3), found {bytes.Length}");
    }

    // RFC 9711 §4.2.4: hardware-model-type = bytes .size (1..32).
    private static byte[] ReadHardwareModel(CborReader reader, string where)
    {
        var model = Bytes(reader, where);
        return model.Length is >= 1 and <= 32 ? model
            : throw Fail(where, $"hwmodel must be 1 to 32 bytes (RFC 9711 §4.2.4), found {model.Length}");
    }

    // RFC 9711 §4.2.5, §4.2.7: [ version: tstr, ? scheme: $version-scheme ].
    private static EatVersion ReadVersion(CborReader reader, string where)
    {
        var count = StartTuple(reader, where, 1, 2, "[ version, ? scheme ]");
        var version = Text(reader, $"{where}/0");
        long? scheme = count == 2 ? Integer(reader, $"{where}/1") : null;
        reader.ReadEndArray();
        return new EatVersion(version, scheme);
    }

    // RFC 9711 §4.2.9: debug-status-type = 0..4.
    private static EatDebugStatus ReadDebugStatus(CborReader reader, string where)
    {
        var value = UnsignedInteger(reader, where);
        return value <= (ulong)EatDebugStatus.DisabledFullyAndPermanently ? (EatDebugStatus)value
            : throw Fail(where, $"dbgstat must be 0 to 4 (RFC 9711 §4.2.9), found {value}");
    }

    // RFC 9711 §4.3.3: intuse 1..5.
    private static EatIntendedUse ReadIntendedUse(CborReader reader, string where)
    {
        var value = UnsignedInteger(reader, where);
        return value is >= (ulong)EatIntendedUse.Generic and <= (ulong)EatIntendedUse.ProofOfPossession ? (EatIntendedUse)value
            : throw Fail(where, $"intuse must be 1 to 5 (RFC 9711 §4.3.3), found {value}");
    }

    // RFC 9711 §4.3.2: general-uri / general-oid; in CBOR the OID is the untagged bstr of its DER content octets.
    private static EatProfileId ReadProfile(CborReader reader, string where)
    {
        if (reader.PeekState() == CborReaderState.TextString)
        {
            var uri = reader.ReadTextString();
            return System.Uri.TryCreate(uri, UriKind.Absolute, out _) ? EatProfileId.FromUri(uri)
                : throw Fail(where, $"eat_profile \"{uri}\" is not an absolute URI (RFC 9711 §4.3.2)");
        }
        var oid = Bytes(reader, where);
        // The last octet of a BER-encoded OID ends a sub-identifier, so its high bit is clear (X.690 §8.19.2).
        return oid.Length > 0 && (oid[^1] & 0x80) == 0 ? EatProfileId.FromOid(oid)
            : throw Fail(where, "eat_profile is neither a URI nor the encoded content of an OID (RFC 9711 §4.3.2)");
    }

    // RFC 9711 §4.2.13: bootseed = binary-data .size (32..64).
    private static byte[] ReadBootSeed(CborReader reader, string where)
    {
        var seed = Bytes(reader, where);
        return seed.Length is >= 32 and <= 64 ? seed
            : throw Fail(where, $"bootseed must be 32 to 64 bytes (RFC 9711 §4.2.13), found {seed.Length}");
    }

    // RFC 9711 §4.2.14: dloa-type = [ dloa_registrar: general-uri, dloa_platform_label: text, ? dloa_application_label: text ].
    private static EatDloa ReadDloa(CborReader reader, string where)
    {
        var count = StartTuple(reader, where, 2, 3, "[ registrar, platform label, ? application label ]");
        var registrar = Text(reader, $"{where}/0");
        var platform = Text(reader, $"{where}/1");
        var application = count == 3 ? Text(reader, $"{where}/2") : null;
        reader.ReadEndArray();
        return new EatDloa(registrar, platform, application);
    }

    // RFC 9711 §4.2.15, §4.2.16: [ content-type: coap-content-format, content-format: bstr ], coap-content-format = uint .le 65535.
    private static EatContent ReadContent(CborReader reader, string where)
    {
        StartTuple(reader, where, 2, 2, "[ content-type, content-format ]");
        var format = UnsignedInteger(reader, $"{where}/0");
        if (format > ushort.MaxValue)
            throw Fail($"{where}/0", $"a CoAP content-format is at most 65535 (RFC 9711 §4.2.15), found {format}");
        var content = Bytes(reader, $"{where}/1");
        reader.ReadEndArray();
        return new EatContent(format, content);
    }

    // RFC 9711 §4.2.17: [ measurement-system: tstr, measurement-results: [ + individual-result ] ].
    private static EatMeasurementResults ReadResultsGroup(CborReader reader, string where)
    {
        StartTuple(reader, where, 2, 2, "[ measurement-system, measurement-results ]");
        var system = Text(reader, $"{where}/0");
        var results = Array(reader, $"{where}/1", 1, ReadIndividualResult);
        reader.ReadEndArray();
        return new EatMeasurementResults(system, results);
    }

    private static EatIndividualResult ReadIndividualResult(CborReader reader, string where)
    {
        StartTuple(reader, where, 2, 2, "[ result-id, result ]");
        var isText = reader.PeekState() == CborReaderState.TextString;
        var text = isText ? reader.ReadTextString() : null;
        var bytes = isText ? null : Bytes(reader, $"{where}/0");
        var result = UnsignedInteger(reader, $"{where}/1");
        if (result is < (ulong)EatComparisonResult.Successful or > (ulong)EatComparisonResult.Absent)
            throw Fail($"{where}/1", $"a measurement result must be 1 to 4 (RFC 9711 §4.2.17), found {result}");
        reader.ReadEndArray();
        return new EatIndividualResult(text, bytes, (EatComparisonResult)result);
    }

    // RFC 9711 §4.2.10: latitude and longitude required, the rest optional; no other keys.
    private static readonly CborMapOptions LocationKeys = new()
    {
        KnownLabels = new HashSet<CoseLabel>(Enumerable.Range(EatLocationKeys.Latitude, EatLocationKeys.Age - EatLocationKeys.Latitude + 1).Select(key => (CoseLabel)key)),
    };

    private static EatLocation ReadLocation(CborReader reader, string where)
    {
        var map = CborLabelledMap.Read(reader, where, LocationKeys);
        double? Number(int key) => map.Contains(key) ? map.Read(key, EatCborReading.Number, $"{where}/{key}") : null;
        var latitude = Number(EatLocationKeys.Latitude) ?? throw Fail(where, "latitude (1) is required (RFC 9711 §4.2.10)");
        var longitude = Number(EatLocationKeys.Longitude) ?? throw Fail(where, "longitude (2) is required (RFC 9711 §4.2.10)");
        return new EatLocation(latitude, longitude)
        {
            Altitude = Number(EatLocationKeys.Altitude),
            Accuracy = Number(EatLocationKeys.Accuracy),
            AltitudeAccuracy = Number(EatLocationKeys.AltitudeAccuracy),
            Heading = Number(EatLocationKeys.Heading),
            Speed = Number(EatLocationKeys.Speed),
            Timestamp = map.Contains(EatLocationKeys.Timestamp)
                ? map.Read(EatLocationKeys.Timestamp, Integer, $"{where}/{EatLocationKeys.Timestamp}") : null,
            Age = map.Contains(EatLocationKeys.Age) ? map.Read(EatLocationKeys.Age, UnsignedInteger, $"{where}/{EatLocationKeys.Age}") : null,
        };
    }
}
