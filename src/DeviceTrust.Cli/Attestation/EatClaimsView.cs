using System.Globalization;
using DeviceTrust.Attestation;
using DeviceTrust.Attestation.Eat;
using DeviceTrust.Cose;

namespace DeviceTrust.Cli.Attestation;

/// <summary>
/// An EAT claims-set as <see cref="ClaimEntry"/> lines, named as RFC 8392 and RFC 9711 name the claims (eat_nonce,
/// ueid, hwmodel, dbgstat, ...), in the order of their keys. Binary values are lowercase hex; times ISO 8601 UTC.
/// </summary>
public static class EatClaimsView
{
    public static IReadOnlyList<ClaimEntry> Entries(EatClaimsSet claims)
    {
        ArgumentNullException.ThrowIfNull(claims);
        var entries = new List<ClaimEntry>();
        Add(entries, EatClaimKeys.Issuer, claims.Issuer);
        Add(entries, EatClaimKeys.Subject, claims.Subject);
        Add(entries, EatClaimKeys.Audience, claims.Audience is { } aud ? string.Join(", ", aud) : null);
        Add(entries, EatClaimKeys.Expiration, Time(claims.Expiration));
        Add(entries, EatClaimKeys.NotBefore, Time(claims.NotBefore));
        Add(entries, EatClaimKeys.IssuedAt, Time(claims.IssuedAt));
        Add(entries, EatClaimKeys.CwtId, Hex(claims.CwtId));
        Add(entries, EatClaimKeys.Nonce, claims.Nonce is { } nonces ? string.Join(", ", nonces.Select(Convert.ToHexStringLower)) : null);
        Add(entries, EatClaimKeys.Ueid, claims.Ueid is { } ueid ? Ueid(ueid) : null);
        if (claims.Sueids is { } sueids)
            entries.Add(ClaimEntry.Group(Name(EatClaimKeys.Sueids), [.. sueids.Select(s => ClaimEntry.Leaf(s.Key, Ueid(s.Value)))]));
        Add(entries, EatClaimKeys.OemId, claims.OemId is { } oem
            ? oem.Bytes is { } bytes ? Convert.ToHexStringLower(bytes) : $"PEN {oem.PrivateEnterpriseNumber}" : null);
        Add(entries, EatClaimKeys.HardwareModel, claims.HardwareModel is { } model ? HardwareModel(model) : null);
        Add(entries, EatClaimKeys.HardwareVersion, Version(claims.HardwareVersion));
        Add(entries, EatClaimKeys.Uptime, claims.Uptime is { } uptime ? $"{uptime} s" : null);
        Add(entries, EatClaimKeys.OemBoot, claims.OemBoot is { } oemBoot ? (oemBoot ? "true" : "false") : null);
        Add(entries, EatClaimKeys.DebugStatus, claims.DebugStatus is { } debug ? DebugStatus(debug) : null);
        Add(entries, EatClaimKeys.Location, claims.Location is { } at
            ? string.Create(CultureInfo.InvariantCulture, $"latitude {at.Latitude}, longitude {at.Longitude}") : null);
        Add(entries, EatClaimKeys.Profile, claims.Profile?.ToString());
        if (claims.Submodules is { } submods)
            entries.Add(ClaimEntry.Group(Name(EatClaimKeys.Submodules), [.. submods.Select(s => Submodule(s.Key, s.Value))]));
        Add(entries, EatClaimKeys.BootCount, claims.BootCount?.ToString(CultureInfo.InvariantCulture));
        Add(entries, EatClaimKeys.BootSeed, Hex(claims.BootSeed));
        Add(entries, EatClaimKeys.Dloas, claims.Dloas is { } dloas
            ? string.Join(", ", dloas.Select(d => $"{d.Registrar} {d.PlatformLabel}{(d.ApplicationLabel is { } a ? " " + a : "")}")) : null);
        Add(entries, EatClaimKeys.SoftwareName, claims.SoftwareName);
        Add(entries, EatClaimKeys.SoftwareVersion, Version(claims.SoftwareVersion));
        Add(entries, EatClaimKeys.Manifests, Contents(claims.Manifests));
        Add(entries, EatClaimKeys.Measurements, Contents(claims.Measurements));
        Add(entries, EatClaimKeys.MeasurementResults, claims.MeasurementResults is { } groups
            ? string.Join("; ", groups.Select(g => $"{g.System}: {g.Results.Count} result(s)")) : null);
        Add(entries, EatClaimKeys.IntendedUse, claims.IntendedUse?.ToString().ToLowerInvariant());
        foreach (var (label, encoded) in claims.OtherClaims)
            entries.Add(label.Integer == EatClaimKeys.DeviceTrustImageDigest
                ? ClaimEntry.Leaf("digest", ImageDigest(claims))
                : ClaimEntry.Leaf(Name(label), $"CBOR h'{Convert.ToHexStringLower(encoded.Span)}'"));
        return entries;
    }

