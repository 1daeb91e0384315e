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
    public static EatClaimsSet Decode(ReadOnlyMemory<byte> encoded) => Decode(encoded, labels: null);

    /// <summary>Like <see cref="Decode(ReadOnlyMemory{byte})"/>, adding the top-level claim labels to <paramref name="labels"/>
    /// in the order received, modelled or not.</summary>
    internal static EatClaimsSet Decode(ReadOnlyMemory<byte> encoded, List<CoseLabel>? labels)
    {
        if (encoded.Length > EatToken.MaxEncodedLength)
            throw new AttestationFormatException(Root, $"{encoded.Length} bytes is larger than the {EatToken.MaxEncodedLength} bytes accepted");
        return AttestationFormatException.Guard(Root, () => StrictCbor.Decode(encoded, Root, reader => Read(reader, Root, depth: 1, labels)));
    }

    // One pass: each claim is decoded as its label comes, from the strict reader of the whole claims-set, which checks
    // by the strict rules what is read and what is kept undecoded.
    private static EatClaimsSet Read(CborReader reader, string where, int depth, List<CoseLabel>? labels = null)
    {
        var entries = CborMapEntries.Start(reader, where);
        Dictionary<CoseLabel, ReadOnlyMemory<byte>>? other = null;
        var claims = new Draft();
        while (entries.Next(out var label))
        {
            labels?.Add(label);
            var path = $"{where}/{EatClaimKeys.Segment(label)}";
            T Value<T>(Func<CborReader, string, T> read) => entries.ReadValue(read, path);
            switch (label.Integer)
            {
                case EatClaimKeys.Issuer: claims.Issuer = Value(Text); break;
                case EatClaimKeys.Subject: claims.Subject = Value(Text); break;
                case EatClaimKeys.Audience: claims.Audience = Value(ReadAudience); break;
                case EatClaimKeys.Expiration: claims.Expiration = Value(NumericDate); break;
                case EatClaimKeys.NotBefore: claims.NotBefore = Value(NumericDate); break;
                case EatClaimKeys.IssuedAt: claims.IssuedAt = Value(NumericDate); break;
                case EatClaimKeys.CwtId: claims.CwtId = Value(Bytes); break;
                case EatClaimKeys.Nonce: claims.Nonce = Value(ReadNonces); break;
                case EatClaimKeys.Ueid: claims.Ueid = Value(ReadUeid); break;
                case EatClaimKeys.Sueids: claims.Sueids = Value(ReadSueids); break;
                case EatClaimKeys.OemId: claims.OemId = Value(ReadOemId); break;
                case EatClaimKeys.HardwareModel: claims.HardwareModel = Value(ReadHardwareModel); break;
                case EatClaimKeys.HardwareVersion: claims.HardwareVersion = Value(ReadVersion); break;
                case EatClaimKeys.Uptime: claims.Uptime = Value(UnsignedInteger); break;
                case EatClaimKeys.OemBoot: claims.OemBoot = Value(Boolean); break;
                case EatClaimKeys.DebugStatus: claims.DebugStatus = Value(ReadDebugStatus); break;
                case EatClaimKeys.Location: claims.Location = Value(ReadLocation); break;
                case EatClaimKeys.Profile: claims.Profile = Value(ReadProfile); break;
                case EatClaimKeys.Submodules: claims.Submodules = Value((reader, p) => ReadSubmodules(reader, p, where, depth)); break;
                case EatClaimKeys.BootCount: claims.BootCount = Value(UnsignedInteger); break;
                case EatClaimKeys.BootSeed: claims.BootSeed = Value(ReadBootSeed); break;
                case EatClaimKeys.Dloas: claims.Dloas = Value((reader, p) => Array(reader, p, 1, ReadDloa)); break;
                case EatClaimKeys.SoftwareName: claims.SoftwareName = Value(Text); break;
                case EatClaimKeys.SoftwareVersion: claims.SoftwareVersion = Value(ReadVersion); break;
                case EatClaimKeys.Manifests: claims.Manifests = Value((reader, p) => Array(reader, p, 1, ReadContent)); break;
                case EatClaimKeys.Measurements: claims.Measurements = Value((reader, p) => Array(reader, p, 1, ReadContent)); break;
                case EatClaimKeys.MeasurementResults: claims.MeasurementResults = Value((reader, p) => Array(reader, p, 1, ReadResultsGroup)); break;
                case EatClaimKeys.IntendedUse: claims.IntendedUse = Value(ReadIntendedUse); break;
                default:
                    // Checked strict and well-formed as it is read; copied so that the claims-set does not share the caller's buffer.
                    (other ??= []).Add(label, entries.ReadEncodedValue(path).ToArray());
                    break;
            }
        }
        return claims.ToClaimsSet(other);
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
        var entries = CborMapEntries.Start(reader, where);
        var sueids = new Dictionary<string, byte[]>();
        while (entries.Next(out var label))
        {
            var name = TextKey(label, where);
            sueids.Add(name, entries.ReadValue(ReadUeid, $"{where}/{name}"));
        }
        return sueids.Count > 0 ? sueids : throw Fail(where, "sueids must hold at least one UEID (RFC 9711 §4.2.2)");
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
