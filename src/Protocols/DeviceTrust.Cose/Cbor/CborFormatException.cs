namespace DeviceTrust.Cose.Cbor;

/// <summary>
/// Malformed CBOR: what is wrong (<see cref="What"/>) and where (<see cref="Where"/>, a path such as "COSE_Key/-2" or
/// "manifest/3/2", and <see cref="Offset"/> when the byte position is known). The strict core throws it for every
/// defect it finds and wraps the System.Formats.Cbor exceptions as the inner exception. A protocol library either
/// derives its one format exception from it (<see cref="CoseFormatException"/>) or wraps it at its boundary
/// (Enrollment's VoucherFormatException), so each library still raises one type for bad input.
/// </summary>
public class CborFormatException : FormatException
{
    public CborFormatException(string where, string what, long? offset = null, Exception? innerException = null)
        : base(offset is { } at ? $"{where} (byte {at}): {what}" : $"{where}: {what}", innerException)
    {
        Where = where;
        What = what;
        Offset = offset;
    }

    /// <summary>The path of the defective item, e.g. "COSE_Sign1[0] protected header" or "manifest/3/2".</summary>
    public string Where { get; }

    /// <summary>The defect, without the location.</summary>
    public string What { get; }

    /// <summary>Byte offset of the defect in the input handed to <see cref="StrictCbor.Decode"/>, when known.</summary>
    public long? Offset { get; }
}