    /// <summary>What dbgstat means (RFC 9711 §4.2.9).</summary>
    public static string DebugStatus(EatDebugStatus status) => status switch
    {
        EatDebugStatus.Enabled => "enabled (0): debug is enabled",
        EatDebugStatus.Disabled => "disabled (1): debug is disabled but may be re-enabled",
        EatDebugStatus.DisabledSinceBoot => "disabled-since-boot (2): disabled since boot, cannot be re-enabled until the next boot",
        EatDebugStatus.DisabledPermanently => "disabled-permanently (3): disabled and cannot be re-enabled, except possibly by the manufacturer",
        EatDebugStatus.DisabledFullyAndPermanently => "disabled-fully-and-permanently (4): disabled for good, for everyone",
        _ => $"{(int)status}: not a defined debug status",
    };

    private static ClaimEntry Submodule(string name, EatSubmodule submodule) => submodule switch
    {
        EatClaimsSubmodule { Claims: var claims } => ClaimEntry.Group(name, Entries(claims)),
        EatNestedCborToken { Token: var token } => ClaimEntry.Leaf(name, $"nested CBOR token, {token.Length} bytes (not decoded)"),
        EatNestedJsonToken { Token: var token } => ClaimEntry.Leaf(name, $"nested JSON token, {token.Length} characters (not decoded)"),
        EatDetachedDigest { Digest: var digest } => ClaimEntry.Leaf(name, $"detached digest {Digest(digest)}"),
        _ => ClaimEntry.Leaf(name, submodule.GetType().Name),
    };

    private static string ImageDigest(EatClaimsSet component)
    {
        try
        {
            return DeviceTrustEatProfile.ImageDigestOf(component) is { } digest ? Digest(digest) : "absent";
        }
        catch (AttestationFormatException e)
        {
            return $"malformed: {e.What}";
        }
    }

    private static string Digest(EatDigest digest)
    {
        var algorithm = digest.Algorithm.Integer == CoseAlgorithms.Sha256 ? "sha-256" : digest.Algorithm.ToString();
        return $"{algorithm}:{Convert.ToHexStringLower(digest.Value)}";
    }

    private static string Ueid(byte[] ueid)
    {
        var type = ueid.Length == 0 ? "empty" : (EatUeidType)ueid[0] switch
        {
            EatUeidType.Random => "RAND",
            EatUeidType.IeeeEui => "EUI",
            EatUeidType.Imei => "IMEI",
            _ => $"unknown type 0x{ueid[0]:X2}",
        };
        return $"{Convert.ToHexStringLower(ueid)} ({type})";
    }

    private static string HardwareModel(byte[] model) => model.Length == RfcUuid.Length
        ? $"{Convert.ToHexStringLower(model)} (class-id {RfcUuid.FromBytes(model)})"
        : Convert.ToHexStringLower(model);

    private static string? Version(EatVersion? version) => version switch
    {
        null => null,
        { Scheme: null } => version.Version,
        { Scheme: EatVersion.MultipartNumeric } => $"{version.Version} (multipartnumeric)",
        _ => $"{version.Version} (scheme {version.Scheme})",
    };

    private static string? Contents(IReadOnlyList<EatContent>? contents) => contents is null
        ? null
        : string.Join(", ", contents.Select(c => $"content-format {c.ContentFormat}, {c.Content.Length} bytes"));

    private static string? Time(EatNumericDate? date)
    {
        if (date is not { } value)
            return null;
        try
        {
            return $"{value.ToDateTimeOffset().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)} ({value})";
        }
        catch (ArgumentOutOfRangeException)
        {
            return $"{value} (out of range)";
        }
    }

    private static string? Hex(byte[]? bytes) => bytes is null ? null : Convert.ToHexStringLower(bytes);

    private static string Name(CoseLabel label) => EatClaimKeys.NameOf(label);

    private static void Add(List<ClaimEntry> entries, int key, string? value)
    {
        if (value is not null)
            entries.Add(ClaimEntry.Leaf(Name(key), value));
    }
}
