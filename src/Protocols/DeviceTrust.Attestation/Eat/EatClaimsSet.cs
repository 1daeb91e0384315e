using System.Collections.ObjectModel;
using DeviceTrust.Cose;

namespace DeviceTrust.Attestation.Eat;

/// <summary>
/// A typed EAT claims-set in its CBOR form: the CWT claims of RFC 8392 and the EAT claims of RFC 9711. Decoding
/// (<see cref="Decode"/>) is strict and all-or-nothing; encoding (<see cref="Encode"/>) writes RFC 8949 §4.2.1
/// deterministic CBOR and refuses what decoding would refuse, so both directions apply the same rules. Claims this
/// type does not model (cnf, private claims, claims registered later) are kept in <see cref="OtherClaims"/> as their
/// encoded CBOR and written back unchanged.
/// <code>
/// Claims-Set = { * $$Claims-Set-Claims, * Claim-Label .feature "extended-claims-label" => any }   ; RFC 9711 §4
/// Claim-Label = int / text
/// </code>
/// </summary>
public sealed partial record EatClaimsSet
{
    /// <summary>How deep submods may nest claims-sets inside claims-sets; deeper input is refused, so hostile input
    /// cannot make decoding recurse without bound.</summary>
    public const int MaxSubmoduleDepth = 8;

    /// <summary>iss (RFC 8392 §3.1.1): <c>tstr</c>.</summary>
    public string? Issuer { get; init; }

    /// <summary>sub (RFC 8392 §3.1.2): <c>tstr</c>.</summary>
    public string? Subject { get; init; }

    /// <summary>aud (RFC 8392 §3.1.3): <c>tstr / [ + tstr ]</c>; one value is written as a bare tstr.</summary>
    public IReadOnlyList<string>? Audience { get; init; }

    /// <summary>exp (RFC 8392 §3.1.4).</summary>
    public EatNumericDate? Expiration { get; init; }

    /// <summary>nbf (RFC 8392 §3.1.5).</summary>
    public EatNumericDate? NotBefore { get; init; }

    /// <summary>iat (RFC 8392 §3.1.6).</summary>
    public EatNumericDate? IssuedAt { get; init; }

    /// <summary>cti (RFC 8392 §3.1.7): <c>bstr</c>.</summary>
    public byte[]? CwtId { get; init; }

    /// <summary>eat_nonce (RFC 9711 §4.1): <c>nonce-type / [ 2* nonce-type ]</c>, <c>nonce-type = bstr .size (8..64)</c>;
    /// one nonce is written as a bare bstr.</summary>
    public IReadOnlyList<byte[]>? Nonce { get; init; }

    /// <summary>ueid (RFC 9711 §4.2.1): <c>bstr .size (7..33)</c>, its first byte the type (<see cref="EatUeidType"/>).</summary>
    public byte[]? Ueid { get; init; }

    /// <summary>sueids (RFC 9711 §4.2.2): <c>{ + tstr => ueid-type }</c>.</summary>
    public IReadOnlyDictionary<string, byte[]>? Sueids { get; init; }

    /// <summary>oemid (RFC 9711 §4.2.3).</summary>
    public EatOemId? OemId { get; init; }

    /// <summary>hwmodel (RFC 9711 §4.2.4): <c>bstr .size (1..32)</c>.</summary>
    public byte[]? HardwareModel { get; init; }

    /// <summary>hwversion (RFC 9711 §4.2.5).</summary>
    public EatVersion? HardwareVersion { get; init; }

    /// <summary>uptime in seconds (RFC 9711 §4.2.11): <c>uint</c>.</summary>
    public ulong? Uptime { get; init; }

    /// <summary>oemboot (RFC 9711 §4.2.8): <c>bool</c>.</summary>
    public bool? OemBoot { get; init; }

    /// <summary>dbgstat (RFC 9711 §4.2.9).</summary>
    public EatDebugStatus? DebugStatus { get; init; }

    /// <summary>location (RFC 9711 §4.2.10).</summary>
    public EatLocation? Location { get; init; }

    /// <summary>eat_profile (RFC 9711 §4.3.2).</summary>
    public EatProfileId? Profile { get; init; }

    /// <summary>submods (RFC 9711 §4.2.18): <c>{ + text => Submodule }</c>.</summary>
    public IReadOnlyDictionary<string, EatSubmodule>? Submodules { get; init; }

    /// <summary>bootcount (RFC 9711 §4.2.12): <c>uint</c>.</summary>
    public ulong? BootCount { get; init; }

    /// <summary>bootseed (RFC 9711 §4.2.13): <c>bstr .size (32..64)</c>.</summary>
    public byte[]? BootSeed { get; init; }

    /// <summary>dloas (RFC 9711 §4.2.14): <c>[ + dloa-type ]</c>.</summary>
    public IReadOnlyList<EatDloa>? Dloas { get; init; }

    /// <summary>swname (RFC 9711 §4.2.6): <c>tstr</c>.</summary>
    public string? SoftwareName { get; init; }

    /// <summary>swversion (RFC 9711 §4.2.7).</summary>
    public EatVersion? SoftwareVersion { get; init; }

    /// <summary>manifests (RFC 9711 §4.2.15): <c>[ + [ content-type, content-format ] ]</c>.</summary>
    public IReadOnlyList<EatContent>? Manifests { get; init; }

    /// <summary>measurements (RFC 9711 §4.2.16): <c>[ + [ content-type, content-format ] ]</c>.</summary>
    public IReadOnlyList<EatContent>? Measurements { get; init; }

    /// <summary>measres (RFC 9711 §4.2.17): <c>[ + measurement-results-group ]</c>.</summary>
    public IReadOnlyList<EatMeasurementResults>? MeasurementResults { get; init; }

    /// <summary>intuse (RFC 9711 §4.3.3).</summary>
    public EatIntendedUse? IntendedUse { get; init; }

    /// <summary>
    /// Claims not modelled above, each as one encoded CBOR item (checked well-formed and strict). A key of a modelled
    /// claim is refused here when encoding: set the property instead.
    /// </summary>
    public IReadOnlyDictionary<CoseLabel, ReadOnlyMemory<byte>> OtherClaims { get; init; } =
        ReadOnlyDictionary<CoseLabel, ReadOnlyMemory<byte>>.Empty;

    /// <summary>The path root of errors in a top-level claims-set.</summary>
    internal const string Root = "EAT claims-set";
}
