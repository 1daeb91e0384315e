using System.Text.Encodings.Web;
using System.Text.Json;

namespace DeviceTrust.Cli.Attestation;

/// <summary>
/// The <c>--json</c> report of <c>eat decode</c> and <c>eat verify</c>: envelope (structure COSE_Sign1 or COSE_Mac0),
/// claims (an object by claim name; submods and submodules nested objects; values the strings of the text report),
/// profile problems, verification ("signature" for signed evidence, "tag" for MACed; "kid" null when not checked).
/// </summary>
public static class EatJsonReport
{
    internal static readonly JsonWriterOptions Options = new()
    {
        Indented = true,
        // Terminal or file output, never HTML.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static void Write(TextWriter output, EatInspection inspection)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(inspection);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, Options))
        {
            writer.WriteStartObject();
            writer.WriteString("encoding", inspection.Wrapping);
            writer.WriteNumber("length", inspection.Length);
            writer.WriteStartObject("envelope");
            writer.WriteString("structure", inspection.Envelope.Structure);
            writer.WriteBoolean("cwtTag", inspection.Envelope.CwtTagged);
            writer.WriteBoolean(inspection.Envelope.IsMac ? "coseMac0Tag" : "coseSign1Tag", inspection.Envelope.CoseTagged);
            writer.WriteString("alg", inspection.Envelope.Algorithm);
            WriteStringOrNull(writer, "kid", inspection.Envelope.KeyIdHex);
            WriteStringOrNull(writer, "typ", inspection.Envelope.Type);
            writer.WriteEndObject();
            writer.WritePropertyName("claims");
            WriteEntries(writer, inspection.Claims);
            writer.WriteStartObject("profile");
            writer.WriteBoolean("conforms", inspection.ProfileProblems.Count == 0);
            writer.WriteStartArray("problems");
            foreach (var problem in inspection.ProfileProblems)
                writer.WriteStringValue(problem);
            writer.WriteEndArray();
            writer.WriteEndObject();
            if (inspection.Verification is { } verification)
                WriteVerification(writer, verification);
            writer.WriteEndObject();
        }
        output.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
    }

    internal static void WriteEntries(Utf8JsonWriter writer, IReadOnlyList<ClaimEntry> entries)
    {
        writer.WriteStartObject();
        foreach (var entry in entries)
        {
            writer.WritePropertyName(entry.Name);
            if (entry.Children.Count > 0 || entry.Value is null)
                WriteEntries(writer, entry.Children);
            else
                writer.WriteStringValue(entry.Value);
        }
        writer.WriteEndObject();
    }

    private static void WriteVerification(Utf8JsonWriter writer, EatVerification verification)
    {
        writer.WriteStartObject("verification");
        writer.WriteBoolean("verified", verification.IsVerified);
        writer.WriteString("key", verification.KeySource);
        writer.WriteBoolean(verification.Proof, verification.ProofValid);
        writer.WriteString($"{verification.Proof}Detail", verification.ProofDetail);
        if (verification.KeyIdMatches is { } kid)
            writer.WriteBoolean("kid", kid);
        else
            writer.WriteNull("kid");
        writer.WriteString("kidDetail", verification.KeyIdDetail);
        if (verification.NonceMatches is { } nonce)
        {
            writer.WriteBoolean("nonce", nonce);
            writer.WriteString("nonceDetail", verification.NonceDetail);
        }
        else
        {
            writer.WriteNull("nonce");
        }
        writer.WriteStartArray("failures");
        foreach (var failure in verification.Failures())
            writer.WriteStringValue(failure);
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteStringOrNull(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is null)
            writer.WriteNull(name);
        else
            writer.WriteString(name, value);
    }
}
