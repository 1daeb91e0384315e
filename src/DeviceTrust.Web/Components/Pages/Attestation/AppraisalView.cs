using System.Text.Encodings.Web;
using System.Text.Json;
using DeviceTrust.Application.Attestation.History;
using DeviceTrust.Application.Attestation.Verifier;
using DeviceTrust.Attestation;
using DeviceTrust.Attestation.Ear;
using DeviceTrust.Attestation.Eat;
using DeviceTrust.Cose;
using DeviceTrust.Cose.Cbor;

namespace DeviceTrust.Web.Components.Pages.Attestation;

/// <summary>One claim of the trustworthiness vector as a security officer reads it.</summary>
/// <param name="Claim">The AR4SI claim's name, e.g. "executables".</param>
/// <param name="Meaning">What the value means for that claim, e.g. "unrecognized run-time executables".</param>
/// <param name="Why">The verifier's reason for it, when it gave one.</param>
public sealed record VectorRow(string Claim, int Value, TrustTier Tier, string Meaning, string? Why);

/// <summary>
/// A stored appraisal made readable: the vector as rows in AR4SI order with meanings and reasons, the decoded claims
/// indented, and the evidence in CBOR diagnostic notation (RFC 8949 §8), both the whole message and its claims-set.
/// </summary>
public sealed class AppraisalView
{
    // For reading, not for a parser: no \u escapes of '+', quotes or non-ASCII (the page HTML-encodes what it shows).
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private AppraisalView(AppraisalDetails details, IReadOnlyList<VectorRow> vector, string claims, string evidenceDiagnostic, string? claimsDiagnostic)
    {
        Details = details;
        Vector = vector;
        Claims = claims;
        EvidenceDiagnostic = evidenceDiagnostic;
        ClaimsDiagnostic = claimsDiagnostic;
    }

    public AppraisalDetails Details { get; }
    public IReadOnlyList<VectorRow> Vector { get; }

    /// <summary>The decoded claims as indented JSON.</summary>
    public string Claims { get; }

    /// <summary>The evidence as received, in diagnostic notation (the claims-set is a byte string inside it).</summary>
    public string EvidenceDiagnostic { get; }

    /// <summary>The COSE payload, the claims-set, in diagnostic notation; null when the evidence had none to show.</summary>
    public string? ClaimsDiagnostic { get; }

    /// <summary>The reasons of the claims that are not affirming, as <see cref="VerdictConsequences"/> writes them into a quarantine.</summary>
    public IEnumerable<VectorRow> Concerns => Vector.Where(r => r.Tier is TrustTier.Warning or TrustTier.Contraindicated);

    public static AppraisalView Of(AppraisalDetails details)
    {
        ArgumentNullException.ThrowIfNull(details);
        var reasons = (JsonSerializer.Deserialize<List<AppraisalReasonJson>>(details.Reasons) ?? [])
            .GroupBy(r => r.Claim, StringComparer.Ordinal).ToDictionary(g => g.Key, g => string.Join("; ", g.Select(r => r.Text)), StringComparer.Ordinal);
        var values = JsonSerializer.Deserialize<Dictionary<string, int>>(details.Summary.Vector) ?? [];
        var rows = new List<VectorRow>();
        foreach (var claim in TrustworthinessVector.AllClaims)
        {
            var name = EarClaimNames.VectorClaimName(claim);
            if (!values.TryGetValue(name, out var value)) continue;
            var signed = (sbyte)Math.Clamp(value, sbyte.MinValue, sbyte.MaxValue);
            rows.Add(new VectorRow(name, value, TrustTiers.Of(signed), TrustworthinessValues.Describe(claim, signed), reasons.GetValueOrDefault(name)));
        }
        var evidence = Convert.FromBase64String(details.Evidence);
        return new AppraisalView(details, rows, Indent(details.Claims), Diagnostic(evidence), PayloadDiagnostic(evidence));
    }

    private static string Indent(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return JsonSerializer.Serialize(document.RootElement, Indented);
        }
        catch (JsonException)
        {
            return json;
        }
    }

    private static string Diagnostic(byte[] cbor)
    {
        try
        {
            return CborDiagnostic.Write(cbor);
        }
        catch (CoseFormatException e)
        {
            // Only appraised evidence is stored, and it was well-formed; should one not be, say so rather than fail the page.
            return $"(not well-formed CBOR: {e.Message})";
        }
    }

    private static string? PayloadDiagnostic(byte[] evidence)
    {
        try
        {
            // Signed (COSE_Sign1) or, for a VendorVerified class, MACed (COSE_Mac0): the same claims-set either way.
            var payload = VendorEvidence.IsMacEnvelope(evidence) ? VendorEvidence.Read(evidence).Message.Payload : EatEvidence.Read(evidence).Message.Payload;
            return payload is { } claims ? Diagnostic(claims.ToArray()) : null;
        }
        catch (AttestationFormatException)
        {
            return null;
        }
    }
}
