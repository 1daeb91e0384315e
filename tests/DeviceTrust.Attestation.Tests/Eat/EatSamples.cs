using System.Formats.Cbor;
using DeviceTrust.Attestation.Eat;
using DeviceTrust.Cose;

namespace DeviceTrust.Attestation.Tests.Eat;

/// <summary>Claims-sets the tests share: one with every modelled claim, and one that follows the DeviceTrust profile.</summary>
internal static class EatSamples
{
    public static readonly Guid ClassId = Guid.Parse("1492af14-2569-5e48-bf42-9b2d51f2ab45");   // SUIT manifest example class-id
    public static readonly byte[] Nonce = Convert.FromHexString("948f8860d13a463e8e");
    public static readonly byte[] Ueid = Convert.FromHexString("0198f50a4ff6c05861c8860d13a638ea00");
    public static readonly byte[] ImageDigest = Enumerable.Range(0, 32).Select(i => (byte)(0xA0 + i)).ToArray();

    public static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal));

    /// <summary>One claim in a map: <c>{ key: value }</c>.</summary>
    public static byte[] OneClaim(long key, Action<CborWriter> value)
    {
        var writer = new CborWriter();
        writer.WriteStartMap(1);
        writer.WriteInt64(key);
        value(writer);
        writer.WriteEndMap();
        return writer.Encode();
    }

    public static byte[] Encoded(Action<CborWriter> value)
    {
        var writer = new CborWriter();
        value(writer);
        return writer.Encode();
    }

    /// <summary>Every claim EatClaimsSet models, plus a private claim it does not.</summary>
    public static EatClaimsSet Full() => new()
    {
        Issuer = "joe_attester.example.com",
        Subject = "device-42",
        Audience = ["verifier-a", "verifier-b"],
        Expiration = EatNumericDate.FromSeconds(1_800_000_000),
        NotBefore = EatNumericDate.FromFractionalSeconds(1_700_000_000.5),
        IssuedAt = EatNumericDate.FromSeconds(1_700_000_000),
        CwtId = [0x0b, 0x71],
        Nonce = [Nonce, new byte[64]],
        Ueid = Ueid,
        Sueids = new Dictionary<string, byte[]> { ["tls"] = Hex("02 001122334455") },
        OemId = EatOemId.FromBytes(Hex("894823")),
        HardwareModel = RfcUuid.ToBytes(ClassId),
        HardwareVersion = new EatVersion("1.3.4", 1),
        Uptime = 3600,
        OemBoot = true,
        DebugStatus = EatDebugStatus.DisabledPermanently,
        Location = new EatLocation(48.858, 2.294) { Altitude = 35, Accuracy = 0.5, Timestamp = 1_700_000_000, Age = 3 },
        Profile = EatProfileId.FromUri("tag:devicetrust.dev,2026:eat/v1"),
        Submodules = new Dictionary<string, EatSubmodule>
        {
            ["fw"] = new EatClaimsSubmodule(new EatClaimsSet { SoftwareName = "fw", SoftwareVersion = new EatVersion("2.0.1", 1) }),
        },
        BootCount = 12,
        BootSeed = new byte[32],
        Dloas = [new EatDloa("https://dloa.example", "Acme Platform", "Acme App")],
        SoftwareName = "Acme OS",
        SoftwareVersion = new EatVersion("3.5.5"),
        Manifests = [new EatContent(258, Hex("a10102"))],
        Measurements = [new EatContent(258, Hex("a10203"))],
        MeasurementResults = [new EatMeasurementResults("Trustus", [new EatIndividualResult("os", null, EatComparisonResult.Successful),
            new EatIndividualResult(null, Hex("0102"), EatComparisonResult.Fail)])],
        IntendedUse = EatIntendedUse.ProofOfPossession,
        OtherClaims = new Dictionary<CoseLabel, ReadOnlyMemory<byte>> { [-80000] = Encoded(w => w.WriteTextString("private")) },
    };

    /// <summary>A claims-set that follows the DeviceTrust EAT profile, with two firmware components.</summary>
    public static EatClaimsSet DeviceTrust(byte[]? nonce = null) => new()
    {
        Profile = EatProfileId.FromUri(DeviceTrustEatProfile.ProfileUri),
        Nonce = [nonce ?? Nonce],
        Ueid = Ueid,
        HardwareModel = DeviceTrustEatProfile.HardwareModelOf(ClassId),
        DebugStatus = EatDebugStatus.DisabledPermanently,
        IssuedAt = EatNumericDate.FromSeconds(1_765_000_000),
        BootCount = 7,
        Submodules = new Dictionary<string, EatSubmodule>
        {
            ["bootloader"] = new EatClaimsSubmodule(DeviceTrustEatProfile.Component("bootloader", "1.0.2", ImageDigest)),
            ["app"] = new EatClaimsSubmodule(DeviceTrustEatProfile.Component("app", "4.2.0", ImageDigest)),
        },
    };
}
