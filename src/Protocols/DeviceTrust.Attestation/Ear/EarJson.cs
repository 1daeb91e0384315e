using System.Text;
using System.Text.Json;

namespace DeviceTrust.Attestation.Ear;

/// <summary>
/// The JSON form of an EAR claims-set (draft-ietf-rats-ear-03 §3.2), the payload of its JWT. Writing emits only the
/// claims the result holds, byte strings as base64url without padding; reading is strict and all-or-nothing
/// (<see cref="EarJsonReader"/>).
/// </summary>
public static class EarJson
{
    /// <summary>The claims-set as UTF-8 JSON with the names of <paramref name="names"/> (<see cref="EarClaimNames.InUse"/> when null).</summary>
    /// <exception cref="InvalidOperationException">An appraisal names several policies and the profile holds one.</exception>
    public static byte[] Encode(AttestationResult result, EarClaimNames? names = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        names ??= EarClaimNames.InUse;
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString(EarClaimNames.EatProfile, names.Profile);
            writer.WriteNumber(EarClaimNames.IssuedAt, result.IssuedAt.ToUnixTimeSeconds());
            writer.WriteStartObject(names.VerifierId);
            writer.WriteString(EarClaimNames.Developer, result.VerifierId.Developer);
            writer.WriteString(EarClaimNames.Build, result.VerifierId.Build);
            writer.WriteEndObject();
            if (result.RawEvidence is { } evidence)
                writer.WriteString(names.RawEvidence, EarBase64.Encode(evidence.Span));
            if (result.Nonce is { } nonce)
                writer.WriteString(EarClaimNames.Nonce, EarBase64.Encode(nonce.Span));
            writer.WriteStartObject(EarClaimNames.Submods);
            foreach (var (name, appraisal) in result.Submods)
            {
                writer.WritePropertyName(name);
                WriteAppraisal(writer, appraisal, names, name);
            }
            writer.WriteEndObject();
            writer.WriteEndObject();
        }
        return buffer.ToArray();
    }

    /// <summary>The claims-set as a JSON string.</summary>
    public static string EncodeToString(AttestationResult result, EarClaimNames? names = null) =>
        Encoding.UTF8.GetString(Encode(result, names));

    /// <summary>Reads a JSON claims-set of the <paramref name="names"/> profile.</summary>
    /// <exception cref="AttestationFormatException">Not JSON, not an EAR of this profile, or an appraisal whose
    /// status is better than its vector allows; the message names the path, e.g.
    /// "EAR/submods/device/ear.trustworthiness-vector/executables".</exception>
    public static AttestationResult Decode(ReadOnlySpan<byte> utf8Json, EarClaimNames? names = null)
    {
        var copy = utf8Json.ToArray();
        return AttestationFormatException.Guard(EarJsonReader.Root, () => EarJsonReader.Read(copy, names ?? EarClaimNames.InUse));
    }

    /// <inheritdoc cref="Decode(ReadOnlySpan{byte}, EarClaimNames?)"/>
    public static AttestationResult Decode(string json, EarClaimNames? names = null)
    {
        ArgumentNullException.ThrowIfNull(json);
        return Decode(Encoding.UTF8.GetBytes(json), names);
    }

    private static void WriteAppraisal(Utf8JsonWriter writer, EarAppraisal appraisal, EarClaimNames names, string submod)
    {
        writer.WriteStartObject();
        writer.WriteString(names.Status, appraisal.Status.Name());
        if (appraisal.Vector is { } vector)
        {
            writer.WriteStartObject(names.TrustworthinessVector);
            foreach (var (claim, value) in vector.Claims)
                writer.WriteNumber(EarClaimNames.VectorClaimName(claim), value);
            writer.WriteEndObject();
        }
        WritePolicyIds(writer, appraisal.AppraisalPolicyIds, names, submod);
        writer.WriteEndObject();
    }

    private static void WritePolicyIds(Utf8JsonWriter writer, IReadOnlyList<string> ids, EarClaimNames names, string submod)
    {
        if (ids.Count == 0)
            return;
        if (names.AppraisalPolicyIdIsArray)
        {
            writer.WriteStartArray(names.AppraisalPolicyId);
            foreach (var id in ids)
                writer.WriteStringValue(id);
            writer.WriteEndArray();
            return;
        }
        if (ids.Count > 1)
            throw new InvalidOperationException(
                $"Submod \"{submod}\" names {ids.Count} appraisal policies; profile {names.Profile} holds one {names.AppraisalPolicyId}.");
        writer.WriteString(names.AppraisalPolicyId, ids[0]);
    }
}
