using DeviceTrust.Attestation.Ear;
using DeviceTrust.Testing;

namespace DeviceTrust.Attestation.Tests.Ear;

/// <summary>The examples of draft-ietf-rats-ear-03 §3.2.1 and §3.3.1 (source in PROVENANCE.md), read with its names.</summary>
public class Draft03ExampleTests
{
    // Figure 3: JSON claims-set, contraindicated appraisal (verbatim but for the line break of the policy id).
    private const string Figure3 = """
        {
          "eat_profile": "tag:ietf.org,2026:rats/ear#03",
          "iat": 1666529184,
          "ear_verifier_id": {
            "developer": "https://veraison-project.org",
            "build": "vts 0.0.1"
          },
          "ear_raw_evidence": "NzQ3MjY5NzM2NTYzNzQK",
          "submods": {
            "PSA": {
              "ear_status": "contraindicated",
              "ear_trustworthiness_vector": {
                "instance-identity": 2,
                "executables": 96,
                "hardware": 2
              },
              "ear_appraisal_policy_ids": [ "https://veraison.example/policy/1/60a0068d" ]
            }
          }
        }
        """;

    // Figure 4: JSON claims-set, two attesters of a composite device.
    private const string Figure4 = """
        {
          "eat_profile": "tag:ietf.org,2026:rats/ear#03",
          "iat": 1666529300,
          "ear_verifier_id": {
            "developer": "https://veraison-project.org",
            "build": "vts 0.0.1"
          },
          "ear_raw_evidence": "NzQ3MjY5NzM2NTYzNzQKNzQ3MjY5NzM2NTYzNzQK",
          "submods": {
            "CCA Platform": {
              "ear_status": "affirming",
              "ear_trustworthiness_vector": {
                "instance-identity": 2,
                "executables": 2,
                "hardware": 2
              },
              "ear_appraisal_policy_ids": [ "https://veraison.example/policy/1/60a0068d" ]
            },
            "CCA Realm": {
              "ear_status": "affirming",
              "ear_trustworthiness_vector": {
                "instance-identity": 2
              },
              "ear_appraisal_policy_ids": [ "https://veraison.example/policy/1/60a0068d" ]
            }
          }
        }
        """;

    [Fact]
    public void Figure3_Json_DecodesWithDraft03Names()
    {
        var ear = EarJson.Decode(Figure3, EarClaimNames.Draft03);

        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1666529184), ear.IssuedAt);
        Assert.Equal(new VerifierId("https://veraison-project.org", "vts 0.0.1"), ear.VerifierId);
        Assert.Equal("74726973656374\n"u8.ToArray(), ear.RawEvidence!.Value.ToArray());
        var psa = ear.Submods["PSA"];
        Assert.Equal(TrustTier.Contraindicated, psa.Status);
        Assert.Equal(TrustTier.Contraindicated, psa.Vector!.Tier);
        Assert.Equal("contraindicated run-time",
            TrustworthinessValues.Describe(TrustworthinessClaim.Executables, psa.Vector[TrustworthinessClaim.Executables]!.Value));
        Assert.Equal(["https://veraison.example/policy/1/60a0068d"], psa.AppraisalPolicyIds);
    }

    [Fact]
    public void Figure3_Json_IsNotAVeraisonEar() =>
        Assert.Equal("EAR/eat_profile", Assert.Throws<AttestationFormatException>(() => EarJson.Decode(Figure3)).Where);

    [Fact]
    public void Figure4_Json_TwoAttesters()
    {
        var ear = EarJson.Decode(Figure4, EarClaimNames.Draft03);

        Assert.Equal(["CCA Platform", "CCA Realm"], ear.Submods.Keys);
        Assert.All(ear.Submods.Values, appraisal => Assert.Equal(TrustTier.Affirming, appraisal.Status));
        Assert.Equal(1, ear.Submods["CCA Realm"].Vector!.Count);
    }

    [Fact]
    public void Figure5_Cbor_DecodesAndMeansWhatFigure3Means()
    {
        // Figure 5 in CBOR diagnostic notation, written out by cbor2 (h'..' becomes bytes.fromhex).
        var hex = DebianPython.Run("""
            import cbor2
            print(cbor2.dumps({
              265: "tag:ietf.org,2026:rats/ear#03",
              6: 1666529184,
              1004: {0: "https://veraison-project.org", 1: "vts 0.0.1"},
              1002: bytes.fromhex("6C696665626F61746D616E"),
              266: {"PSA": {1000: 96, 1001: {0: 2, 2: 96, 4: 2},
                            1003: ["https://veraison.example/policy/1/60a0068d"]}}}).hex())
            """).Trim();

        var fromCbor = EarCbor.Decode(Convert.FromHexString(hex), EarClaimNames.Draft03);
        var fromJson = EarJson.Decode(Figure3, EarClaimNames.Draft03);

        Assert.Equal(fromJson.Submods["PSA"].Vector, fromCbor.Submods["PSA"].Vector);
        Assert.Equal(fromJson.Submods["PSA"].Status, fromCbor.Submods["PSA"].Status);
        Assert.Equal(fromJson.Submods["PSA"].AppraisalPolicyIds, fromCbor.Submods["PSA"].AppraisalPolicyIds);
        Assert.Equal("lifeboatman"u8.ToArray(), fromCbor.RawEvidence!.Value.ToArray());
    }
}
