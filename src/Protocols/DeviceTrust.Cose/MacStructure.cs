namespace DeviceTrust.Cose;

/// <summary>
/// The ToBeMaced bytes of a COSE_Mac0 (RFC 9052 §6.3), the input of the HMAC.
/// <code>
/// MAC_structure = [ context : "MAC" / "MAC0", protected : empty_or_serialized_map,
///                   external_aad : bstr, payload : bstr ]
/// </code>
/// </summary>
internal static class MacStructure
{
    private const string Mac0Context = "MAC0";

    /// <summary>For a decoded message: an empty protected bucket is h'', as in the Sig_structure (<see cref="SigStructure.Sign1"/>).</summary>
    public static byte[] Mac0(CoseHeaders protectedHeaders, ReadOnlySpan<byte> encodedProtected,
        ReadOnlySpan<byte> externalAad, ReadOnlySpan<byte> payload) =>
        SigStructure.Encode(Mac0Context, SigStructure.BodyProtected(protectedHeaders, encodedProtected), externalAad, payload);

    /// <summary>For a message being created, whose protected bucket is never empty (it holds alg).</summary>
    public static byte[] Mac0(ReadOnlySpan<byte> encodedProtected, ReadOnlySpan<byte> externalAad, ReadOnlySpan<byte> payload) =>
        SigStructure.Encode(Mac0Context, encodedProtected, externalAad, payload);
}
