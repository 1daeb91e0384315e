using DeviceTrust.Attestation.Eat;
using DeviceTrust.Cli.Network;
using DeviceTrust.Cose;
using DeviceTrust.Cose.Cbor;

namespace DeviceTrust.Cli.Attestation;

/// <summary>
/// The per-device secret of a <c>VendorVerified</c> class (docs/eat-profile.md, "MACed evidence") as the attestation
/// commands read it: base64 (or base64url) of its symmetric COSE_Key, as the development API hands it over in
/// <c>vendorAttestationSecret</c>; for <c>eat verify</c> also 64 hex digits of a bare 32-byte secret, which has no id.
/// A file that cannot be used exits 2. The messages name the file and what is wrong, never any of its content: it is a
/// secret, and error output ends up in terminals and CI logs.
/// </summary>
public static class VendorSecrets
{
    /// <summary>A bare secret as hex: 32 bytes, the HMAC-SHA-256 output length RFC 9053 §3.1 asks of a key.</summary>
    public const int RawHexLength = 64;

    /// <summary>The secret <c>eat verify</c> checks a tag with: a COSE_Key (with or without kid) or a bare secret.</summary>
    /// <exception cref="CliException">Unreadable, or not a secret HMAC 256/256 can use (exit 2).</exception>
    public static CoseSymmetricKey ReadForVerifying(string path, string role) => Read(path, role, allowRaw: true);

    /// <summary>The secret <c>attest</c> MACs evidence with: a COSE_Key whose kid names it, as the evidence must.</summary>
    /// <exception cref="CliException">Unreadable, no kid, or not a secret HMAC 256/256 can use (exit 2).</exception>
    public static CoseSymmetricKey ReadForMacing(string path, string role)
    {
        var secret = Read(path, role, allowRaw: false);
        if (secret.KeyId is null)
            throw Malformed(path, role, "the COSE_Key has no kid (2), and MACed evidence names its secret by it");
        return secret;
    }

    private static CoseSymmetricKey Read(string path, string role, bool allowRaw)
    {
        var text = TextInput.Strip(CliFiles.ReadBytes(path, role));
        var expected = allowRaw ? "base64 of a symmetric COSE_Key, or 64 hex digits" : "base64 of a symmetric COSE_Key";
        if (text.Length == 0)
            throw Malformed(path, role, $"the file is empty; expected {expected}");
        CoseSymmetricKey secret;
        // Hex is never a COSE_Key's base64, which starts with 'o'..'v' (a map, 0xA0..0xBF), so all hex means a bare secret.
        if (text.All(char.IsAsciiHexDigit))
        {
            if (!allowRaw)
                throw Malformed(path, role, "hex digits, not base64 of a symmetric COSE_Key: a bare secret has no id, and MACed "
                    + "evidence names its secret by it (kid)");
            if (text.Length != RawHexLength)
                throw Malformed(path, role, $"{text.Length} hex digits; a bare secret is {RawHexLength} (32 bytes)");
            secret = CoseSymmetricKey.FromBytes(Convert.FromHexString(text));
        }
        else
        {
            var bytes = TextEncodings.TryDecodeBase64(text)
                ?? throw Malformed(path, role, $"not {expected}");
            secret = Decode(bytes, path, role);
        }
        if (secret.Length < 32)
            throw Malformed(path, role, $"the secret is {secret.Length} bytes; {CoseAlgorithms.Describe(VendorEvidence.Algorithm)} "
                + "needs at least 32 (RFC 9053 §3.1)");
        if (secret.Algorithm is { } algorithm && algorithm != CoseLabel.Of(VendorEvidence.Algorithm))
            throw Malformed(path, role, $"the COSE_Key is restricted to alg {algorithm}, not the profile's "
                + $"{CoseAlgorithms.Describe(VendorEvidence.Algorithm)} (RFC 9052 §7.1)");
        if (secret.KeyId is { Length: 0 or > VendorEvidence.MaxKeyIdLength } kid)
            throw Malformed(path, role, $"the kid is {kid.Length} bytes; a secret's id is 1 to {VendorEvidence.MaxKeyIdLength}");
        return secret;
    }

    private static CoseSymmetricKey Decode(byte[] bytes, string path, string role)
    {
        try
        {
            return CoseSymmetricKey.Decode(bytes);
        }
        catch (CborFormatException e)
        {
            // Where only ("COSE_Key label -1 (k)"): the structure's path, never a value read from it.
            throw Malformed(path, role, $"base64, but not a COSE_Key ({e.Where})");
        }
        catch (NotSupportedException)
        {
            throw Malformed(path, role, "a COSE_Key, but not a symmetric one (kty 4, RFC 9053 §7.3)");
        }
    }

    private static CliException Malformed(string path, string role, string problem) =>
        new($"{role} {path}: {problem}", ExitCodes.MalformedInput);
}
