using System.Formats.Cbor;

namespace DeviceTrust.Cose;

/// <summary>Header rules of RFC 9052 §3 and §3.1 that a well-formed map can still break.</summary>
public sealed partial class CoseSign1
{
    private void CheckHeaders(bool requireProtectedAlg)
    {
        if (requireProtectedAlg && !AlgorithmIsProtected)
            throw new CoseFormatException($"{Where}[1] unprotected header",
                "alg must be in the protected header (profile rule of EAT, SUIT and vouchers; RFC 9052 §3.1 'MUST be authenticated')");

        // RFC 9052 §3: the same label SHOULD NOT occur in both buckets; this library rejects it as malformed.
        foreach (var label in UnprotectedHeaders.Labels)
        {
            if (ProtectedHeaders.Contains(label))
                throw new CoseFormatException($"{Where} headers", $"label {label} is in both the protected and the unprotected header (RFC 9052 §3)");
        }

        CoseCbor.Decode(Where, () =>
        {
            ProtectedHeaders.GetByteString(CoseHeaderLabels.KeyId);     // kid: bstr (RFC 9052 §3.1)
            UnprotectedHeaders.GetByteString(CoseHeaderLabels.KeyId);
            CheckCritical();
            return true;
        });
    }

    // RFC 9052 §3.1: crit = [+ label], only in the protected bucket, and every label it lists must be present there
    // and understood by the processor.
    private void CheckCritical()
    {
        if (UnprotectedHeaders.Contains(CoseHeaderLabels.Critical))
            throw new CoseFormatException(UnprotectedHeaders.Location, "crit MUST be in the protected header (RFC 9052 §3.1)");
        if (!ProtectedHeaders.TryGetEncodedValue(CoseHeaderLabels.Critical, out var encoded))
            return;

        var where = $"{ProtectedHeaders.Location} label 2 (crit)";
        var reader = CoseCbor.Reader(encoded);
        CoseCbor.ExpectState(reader, CborReaderState.StartArray, where, "an array of labels");
        reader.ReadStartArray();
        var count = 0;
        while (reader.PeekState() != CborReaderState.EndArray)
        {
            var label = CoseCbor.ReadLabel(reader, where);
            count++;
            if (!ProtectedHeaders.Contains(label))
                throw new CoseFormatException(where, $"lists label {label}, which is not in the protected header (RFC 9052 §3.1)");
            if (label.Integer is not { } integer || integer is < int.MinValue or > int.MaxValue || !CoseHeaderLabels.IsUnderstood((int)integer))
                throw new NotSupportedException($"{where}: critical header parameter {label} is not understood by this library (RFC 9052 §3.1)");
        }
        reader.ReadEndArray();
        if (count == 0)
            throw new CoseFormatException(where, "crit must list at least one label (RFC 9052 §3.1: [+ label])");
    }
}
