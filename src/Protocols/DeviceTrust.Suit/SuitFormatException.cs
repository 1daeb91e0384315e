using DeviceTrust.Cose.Cbor;

namespace DeviceTrust.Suit;

/// <summary>
/// Malformed SUIT input: what is wrong and where, for example "SUIT_Envelope/3 (manifest)/3 (common)/2 (components)".
/// The one format exception of this library, a <see cref="CborFormatException"/> like the COSE and CBOR core's, so an
/// API maps every malformed envelope to one 400. A well-formed envelope that fails a check (a digest or signature
/// that does not match) is not a format error: <see cref="SuitEnvelope.Verify"/> reports it as a <see cref="SuitVerification"/>.
/// </summary>
public sealed class SuitFormatException : CborFormatException
{
    public SuitFormatException(string where, string what, Exception? innerException = null)
        : base(where, what, null, innerException)
    {
    }

    private SuitFormatException(CborFormatException core)
        : base(core.Where, core.What, core.Offset, core.InnerException)
    {
    }

    /// <summary>The core's (or COSE's) error as this library's type, keeping its path and offset.</summary>
    internal static SuitFormatException From(CborFormatException core) =>
        core as SuitFormatException ?? new SuitFormatException(core);

    /// <summary>Runs decoding at a public entry point and reports the core's (and COSE's) errors as this library's type.</summary>
    internal static T Guard<T>(string where, Func<T> decode)
    {
        try
        {
            return StrictCbor.Guard(where, decode);
        }
        catch (CborFormatException e) when (e is not SuitFormatException)
        {
            throw new SuitFormatException(e);
        }
    }
}
