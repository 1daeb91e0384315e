using System.Formats.Cbor;
using DeviceTrust.Attestation.Eat;
using DeviceTrust.Cose;
using static DeviceTrust.Attestation.Tests.Eat.EatSamples;

namespace DeviceTrust.Attestation.Tests.Eat;

/// <summary>
/// One validation rule: the CBOR that breaks it (refused by Decode), the claims-set that breaks it (refused by Encode,
/// null where the C# types cannot express the defect), and the text the error must contain to name the claim.
/// </summary>
internal sealed record EatValidationCase(string Hex, EatClaimsSet? Claims, string Names);

internal static class EatValidationCases
{
    private static readonly EatClaimsSet Empty = new();

    public static readonly IReadOnlyDictionary<string, EatValidationCase> All = new Dictionary<string, EatValidationCase>
    {
        ["nonce 7 bytes"] = new("A1 0A 47 01020304050607", Empty with { Nonce = [new byte[7]] }, "10 (eat_nonce): eat_nonce must be 8 to 64 bytes"),
        ["nonce 65 bytes"] = new($"A1 0A 58 41 {Zeros(65)}", Empty with { Nonce = [new byte[65]] }, "10 (eat_nonce)"),
        ["nonce array of 1"] = new("A1 0A 81 48 0102030405060708", Empty with { Nonce = [] }, "10 (eat_nonce): an array of at least 2"),
        ["nonce array short item"] = new("A1 0A 82 48 0102030405060708 41 01", Empty with { Nonce = [new byte[8], new byte[1]] }, "10 (eat_nonce)/1"),
        ["ueid 6 bytes"] = new("A1 190100 46 010203040506", Empty with { Ueid = new byte[6] }, "256 (ueid): a UEID must be 7 to 33 bytes"),
        ["ueid 34 bytes"] = new($"A1 190100 58 22 01 {Zeros(33)}", Empty with { Ueid = [1, .. new byte[33]] }, "256 (ueid)"),
        ["ueid type 4"] = new($"A1 190100 51 04 {Zeros(16)}", Empty with { Ueid = [4, .. new byte[16]] }, "256 (ueid): UEID type byte 0x04"),
        ["ueid RAND 20"] = new($"A1 190100 55 01 {Zeros(20)}", Empty with { Ueid = [1, .. new byte[20]] }, "256 (ueid): a UEID of type 0x01"),
        ["ueid EUI 7"] = new($"A1 190100 48 02 {Zeros(7)}", Empty with { Ueid = [2, .. new byte[7]] }, "256 (ueid): a UEID of type 0x02"),
        ["ueid IMEI 13"] = new($"A1 190100 4E 03 {Zeros(13)}", Empty with { Ueid = [3, .. new byte[13]] }, "256 (ueid): a UEID of type 0x03"),
        ["sueids bad ueid"] = new("A1 190101 A1 61 61 41 01", Empty with { Sueids = new Dictionary<string, byte[]> { ["a"] = [1] } }, "257 (sueids)/a"),
        ["sueids empty"] = new("A1 190101 A0", Empty with { Sueids = new Dictionary<string, byte[]>() }, "257 (sueids): sueids must hold at least one"),
        ["sueids int key"] = new($"A1 190101 A1 01 51 01 {Zeros(16)}", null, "257 (sueids): the key 1 must be a text string"),
        ["oemid 4 bytes"] = new("A1 190102 44 01020304", Empty with { OemId = EatOemId.FromBytes(new byte[4]) }, "258 (oemid): a byte-string oemid must be 3 bytes"),
        ["oemid text"] = new("A1 190102 61 61", null, "258 (oemid): a byte string expected"),
        ["hwmodel empty"] = new("A1 190103 40", Empty with { HardwareModel = [] }, "259 (hwmodel): hwmodel must be 1 to 32 bytes"),
        ["hwmodel 33 bytes"] = new($"A1 190103 58 21 {Zeros(33)}", Empty with { HardwareModel = new byte[33] }, "259 (hwmodel)"),
        ["hwversion text"] = new("A1 190104 61 31", null, "260 (hwversion): an array [ version, ? scheme ] expected"),
        ["hwversion 3 items"] = new("A1 190104 83 61 31 01 01", null, "260 (hwversion): [ version, ? scheme ] must have 1 to 2 items"),
        ["swversion scheme text"] = new("A1 19010F 82 61 31 61 31", null, "271 (swversion)/1: an integer expected"),
        ["uptime negative"] = new("A1 190105 20", null, "261 (uptime): an unsigned integer expected"),
        ["oemboot int"] = new("A1 190106 01", null, "262 (oemboot): a boolean expected"),
        ["dbgstat 5"] = new("A1 190107 05", Empty with { DebugStatus = (EatDebugStatus)5 }, "263 (dbgstat): dbgstat must be 0 to 4"),
        ["location NaN"] = new("A1 190108 A2 01 F97E00 02 00", Empty with { Location = new EatLocation(double.NaN, 0) }, "264 (location)/1"),
        ["location without longitude"] = new("A1 190108 A1 01 00", null, "264 (location): longitude (2) is required"),
        ["location unknown key"] = new("A1 190108 A3 01 00 02 00 0A 00", null, "264 (location): label 10 is not allowed"),
        ["profile not a URI"] = new("A1 190109 63 616263", Empty with { Profile = EatProfileId.FromUri("abc") }, "265 (eat_profile): eat_profile \"abc\" is not an absolute URI"),
        ["profile bad OID"] = new("A1 190109 42 2B86", Empty with { Profile = EatProfileId.FromOid([0x2B, 0x86]) }, "265 (eat_profile): eat_profile is neither"),
        ["submods empty"] = new("A1 19010A A0", Empty with { Submodules = new Dictionary<string, EatSubmodule>() }, "266 (submods): submods must hold at least one"),
        ["submods int key"] = new("A1 19010A A1 01 A0", null, "266 (submods): the key 1 must be a text string"),
        ["submodule int"] = new("A1 19010A A1 61 61 01", null, "EAT claims-set/submods/a: a submodule is a claims-set"),
        ["submodule empty token"] = new("A1 19010A A1 61 61 40", Sub(new EatNestedCborToken([])), "EAT claims-set/submods/a: a nested CBOR token cannot be empty"),
        ["submodule bad claim"] = new("A1 19010A A1 62 6677 A1 0A 41 01", Sub(new EatClaimsSubmodule(Empty with { Nonce = [[1]] })), "EAT claims-set/submods/"),
        ["submodule swversion int"] = new("A1 19010A A1 62 6677 A1 19010F 01", null, "EAT claims-set/submods/fw/271 (swversion)"),
        ["detached digest 1 item"] = new("A1 19010A A1 61 61 81 01", null, "EAT claims-set/submods/a: [ algorithm, digest ] must have 2 items"),
        ["detached digest float alg"] = new("A1 19010A A1 61 61 82 F93C00 41 01", null, "EAT claims-set/submods/a/0: an integer expected"),
        ["bootcount text"] = new("A1 19010B 61 31", null, "267 (bootcount): an unsigned integer expected"),
        ["bootseed 31 bytes"] = new($"A1 19010C 58 1F {Zeros(31)}", Empty with { BootSeed = new byte[31] }, "268 (bootseed): bootseed must be 32 to 64 bytes"),
        ["dloas empty"] = new("A1 19010D 80", Empty with { Dloas = [] }, "269 (dloas): an array of at least 1"),
        ["dloa 1 item"] = new("A1 19010D 81 81 61 61", null, "269 (dloas)/0: [ registrar, platform label, ? application label ] must have 2 to 3 items"),
        ["swname int"] = new("A1 19010E 01", null, "270 (swname): a text string expected"),
        ["manifests empty"] = new("A1 190110 80", Empty with { Manifests = [] }, "272 (manifests): an array of at least 1"),
        ["manifest content-format 70000"] = new("A1 190110 81 82 1A00011170 41 01", Empty with { Manifests = [new EatContent(70000, [1])] }, "272 (manifests)/0/0: a CoAP content-format is at most 65535"),
        ["measurement content text"] = new("A1 190111 81 82 01 61 61", null, "273 (measurements)/0/1: a byte string expected"),
        ["measurement content-format 70000"] = new("A1 190111 81 82 1A00011170 41 01", Empty with { Measurements = [new EatContent(70000, [1])] }, "273 (measurements)/0/0"),
        ["measres result 5"] = new("A1 190112 81 82 61 73 81 82 61 69 05", Empty with { MeasurementResults = [new("s", [new("i", null, (EatComparisonResult)5)])] }, "274 (measres)/0/1/0/1: a measurement result must be 1 to 4"),
        ["measres no results"] = new("A1 190112 81 82 61 73 80", Empty with { MeasurementResults = [new("s", [])] }, "274 (measres)/0/1: an array of at least 1"),
        ["intuse 0"] = new("A1 190113 00", Empty with { IntendedUse = 0 }, "275 (intuse): intuse must be 1 to 5"),
        ["intuse 6"] = new("A1 190113 06", Empty with { IntendedUse = (EatIntendedUse)6 }, "275 (intuse)"),
        ["aud empty array"] = new("A1 03 80", Empty with { Audience = [] }, "3 (aud): an array of at least 1"),
        ["aud int"] = new("A1 03 01", null, "3 (aud): an array expected"),
        ["iss int"] = new("A1 01 01", null, "1 (iss): a text string expected"),
        ["sub bytes"] = new("A1 02 41 01", null, "2 (sub): a text string expected"),
        ["exp NaN"] = new("A1 04 F97E00", Empty with { Expiration = EatNumericDate.FromFractionalSeconds(double.NaN) }, "4 (exp): NaN is not a finite number"),
        ["nbf text"] = new("A1 05 61 31", null, "5 (nbf): a number expected"),
        ["iat tagged 1"] = new("A1 06 C1 1A5AFD322E", null, "6 (iat): a NumericDate is an untagged int or float"),
        ["cti text"] = new("A1 07 61 31", null, "7 (cti): a byte string expected"),
        ["duplicate claim"] = new("A2 0A 48 0102030405060708 0A 48 0102030405060708", null, "duplicate label 10"),
        ["trailing byte"] = new("A1 0A 48 0102030405060708 00", null, "trailing byte"),
        ["not a map"] = new("80", null, "EAT claims-set: a map expected"),
        ["float label"] = new("A1 F93C00 01", null, "label must be int or tstr"),
        ["submods 9 deep"] = new(Convert.ToHexString(Nested(9)), NestedClaims(9), "submods nest deeper than 8"),
        ["modelled key in OtherClaims"] = new("A1 0A 01", Empty with { OtherClaims = new Dictionary<CoseLabel, ReadOnlyMemory<byte>> { [EatClaimKeys.Nonce] = new byte[] { 1 } } }, "10 (eat_nonce)"),
    };

