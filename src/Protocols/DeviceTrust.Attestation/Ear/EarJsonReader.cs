using System.Text.Json;

namespace DeviceTrust.Attestation.Ear;

/// <summary>
/// Strict reading of the JSON claims-set: duplicate names refused at every level (RFC 8259 §4 leaves them undefined,
/// RFC 7519 §4 says a JWT parser MUST reject them or take the last, and this one rejects), integers only where the
/// CDDL says int, unknown claims ignored (draft-ietf-rats-ear-03 §4) except inside the closed vector and verifier-id
/// maps.
/// </summary>
internal static class EarJsonReader
{
    public const string Root = "EAR";

    private static readonly JsonDocumentOptions Options = new() { AllowTrailingCommas = false, CommentHandling = JsonCommentHandling.Disallow };

    public static AttestationResult Read(byte[] utf8Json, EarClaimNames names)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8Json, Options);
        }
        catch (JsonException e)
        {
            throw new AttestationFormatException(Root, $"not JSON ({e.Message})", e);
        }
        using (document)
            return ReadResult(document.RootElement, names);
    }

    private static AttestationResult ReadResult(JsonElement root, EarClaimNames names)
    {
        var claims = Object(root, Root);
        var profile = Text(Require(claims, EarClaimNames.EatProfile, Root), $"{Root}/{EarClaimNames.EatProfile}");
        if (profile != names.Profile)
            throw new AttestationFormatException($"{Root}/{EarClaimNames.EatProfile}",
                $"profile \"{profile}\" is not the one in use, \"{names.Profile}\"");

        var issuedAt = IssuedAt(Require(claims, EarClaimNames.IssuedAt, Root), $"{Root}/{EarClaimNames.IssuedAt}");
        var verifierId = ReadVerifierId(Require(claims, names.VerifierId, Root), $"{Root}/{names.VerifierId}");
        byte[]? rawEvidence = claims.TryGetValue(names.RawEvidence, out var evidence)
            ? EarBase64.DecodeUnpadded(Text(evidence, $"{Root}/{names.RawEvidence}"), $"{Root}/{names.RawEvidence}")
            : null;
        byte[]? nonce = claims.TryGetValue(EarClaimNames.Nonce, out var nonceElement) ? ReadNonce(nonceElement) : null;

        var submodsWhere = $"{Root}/{EarClaimNames.Submods}";
        var submods = Object(Require(claims, EarClaimNames.Submods, Root), submodsWhere);
        if (submods.Count == 0)
            throw new AttestationFormatException(submodsWhere, "must hold at least one appraisal (draft-ietf-rats-ear-03 §3)");
        var appraisals = new Dictionary<string, EarAppraisal>(StringComparer.Ordinal);
        foreach (var (name, value) in submods)
        {
            if (name.Length == 0)
                throw new AttestationFormatException(submodsWhere, "a submod name is empty");
            appraisals.Add(name, ReadAppraisal(value, $"{submodsWhere}/{name}", names));
        }
        return new AttestationResult(issuedAt, verifierId, appraisals, rawEvidence, nonce);
    }

    private static byte[] ReadNonce(JsonElement element)
    {
        var where = $"{Root}/{EarClaimNames.Nonce}";
        var nonce = EarBase64.DecodeNonce(Text(element, where), where);
        if (nonce.Length is < AttestationResult.MinNonceLength or > AttestationResult.MaxNonceLength)
            throw new AttestationFormatException(where, $"a nonce is {AttestationResult.MinNonceLength}..{AttestationResult.MaxNonceLength} bytes (RFC 9711 §4.1), this one {nonce.Length}");
        return nonce;
    }

    private static DateTimeOffset IssuedAt(JsonElement element, string where)
    {
        if (element.ValueKind != JsonValueKind.Number || !element.TryGetInt64(out var seconds))
            throw new AttestationFormatException(where, $"must be an integer NumericDate (RFC 9711 §4.3.1 allows no floating point), found {Describe(element)}");
        if (seconds < DateTimeOffset.MinValue.ToUnixTimeSeconds() || seconds > DateTimeOffset.MaxValue.ToUnixTimeSeconds())
            throw new AttestationFormatException(where, $"{seconds} is out of range");
        return DateTimeOffset.FromUnixTimeSeconds(seconds);
    }

    private static VerifierId ReadVerifierId(JsonElement element, string where)
    {
        var fields = Object(element, where);
        foreach (var name in fields.Keys.Where(name => name is not (EarClaimNames.Developer or EarClaimNames.Build)))
            throw new AttestationFormatException($"{where}/{name}", "is not a verifier-id field (draft-ietf-rats-ar4si §3.3: developer, build)");
        var developer = Text(Require(fields, EarClaimNames.Developer, where), $"{where}/{EarClaimNames.Developer}");
        var build = Text(Require(fields, EarClaimNames.Build, where), $"{where}/{EarClaimNames.Build}");
        if (developer.Length == 0 || build.Length == 0)
            throw new AttestationFormatException(where, "developer and build must not be empty");
        return new VerifierId(developer, build);
    }

    private static EarAppraisal ReadAppraisal(JsonElement element, string where, EarClaimNames names)
    {
        var claims = Object(element, where);
        var statusWhere = $"{where}/{names.Status}";
        var statusName = Text(Require(claims, names.Status, where), statusWhere);
        if (!TrustTiers.TryParse(statusName, out var status))
            throw new AttestationFormatException(statusWhere, $"\"{statusName}\" is not a tier (none, affirming, warning, contraindicated)");

        var vector = claims.TryGetValue(names.TrustworthinessVector, out var vectorElement)
            ? ReadVector(vectorElement, $"{where}/{names.TrustworthinessVector}")
            : null;
        if (EarAppraisal.StatusProblem(status, vector) is { } problem)
            throw new AttestationFormatException(statusWhere, problem);

        var ids = claims.TryGetValue(names.AppraisalPolicyId, out var idsElement)
            ? ReadPolicyIds(idsElement, $"{where}/{names.AppraisalPolicyId}", names)
            : [];
        return new EarAppraisal(status, vector, ids);
    }

    private static TrustworthinessVector ReadVector(JsonElement element, string where)
    {
        var claims = Object(element, where);
        if (claims.Count == 0)
            throw new AttestationFormatException(where, "must not be empty (draft-ietf-rats-ar4si §3.1: non-empty)");
        var vector = TrustworthinessVector.Empty;
        foreach (var (name, value) in claims)
        {
            if (!EarClaimNames.TryParseVectorClaim(name, out var claim))
                throw new AttestationFormatException($"{where}/{name}", "is not an AR4SI trustworthiness claim (draft-ietf-rats-ar4si §3.1)");
            if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out var number) || number is < sbyte.MinValue or > sbyte.MaxValue)
                throw new AttestationFormatException($"{where}/{name}", $"must be an integer -128..127 (draft-ietf-rats-ar4si §3.1), found {Describe(value)}");
            vector = vector.With(claim, (sbyte)number);
        }
        return vector;
    }

    private static string[] ReadPolicyIds(JsonElement element, string where, EarClaimNames names)
    {
        if (!names.AppraisalPolicyIdIsArray)
            return [NonEmptyText(element, where)];
        if (element.ValueKind != JsonValueKind.Array)
            throw new AttestationFormatException(where, $"an array of policy ids expected (draft-ietf-rats-ear-03 §3.1), found {Describe(element)}");
        var ids = element.EnumerateArray().Select((id, i) => NonEmptyText(id, $"{where}[{i}]")).ToArray();
        if (ids.Length == 0)
            throw new AttestationFormatException(where, "the list MUST NOT be empty (draft-ietf-rats-ear-03 §3.1)");
        return ids;
    }

    private static string NonEmptyText(JsonElement element, string where)
    {
        var text = Text(element, where);
        return text.Length > 0 ? text : throw new AttestationFormatException(where, "must not be empty");
    }

    /// <summary>The members of an object by name; a repeated name is refused.</summary>
    private static Dictionary<string, JsonElement> Object(JsonElement element, string where)
    {
        if (element.ValueKind != JsonValueKind.Object)
            throw new AttestationFormatException(where, $"an object expected, found {Describe(element)}");
        var members = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var member in element.EnumerateObject())
        {
            if (!members.TryAdd(member.Name, member.Value))
                throw new AttestationFormatException($"{where}/{member.Name}", "appears twice (RFC 7519 §4: duplicate claim names are rejected)");
        }
        return members;
    }

    private static JsonElement Require(Dictionary<string, JsonElement> members, string name, string where) =>
        members.TryGetValue(name, out var value) ? value
            : throw new AttestationFormatException(where, $"\"{name}\" is missing");

    private static string Text(JsonElement element, string where) =>
        element.ValueKind == JsonValueKind.String ? element.GetString()!
            : throw new AttestationFormatException(where, $"a string expected, found {Describe(element)}");

    private static string Describe(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => $"the number {element.GetRawText()}",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => element.ValueKind.ToString(),
    };
}
