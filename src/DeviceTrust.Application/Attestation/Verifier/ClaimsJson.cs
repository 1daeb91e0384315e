using System.Text.Json;
using System.Text.Json.Nodes;
using DeviceTrust.Attestation.Eat;

namespace DeviceTrust.Application.Attestation.Verifier;

/// <summary>
/// The claims of a piece of evidence as JSON for people to read in the history (named as RFC 9711 names them, bytes in
/// hex). The evidence itself is kept beside it, byte for byte; this is a reading aid, not a second encoding.
/// </summary>
public static class ClaimsJson
{
    public static string Of(EatClaimsSet claims)
    {
        ArgumentNullException.ThrowIfNull(claims);
        return Node(claims).ToJsonString(new JsonSerializerOptions { WriteIndented = false });
    }

    private static JsonObject Node(EatClaimsSet claims)
    {
        var node = new JsonObject();
        if (claims.Profile is { } profile) node["eat_profile"] = profile.ToString();
        if (claims.Nonce is { } nonces) node["eat_nonce"] = nonces.Count == 1 ? Hex(nonces[0]) : new JsonArray([.. nonces.Select(n => (JsonNode)Hex(n))]);
        if (claims.Ueid is { } ueid) node["ueid"] = Hex(ueid);
        if (claims.OemId is { } oemid) node["oemid"] = oemid.Bytes is { } bytes ? Hex(bytes) : oemid.PrivateEnterpriseNumber;
        if (claims.HardwareModel is { } hwmodel) node["hwmodel"] = Hex(hwmodel);
        if (claims.HardwareVersion is { } hwversion) node["hwversion"] = hwversion.Version;
        if (claims.DebugStatus is { } dbgstat) node["dbgstat"] = $"{(int)dbgstat} ({dbgstat})";
        if (claims.IssuedAt is { } iat) node["iat"] = iat.Seconds is { } seconds ? DateTimeOffset.FromUnixTimeSeconds(seconds).ToString("O") : iat.ToString();
        if (claims.Uptime is { } uptime) node["uptime"] = uptime;
        if (claims.BootCount is { } bootcount) node["bootcount"] = bootcount;
        if (claims.SoftwareName is { } swname) node["swname"] = swname;
        if (claims.SoftwareVersion is { } swversion) node["swversion"] = swversion.Version;
        if (DeviceTrustEatProfile.ImageDigestOf(claims) is { } digest) node["image-digest"] = $"{digest.Algorithm}: {Hex(digest.Value)}";
        if (claims.Submodules is { Count: > 0 } submodules)
        {
            var submods = new JsonObject();
            foreach (var (name, submodule) in submodules.OrderBy(s => s.Key, StringComparer.Ordinal))
            {
                submods[name] = submodule switch
                {
                    EatClaimsSubmodule inline => Node(inline.Claims),
                    EatNestedCborToken nested => $"nested CBOR token, {nested.Token.Length} bytes",
                    EatNestedJsonToken nested => $"nested JSON token, {nested.Token.Length} characters",
                    EatDetachedDigest detached => $"detached digest {detached.Digest.Algorithm}: {Hex(detached.Digest.Value)}",
                    _ => submodule.GetType().Name,
                };
            }
            node["submods"] = submods;
        }
        if (claims.OtherClaims is { Count: > 0 } other) node["other-claims"] = new JsonArray([.. other.Keys.Select(k => (JsonNode)k.ToString())]);
        return node;
    }

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);
}