    public static TheoryData<string> Names => [.. All.Keys];

    public static TheoryData<string> EncodableNames => [.. All.Where(entry => entry.Value.Claims is not null).Select(entry => entry.Key)];

    private static string Zeros(int count) => new('0', count * 2);

    private static EatClaimsSet Sub(EatSubmodule submodule) =>
        Empty with { Submodules = new Dictionary<string, EatSubmodule> { ["a"] = submodule } };

    /// <summary>Claims-sets nested <paramref name="levels"/> deep through submods, the top one included.</summary>
    internal static byte[] Nested(int levels)
    {
        var writer = new CborWriter();
        for (var level = 1; level < levels; level++)
        {
            writer.WriteStartMap(1);
            writer.WriteInt32(EatClaimKeys.Submodules);
            writer.WriteStartMap(1);
            writer.WriteTextString("a");
        }
        writer.WriteStartMap(0);
        writer.WriteEndMap();
        for (var level = 1; level < levels; level++)
        {
            writer.WriteEndMap();
            writer.WriteEndMap();
        }
        return writer.Encode();
    }

    internal static EatClaimsSet NestedClaims(int levels)
    {
        var claims = new EatClaimsSet();
        for (var level = 1; level < levels; level++)
            claims = Sub(new EatClaimsSubmodule(claims));
        return claims;
    }
}
