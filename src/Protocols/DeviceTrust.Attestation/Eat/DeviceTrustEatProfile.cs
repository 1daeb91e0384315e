using System.Formats.Cbor;
using DeviceTrust.Cose;
using DeviceTrust.Cose.Cbor;

namespace DeviceTrust.Attestation.Eat;

/// <summary>
/// The DeviceTrust EAT profile (RFC 9711 §6: what a profile fixes). Evidence is a COSE_Sign1 (tag 18, optionally in
/// tag 61) signed ES256 with alg protected and kid = SHA-256 of the attestation key's DER SubjectPublicKeyInfo
/// (<see cref="EatEvidence"/>). Its claims-set:
/// <code>
/// {
///   eat_profile 265 => "tag:devicetrust.dev,2026:eat/v1",
///   eat_nonce 10    => bstr .size (8..64) / [ 2* bstr .size (8..64) ],
///   ueid 256        => bstr .size 17,            ; type 0x01 RAND + 16 random bytes
///   hwmodel 259     => bstr .size 16,            ; the device class's SUIT class-id UUID, RFC 4122 byte order
///   dbgstat 263     => 0..4,
///   iat 6           => NumericDate,
///   ? oemid 258, ? bootcount 267, ? uptime 261,
///   submods 266     => { + component-name => {   ; one per firmware component
///       swname 270 => tstr,
///       swversion 271 => [ tstr, 1 ],            ; multipartnumeric
///       -70001 => [ -16, bstr .size 32 ]          ; SUIT_Digest of the image, SHA-256
///   } }
/// }
/// </code>
/// <see cref="Check"/> says whether a claims-set follows this; it is not the verifier's appraisal (nonce freshness,
/// reference values, key trust).
/// </summary>
public static class DeviceTrustEatProfile
{
    public const string ProfileUri = "tag:devicetrust.dev,2026:eat/v1";
    public const string MediaType = "application/eat+cwt";          // RFC 9782 §4
    public const int UeidLength = 17;                                // 0x01 + 16 random bytes (RFC 9711 §4.2.1.1)
    public const int ImageDigestAlgorithm = CoseAlgorithms.Sha256;   // -16
    public const int ImageDigestLength = 32;

