using DeviceTrust.Attestation.Ear;

namespace DeviceTrust.Cli.Attestation;

/// <summary>The readable report of <c>ear verify</c>: the verdict, the EAR's claims, and per submod its status and
/// trustworthiness vector as a table.</summary>
public static class EarTextReport
{
    public static void Write(TextWriter output, string keySource, EarVerification verification)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(verification);
        var kid = verification.KeyId is null ? "" : $" (kid {verification.KeyId})";
        if (!verification.IsVerified)
        {
            output.WriteLine($"EAR NOT VERIFIED with {keySource}{kid}: {verification.Reason}");
            return;
        }
        var result = verification.Result;
        output.WriteLine($"EAR verified with {keySource}{kid}");
        output.WriteLine($"  iat:         {EarView.Time(result.IssuedAt)} ({result.IssuedAt.ToUnixTimeSeconds()})");
        output.WriteLine($"  verifier-id: {result.VerifierId.Developer} build {result.VerifierId.Build}");
        output.WriteLine($"  nonce:       {EarView.Nonce(result) ?? "(none)"}");
        if (result.RawEvidence is { } evidence)
            output.WriteLine($"  raw-evidence: {evidence.Length} bytes");
        foreach (var (name, appraisal) in result.Submods)
        {
            output.WriteLine($"Submod {name}: {appraisal.Status.Name()}");
            if (appraisal.AppraisalPolicyIds.Count > 0)
                output.WriteLine($"  policy: {string.Join(", ", appraisal.AppraisalPolicyIds)}");
            var rows = VectorRow.Of(appraisal.Vector);
            if (rows.Count == 0)
            {
                output.WriteLine("  (no trustworthiness vector)");
                continue;
            }
            var width = Math.Max("claim".Length, rows.Max(r => r.Claim.Length));
            output.WriteLine($"  {"claim".PadRight(width)}  value  {"tier",-15}  meaning");
            foreach (var row in rows)
                output.WriteLine($"  {row.Claim.PadRight(width)}  {row.Value,5}  {row.Tier,-15}  {row.Meaning}");
        }
    }
}
