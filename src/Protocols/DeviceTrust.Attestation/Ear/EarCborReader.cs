using System.Formats.Cbor;
using DeviceTrust.Cose;
using DeviceTrust.Cose.Cbor;

namespace DeviceTrust.Attestation.Ear;

/// <summary>
/// Strict reading of the CBOR claims-set on the CBOR core: one map, no trailing bytes, no duplicate labels, integers
/// and strings of the types the CDDL names. Unknown claims are ignored (draft-ietf-rats-ear-03 §4); the vector and
/// verifier-id maps are closed. Paths use the JSON names of the profile and the labels inside, e.g.
/// "EAR/submods/"device"/ear.trustworthiness-vector/2".
/// </summary>
internal static class EarCborReader
{
    public const string Root = "EAR";

    private static readonly CborMapOptions VectorLabels =
        CborMapOptions.Closed(TrustworthinessVector.AllClaims.Select(claim => (CoseLabel)(int)claim));

    private static readonly CborMapOptions VerifierIdLabels = CborMapOptions.Closed(EarCborKeys.Developer, EarCborKeys.Build);

    public static AttestationResult Read(byte[] encoded, EarClaimNames names)
    {
        var claims = CborLabelledMap.Decode(encoded, Root);
        var profile = claims.RequireText(EarCborKeys.EatProfile);
        if (profile != names.Profile)
            throw new AttestationFormatException(claims.PathOf(EarCborKeys.EatProfile),
                $"profile \"{profile}\" is not the one in use, \"{names.Profile}\"");

        var seconds = claims.RequireInt64(EarCborKeys.IssuedAt);
        if (seconds < DateTimeOffset.MinValue.ToUnixTimeSeconds() || seconds > DateTimeOffset.MaxValue.ToUnixTimeSeconds())
            throw new AttestationFormatException(claims.PathOf(EarCborKeys.IssuedAt), $"{seconds} is out of range");

        var verifier = Map(claims, EarCborKeys.VerifierId, names.VerifierId, VerifierIdLabels);
        var developer = verifier.RequireText(EarCborKeys.Developer);
        var build = verifier.RequireText(EarCborKeys.Build);
        if (developer.Length == 0 || build.Length == 0)
            throw new AttestationFormatException(verifier.Where, "developer and build must not be empty");

        var rawEvidence = claims.GetBytes(EarCborKeys.RawEvidence);
        var nonce = claims.GetBytes(EarCborKeys.Nonce);
        if (nonce is { Length: < AttestationResult.MinNonceLength or > AttestationResult.MaxNonceLength })
            throw new AttestationFormatException(claims.PathOf(EarCborKeys.Nonce),
                $"a nonce is {AttestationResult.MinNonceLength}..{AttestationResult.MaxNonceLength} bytes (RFC 9711 §4.1), this one {nonce.Length}");

        var submods = Map(claims, EarCborKeys.Submods, EarClaimNames.Submods);
        if (submods.Count == 0)
            throw new AttestationFormatException(submods.Where, "must hold at least one appraisal (draft-ietf-rats-ear-03 §3)");
        var appraisals = new Dictionary<string, EarAppraisal>(StringComparer.Ordinal);
        foreach (var label in submods.Labels)
        {
            if (label.Text is not { Length: > 0 } name)
                throw new AttestationFormatException(submods.PathOf(label), "a submod name is a non-empty text string (draft-ietf-rats-ear-03 §3)");
            appraisals.Add(name, ReadAppraisal(Map(submods, label, label.ToString()), names));
        }
        return new AttestationResult(DateTimeOffset.FromUnixTimeSeconds(seconds), new VerifierId(developer, build), appraisals,
            rawEvidence, nonce);
    }

    private static EarAppraisal ReadAppraisal(CborLabelledMap appraisal, EarClaimNames names)
    {
        var statusPath = $"{appraisal.Where}/{names.Status}";
        var number = appraisal.RequireInt64(EarCborKeys.Status);
        if (!TrustTiers.TryFromNumber(number, out var status))
            throw new AttestationFormatException(statusPath, $"{number} is not a tier (0 none, 2 affirming, 32 warning, 96 contraindicated)");

        TrustworthinessVector? vector = null;
        if (appraisal.Contains(EarCborKeys.TrustworthinessVector))
            vector = ReadVector(Map(appraisal, EarCborKeys.TrustworthinessVector, names.TrustworthinessVector, VectorLabels));
        if (EarAppraisal.StatusProblem(status, vector) is { } problem)
            throw new AttestationFormatException(statusPath, problem);

        var ids = appraisal.Contains(EarCborKeys.AppraisalPolicyId)
            ? appraisal.Read(EarCborKeys.AppraisalPolicyId, (reader, where) => ReadPolicyIds(reader, where, names),
                $"{appraisal.Where}/{names.AppraisalPolicyId}")
            : [];
        return new EarAppraisal(status, vector, ids);
    }

    private static TrustworthinessVector ReadVector(CborLabelledMap claims)
    {
        if (claims.Count == 0)
            throw new AttestationFormatException(claims.Where, "must not be empty (draft-ietf-rats-ar4si §3.1: non-empty)");
        var vector = TrustworthinessVector.Empty;
        foreach (var label in claims.Labels)
        {
            var value = claims.RequireInt64(label);
            if (value is < sbyte.MinValue or > sbyte.MaxValue)
                throw new AttestationFormatException(claims.PathOf(label), $"{value} is not a claim value -128..127 (draft-ietf-rats-ar4si §3.1)");
            vector = vector.With((TrustworthinessClaim)label.Integer!.Value, (sbyte)value);
        }
        return vector;
    }

    private static string[] ReadPolicyIds(CborReader reader, string where, EarClaimNames names)
    {
        if (!names.AppraisalPolicyIdIsArray)
            return [NonEmptyText(reader, where)];
        StrictCbor.ExpectState(reader, CborReaderState.StartArray, where, "an array of policy ids (draft-ietf-rats-ear-03 §3.1)");
        var count = reader.ReadStartArray()
            ?? throw new AttestationFormatException(where, "must be a definite-length array");
        if (count == 0)
            throw new AttestationFormatException(where, "the list MUST NOT be empty (draft-ietf-rats-ear-03 §3.1)");
        var ids = new string[count];
        for (var i = 0; i < count; i++)
            ids[i] = NonEmptyText(reader, $"{where}[{i}]");
        reader.ReadEndArray();
        return ids;
    }

    private static string NonEmptyText(CborReader reader, string where)
    {
        StrictCbor.ExpectState(reader, CborReaderState.TextString, where, "a text string");
        var text = reader.ReadTextString();
        return text.Length > 0 ? text : throw new AttestationFormatException(where, "must not be empty");
    }

    /// <summary>A nested map whose path carries <paramref name="name"/> rather than the bare label.</summary>
    private static CborLabelledMap Map(CborLabelledMap parent, CoseLabel label, string name, CborMapOptions? options = null)
    {
        var path = $"{parent.Where}/{name}";
        return parent.Read(label, reader => CborLabelledMap.Read(reader, path, options), path);
    }
}
