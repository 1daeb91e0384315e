namespace DeviceTrust.Attestation.Ear;

/// <summary>
/// The EAR claim names of one profile, in one table. <see cref="InUse"/> is the profile this library writes and reads
/// by default; moving from Veraison's names to draft-ietf-rats-ear-03's is the change of that one line.
/// <list type="bullet">
/// <item><see cref="Veraison"/>: "tag:github.com,2023:veraison/ear" (veraison/ear, draft-fv-rats-ear-05,
/// draft-ietf-rats-ear-00..02): dotted names, one <c>ear.appraisal-policy-id</c> string.</item>
/// <item><see cref="Draft03"/>: "tag:ietf.org,2026:rats/ear#03" (draft-ietf-rats-ear-03 §3, §3.1): underscored
/// names, <c>ear_appraisal_policy_ids</c> an array.</item>
/// </list>
/// The EAT and JWT names (eat_profile, iat, eat_nonce, submods) and the CBOR keys are the same in both.
/// </summary>
public sealed class EarClaimNames
{
    public const string EatProfile = "eat_profile";   // RFC 9711 §4.3.2
    public const string IssuedAt = "iat";             // RFC 7519 §4.1.6, RFC 9711 §4.3.1
    public const string Nonce = "eat_nonce";          // RFC 9711 §4.1
    public const string Submods = "submods";          // RFC 9711 §4.2.18
    public const string Developer = "developer";      // draft-ietf-rats-ar4si §3.3
    public const string Build = "build";              // draft-ietf-rats-ar4si §3.3

    public static EarClaimNames Veraison { get; } = new(
        profile: "tag:github.com,2023:veraison/ear",
        status: "ear.status",
        trustworthinessVector: "ear.trustworthiness-vector",
        rawEvidence: "ear.raw-evidence",
        verifierId: "ear.verifier-id",
        appraisalPolicyId: "ear.appraisal-policy-id",
        appraisalPolicyIdIsArray: false);

    public static EarClaimNames Draft03 { get; } = new(
        profile: "tag:ietf.org,2026:rats/ear#03",
        status: "ear_status",
        trustworthinessVector: "ear_trustworthiness_vector",
        rawEvidence: "ear_raw_evidence",
        verifierId: "ear_verifier_id",
        appraisalPolicyId: "ear_appraisal_policy_ids",
        appraisalPolicyIdIsArray: true);

    /// <summary>The profile in use: Veraison's, which Veraison services and its relying parties speak today.</summary>
    public static EarClaimNames InUse => Veraison;

    private EarClaimNames(string profile, string status, string trustworthinessVector, string rawEvidence,
        string verifierId, string appraisalPolicyId, bool appraisalPolicyIdIsArray)
    {
        Profile = profile;
        Status = status;
        TrustworthinessVector = trustworthinessVector;
        RawEvidence = rawEvidence;
        VerifierId = verifierId;
        AppraisalPolicyId = appraisalPolicyId;
        AppraisalPolicyIdIsArray = appraisalPolicyIdIsArray;
    }

    /// <summary>The <c>eat_profile</c> value, which an EAR of this profile must carry.</summary>
    public string Profile { get; }

    public string Status { get; }

    public string TrustworthinessVector { get; }

    public string RawEvidence { get; }

    public string VerifierId { get; }

    public string AppraisalPolicyId { get; }

    /// <summary>Whether the appraisal policy claim is an array of ids (draft-ietf-rats-ear-03) or one string.</summary>
    public bool AppraisalPolicyIdIsArray { get; }

    /// <summary>The JSON name of a vector claim (draft-ietf-rats-ar4si §3.1), e.g. "instance-identity".</summary>
    public static string VectorClaimName(TrustworthinessClaim claim) => claim switch
    {
        TrustworthinessClaim.InstanceIdentity => "instance-identity",
        TrustworthinessClaim.Configuration => "configuration",
        TrustworthinessClaim.Executables => "executables",
        TrustworthinessClaim.FileSystem => "file-system",
        TrustworthinessClaim.Hardware => "hardware",
        TrustworthinessClaim.RuntimeOpaque => "runtime-opaque",
        TrustworthinessClaim.StorageOpaque => "storage-opaque",
        TrustworthinessClaim.SourcedData => "sourced-data",
        _ => throw new ArgumentOutOfRangeException(nameof(claim), claim, "not an AR4SI trustworthiness claim"),
    };

    /// <summary>The vector claim a JSON name stands for; names are case-sensitive.</summary>
    public static bool TryParseVectorClaim(string name, out TrustworthinessClaim claim)
    {
        foreach (var candidate in Ear.TrustworthinessVector.AllClaims)
        {
            if (VectorClaimName(candidate) == name)
            {
                claim = candidate;
                return true;
            }
        }
        claim = default;
        return false;
    }

    public override string ToString() => Profile;
}

/// <summary>The CBOR keys of an EAR (draft-ietf-rats-ear-03 §3, §3.1, Figure 5; RFC 9711 §4; RFC 8392 §4).</summary>
public static class EarCborKeys
{
    public const int IssuedAt = 6;                  // RFC 8392 §3.1.6
    public const int Nonce = 10;                    // RFC 9711 §4.1
    public const int EatProfile = 265;              // RFC 9711 §4.3.2
    public const int Submods = 266;                 // RFC 9711 §4.2.18
    public const int Status = 1000;                 // draft-ietf-rats-ear-03 §3.1
    public const int TrustworthinessVector = 1001;  // draft-ietf-rats-ear-03 §3.1
    public const int RawEvidence = 1002;            // draft-ietf-rats-ear-03 §3
    public const int AppraisalPolicyId = 1003;      // draft-ietf-rats-ear-03 §3.1
    public const int VerifierId = 1004;             // draft-ietf-rats-ear-03 §3

    public const int Developer = 0;                 // draft-ietf-rats-ar4si §3.3
    public const int Build = 1;                     // draft-ietf-rats-ar4si §3.3
}
