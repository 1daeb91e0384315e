using DeviceTrust.Cose.Cbor;

namespace DeviceTrust.Attestation;

/// <summary>
/// Malformed attestation input (an EAT claims-set or token, an EAR in JSON or CBOR): what is wrong and where, for
/// example "EAT claims-set/submods/fw/271 (swversion)". The one format exception of this library, a
/// <see cref="CborFormatException"/> like the COSE and CBOR core's, so an API maps every malformed token to one 400.
/// Well-formed input that fails a check (a bad signature, a nonce that does not match) is not a format error: the
/// verifier reports it as an appraisal result.
/// </summary>
public sealed class AttestationFormatException : CborFormatException
{
    public AttestationFormatException(string where, string what, Exception? innerException = null)
        : base(where, what, null, innerException)
    {
    }

    private AttestationFormatException(CborFormatException core)
        : base(core.Where, core.What, core.Offset, core.InnerException)
    {
    }

    /// <summary>The core's (or COSE's) error as this library's type, keeping its path and offset.</summary>
    internal static AttestationFormatException From(CborFormatException core) =>
        core as AttestationFormatException ?? new AttestationFormatException(core);

    /// <summary>Runs decoding at a public entry point and reports the core's (and COSE's) errors as this library's type.</summary>
    internal static T Guard<T>(string where, Func<T> decode)
    {
        try
        {
            return StrictCbor.Guard(where, decode);
        }
        catch (CborFormatException e) when (e is not AttestationFormatException)
        {
            throw new AttestationFormatException(e);
        }
    }
}
