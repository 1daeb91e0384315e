using System.Text.Json;
using DeviceTrust.Attestation.Ear;

namespace DeviceTrust.Cli.Attestation;

/// <summary>The <c>--json</c> report of <c>ear verify</c>: verified, kid, and when verified iat, verifier-id, nonce
/// (hex) and per submod its status, policy ids and vector rows.</summary>
public static class EarJsonReport
{
    public static void Write(TextWriter output, string keySource, EarVerification verification)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(verification);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, EatJsonReport.Options))
        {
            writer.WriteStartObject();
            writer.WriteBoolean("verified", verification.IsVerified);
            writer.WriteString("key", keySource);
            if (verification.KeyId is null)
                writer.WriteNull("kid");
            else
                writer.WriteString("kid", verification.KeyId);
            if (verification.IsVerified)
                WriteResult(writer, verification.Result);
            else
            {
                writer.WriteString("failure", verification.Failure == EarVerificationFailure.AlgorithmNotAllowed ? "alg" : "signature");
                writer.WriteString("reason", verification.Reason);
            }
            writer.WriteEndObject();
        }
        output.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
    }

    private static void WriteResult(Utf8JsonWriter writer, AttestationResult result)
    {
        writer.WriteString("iat", EarView.Time(result.IssuedAt));
        writer.WriteStartObject("verifierId");
        writer.WriteString("developer", result.VerifierId.Developer);
        writer.WriteString("build", result.VerifierId.Build);
        writer.WriteEndObject();
        if (EarView.Nonce(result) is { } nonce)
            writer.WriteString("nonce", nonce);
        else
            writer.WriteNull("nonce");
        writer.WriteStartObject("submods");
        foreach (var (name, appraisal) in result.Submods)
        {
            writer.WriteStartObject(name);
            writer.WriteString("status", appraisal.Status.Name());
            writer.WriteStartArray("policies");
            foreach (var policy in appraisal.AppraisalPolicyIds)
                writer.WriteStringValue(policy);
            writer.WriteEndArray();
            writer.WriteStartArray("vector");
            foreach (var row in VectorRow.Of(appraisal.Vector))
            {
                writer.WriteStartObject();
                writer.WriteString("claim", row.Claim);
                writer.WriteNumber("value", row.Value);
                writer.WriteString("tier", row.Tier);
                writer.WriteString("meaning", row.Meaning);
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        writer.WriteEndObject();
    }
}
