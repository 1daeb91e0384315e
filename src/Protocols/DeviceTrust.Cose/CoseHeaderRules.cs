using System.Formats.Cbor;
using DeviceTrust.Cose.Cbor;

namespace DeviceTrust.Cose;

/// <summary>Header rules of RFC 9052 §3 and §3.1 that a well-formed map can still break; COSE_Sign1 and COSE_Mac0 share them.</summary>
internal static class CoseHeaderRules
{
    public static void Check(CoseMessageBody body, string where, bool requireProtectedAlg, CritLabels understoodCritical)
    {
        if (requireProtectedAlg && !body.AlgorithmIsProtected)
            throw new CoseFormatException($"{where}[1] unprotected header",
                "alg must be in the protected header (profile rule of EAT, SUIT and vouchers; RFC 9052 §3.1 'MUST be authenticated')");

        // RFC 9052 §3: the same label SHOULD NOT occur in both buckets; this library rejects it as malformed.
        foreach (var label in body.UnprotectedHeaders.Labels)
        {
            if (body.ProtectedHeaders.Contains(label))
                throw new CoseFormatException($"{where} headers", $"label {label} is in both the protected and the unprotected header (RFC 9052 §3)");
        }

        body.ProtectedHeaders.GetByteString(CoseHeaderLabels.KeyId);     // kid: bstr (RFC 9052 §3.1)
        body.UnprotectedHeaders.GetByteString(CoseHeaderLabels.KeyId);
        CheckCritical(body.ProtectedHeaders, body.UnprotectedHeaders, understoodCritical);
    }

    // RFC 9052 §3.1: crit = [+ label], only in the protected bucket, and every label it lists must be present there
    // and understood by the processor: the caller's profile says which labels that is.
    private static void CheckCritical(CoseHeaders protectedHeaders, CoseHeaders unprotectedHeaders, CritLabels understood)
    {
        if (unprotectedHeaders.Contains(CoseHeaderLabels.Critical))
            throw new CoseFormatException(unprotectedHeaders.Location, "crit MUST be in the protected header (RFC 9052 §3.1)");
        if (!protectedHeaders.TryGetEncodedValue(CoseHeaderLabels.Critical, out var encoded))
            return;

        var where = $"{protectedHeaders.Location} label 2 (crit)";
        var labels = CoseFormatException.Guard(where, () => StrictCbor.Decode(encoded, where, reader =>
        {
            StrictCbor.ExpectState(reader, CborReaderState.StartArray, where, "an array of labels");
            var listed = new List<CoseLabel>();
            reader.ReadStartArray();
            while (reader.PeekState() != CborReaderState.EndArray)
                listed.Add(StrictCbor.ReadLabel(reader, where));
            reader.ReadEndArray();
            return listed;
        }));
        if (labels.Count == 0)
            throw new CoseFormatException(where, "crit must list at least one label (RFC 9052 §3.1: [+ label])");
        foreach (var label in labels)
        {
            if (!protectedHeaders.Contains(label))
                throw new CoseFormatException(where, $"lists label {label}, which is not in the protected header (RFC 9052 §3.1)");
            if (!understood.Understands(label))
                throw new NotSupportedException($"{where}: critical header parameter {label} is not understood by this profile (RFC 9052 §3.1)");
        }
    }
}