    /// <summary>The claims-set of one firmware component, for the submods of evidence.</summary>
    public static EatClaimsSet Component(string name, string version, ReadOnlySpan<byte> imageSha256)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(version);
        var digest = new CborWriter();
        EatClaimsSet.WriteDigest(digest, new EatDigest(ImageDigestAlgorithm, imageSha256.ToArray()));
        return new EatClaimsSet
        {
            SoftwareName = name,
            SoftwareVersion = new EatVersion(version, EatVersion.MultipartNumeric),
            OtherClaims = new Dictionary<CoseLabel, ReadOnlyMemory<byte>> { [EatClaimKeys.DeviceTrustImageDigest] = digest.Encode() },
        };
    }

    /// <summary>hwmodel for a device class: the 16 bytes of its SUIT class-id UUID.</summary>
    public static byte[] HardwareModelOf(Guid classId) => RfcUuid.ToBytes(classId);

    /// <summary>The image digest claim (-70001) of a component's claims-set, or null when absent.</summary>
    /// <exception cref="AttestationFormatException">The claim is not <c>[ int, bstr ]</c>.</exception>
    public static EatDigest? ImageDigestOf(EatClaimsSet component)
    {
        ArgumentNullException.ThrowIfNull(component);
        if (!component.OtherClaims.TryGetValue(EatClaimKeys.DeviceTrustImageDigest, out var encoded))
            return null;
        try
        {
            return StrictCbor.Decode(encoded, ImageDigestPath, ReadImageDigest);
        }
        catch (CborFormatException e)
        {
            throw AttestationFormatException.From(e);
        }
    }

    private static EatDigest ReadImageDigest(CborReader reader) => EatClaimsSet.ReadDigest(reader, ImageDigestPath, allowTextAlgorithm: false);

    private static readonly string ImageDigestPath = $"{EatClaimsSet.Root}/{EatClaimKeys.Segment(EatClaimKeys.DeviceTrustImageDigest)}";

    /// <summary>Whether <paramref name="claims"/> follows the profile, with a reason for each claim that does not.</summary>
    public static EatProfileCheck Check(EatClaimsSet claims)
    {
        ArgumentNullException.ThrowIfNull(claims);
        var problems = new List<string>();
        if (claims.Profile is null)
            problems.Add($"eat_profile (265) is missing; expected \"{ProfileUri}\"");
        else if (claims.Profile.Uri != ProfileUri)
            problems.Add($"eat_profile (265) is \"{claims.Profile}\", expected \"{ProfileUri}\"");
        if (claims.Nonce is null)
            problems.Add("eat_nonce (10) is missing");
        CheckUeid(claims.Ueid, problems);
        if (claims.HardwareModel is null)
            problems.Add("hwmodel (259) is missing; expected the 16 bytes of the device class's class-id UUID");
        else if (claims.HardwareModel.Length != RfcUuid.Length)
            problems.Add($"hwmodel (259) must be the {RfcUuid.Length} bytes of a class-id UUID, found {claims.HardwareModel.Length} bytes");
        if (claims.DebugStatus is null)
            problems.Add("dbgstat (263) is missing");
        if (claims.IssuedAt is null)
            problems.Add("iat (6) is missing");
        if (claims.Submodules is null)
            problems.Add("submods (266) is missing; expected one entry per firmware component");
        else
            foreach (var (name, submodule) in claims.Submodules)
                CheckComponent(name, submodule, problems);
        return new EatProfileCheck(problems);
    }

    private static void CheckUeid(byte[]? ueid, List<string> problems)
    {
        if (ueid is null)
            problems.Add("ueid (256) is missing");
        else if (ueid.Length != UeidLength || ueid[0] != (byte)EatUeidType.Random)
            problems.Add($"ueid (256) must be type 0x01 (RAND) with 16 random bytes ({UeidLength} bytes), " +
                $"found {(ueid.Length == 0 ? "an empty UEID" : $"type 0x{ueid[0]:X2} with {ueid.Length} bytes")}");
    }

    private static void CheckComponent(string name, EatSubmodule submodule, List<string> problems)
    {
        var where = $"submods/{name}";
        if (submodule is not EatClaimsSubmodule { Claims: var component })
        {
            problems.Add($"{where}: a firmware component is a claims-set, found {submodule.GetType().Name}");
            return;
        }
        if (component.SoftwareName is null)
            problems.Add($"{where}: swname (270) is missing");
        if (component.SoftwareVersion is null)
            problems.Add($"{where}: swversion (271) is missing");
        else if (component.SoftwareVersion.Scheme != EatVersion.MultipartNumeric)
            problems.Add($"{where}: swversion (271) must have scheme 1 (multipartnumeric), found {component.SoftwareVersion.Scheme?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}");
        EatDigest? digest;
        try
        {
            digest = ImageDigestOf(component);
        }
        catch (AttestationFormatException e)
        {
            problems.Add($"{where}: the image digest (-70001) is malformed: {e.What}");
            return;
        }
        if (digest is null)
            problems.Add($"{where}: the image digest (-70001) is missing");
        else if (digest.Algorithm.Integer != ImageDigestAlgorithm || digest.Value.Length != ImageDigestLength)
            problems.Add($"{where}: the image digest (-70001) must be [-16, {ImageDigestLength}-byte SHA-256], " +
                $"found [{digest.Algorithm}, {digest.Value.Length} bytes]");
    }
}

/// <summary>The result of <see cref="DeviceTrustEatProfile.Check"/>: conforming when there are no problems.</summary>
public sealed record EatProfileCheck(IReadOnlyList<string> Problems)
{
    public bool Conforms => Problems.Count == 0;

    public override string ToString() => Conforms ? "follows the DeviceTrust EAT profile" : string.Join("; ", Problems);
}
