using DeviceTrust.Attestation.Eat;
using DeviceTrust.Cose;
using DeviceTrust.Cose.Cbor;

namespace DeviceTrust.Cli.Attestation;

/// <summary>
/// The COSE envelope of an EAT: a COSE_Sign1 (signed evidence) or a COSE_Mac0 (MACed evidence of a VendorVerified
/// class), its tags, alg, kid and typ.
/// </summary>
/// <param name="Structure"><see cref="Sign1"/> or <see cref="Mac0"/>.</param>
/// <param name="CoseTagged">Whether the structure carries its own COSE tag (18 or 17, RFC 9052 §2).</param>
public sealed record EatEnvelope(string Structure, bool CwtTagged, bool CoseTagged, string Algorithm, string? KeyIdHex, string? Type)
{
    public const string Sign1 = "COSE_Sign1";
    public const string Mac0 = "COSE_Mac0";

    public bool IsMac => Structure == Mac0;

    public static EatEnvelope Of(EatToken token)
    {
        ArgumentNullException.ThrowIfNull(token);
        var message = token.Message;
        return new EatEnvelope(Sign1, message.IsCwtTagged, message.IsTagged, Describe(message.Algorithm), Hex(token.KeyId),
            TypeOf(message.ProtectedHeaders, message.UnprotectedHeaders));
    }

    public static EatEnvelope Of(EatMacToken token)
    {
        ArgumentNullException.ThrowIfNull(token);
        var message = token.Message;
        return new EatEnvelope(Mac0, message.IsCwtTagged, message.IsTagged, Describe(message.Algorithm), Hex(token.KeyId),
            TypeOf(message.ProtectedHeaders, message.UnprotectedHeaders));
    }

    /// <summary>The tags as "61 (CWT) / 18 (COSE_Sign1)" or "61 (CWT) / 17 (COSE_Mac0)", or "none".</summary>
    public string Tags => (CwtTagged, CoseTagged) switch
    {
        (true, true) => $"61 (CWT) / {CoseTag} ({Structure})",
        (true, false) => $"61 (CWT), {Structure} untagged",
        (false, true) => $"{CoseTag} ({Structure})",
        _ => $"none (untagged {Structure})",
    };

    private ulong CoseTag => IsMac ? CoseTags.Mac0 : CoseTags.Sign1;

    private static string Describe(CoseLabel algorithm) => algorithm.Integer is { } number and >= int.MinValue and <= int.MaxValue
        ? CoseAlgorithms.Describe((int)number)
        : algorithm.ToString();

    private static string? Hex(byte[]? keyId) => keyId is null ? null : Convert.ToHexStringLower(keyId);

    // typ may also be a CoAP content-format uint (RFC 9596 §2); the profile's rule on it is reported as a problem.
    private static string? TypeOf(CoseHeaders protectedHeaders, CoseHeaders unprotectedHeaders)
    {
        var headers = protectedHeaders.Contains(CoseHeaderLabels.Type) ? protectedHeaders : unprotectedHeaders;
        if (!headers.Contains(CoseHeaderLabels.Type))
            return null;
        try
        {
            return headers.GetText(CoseHeaderLabels.Type);
        }
        catch (CborFormatException)
        {
            return headers.TryGetEncodedValue(CoseHeaderLabels.Type, out var encoded)
                ? $"CBOR h'{Convert.ToHexStringLower(encoded.Span)}' (not text)"
                : "(not text)";
        }
    }
}
