using DeviceTrust.Cose.Cbor;

namespace DeviceTrust.Cose;

/// <summary>
/// Malformed COSE input: what is wrong and where (for example "COSE_Sign1[0] protected header"). The one format
/// exception of this library: it is a <see cref="CborFormatException"/>, and the strict core's errors are turned
/// into it at the public boundary, keeping their path and offset. Lower-level CBOR and cryptography exceptions
/// are the inner exception. Well-formed input that uses an algorithm or critical parameter this library cannot
/// process raises <see cref="NotSupportedException"/> instead; API misuse raises <see cref="InvalidOperationException"/>.
/// </summary>
public sealed class CoseFormatException : CborFormatException
{
    public CoseFormatException(string location, string problem, Exception? innerException = null)
        : base(location, problem, null, innerException)
    {
    }

    private CoseFormatException(CborFormatException core)
        : base(core.Where, core.What, core.Offset, core.InnerException)
    {
    }

    /// <summary>Where in the structure the defect is, e.g. "COSE_Sign1[1] unprotected header".</summary>
    public string Location => Where;

    /// <summary>What is wrong, without the location.</summary>
    public string Problem => What;

    /// <summary>Runs core decoding at a public entry point and reports its errors as this library's type.</summary>
    internal static T Guard<T>(string where, Func<T> decode)
    {
        try
        {
            return StrictCbor.Guard(where, decode);
        }
        catch (CborFormatException e) when (e is not CoseFormatException)
        {
            throw new CoseFormatException(e);
        }
    }
}
