using DeviceTrust.Attestation;
using DeviceTrust.Attestation.Eat;
using DeviceTrust.Cose;
using DeviceTrust.Cose.Cbor;

namespace DeviceTrust.Cli.Attestation;

/// <summary>The COSE_Sign1 envelope of an EAT: its tags, alg, kid and typ.</summary>
public sealed record EatEnvelope(bool CwtTagged, bool Sign1Tagged, string Algorithm, string? KeyIdHex, string? Type)
{
    public static EatEnvelope Of(EatToken token)
    {
        ArgumentNullException.ThrowIfNull(token);
        var message = token.Message;
        var algorithm = message.Algorithm.Integer is { } number and >= int.MinValue and <= int.MaxValue
            ? CoseAlgorithms.Describe((int)number)
            : message.Algorithm.ToString();
        return new EatEnvelope(message.IsCwtTagged, message.IsTagged, algorithm,
            token.KeyId is { } kid ? Convert.ToHexStringLower(kid) : null, TypeOf(message));
    }

    // typ may also be a CoAP content-format uint (RFC 9596 §2); the profile's rule on it is reported as a problem.
    private static string? TypeOf(CoseSign1 message)
    {
        var headers = message.ProtectedHeaders.Contains(CoseHeaderLabels.Type) ? message.ProtectedHeaders : message.UnprotectedHeaders;
        if (!headers.Contains(CoseHeaderLabels.Type))
            return null;
        try
        {
            return headers.GetText(CoseHeaderLabels.Type);
        }
        catch (CborFormatException)
        {
            return headers.TryGetEncodedValue(CoseHeaderLabels.Type, out var encoded)
                ? $"CBOR h'{Convert.ToHexStringLower(encoded.Span)}' (not text)"
                : "(not text)";
        }
    }

    /// <summary>The tags as "61 (CWT) / 18 (COSE_Sign1)", or "none".</summary>
    public string Tags => (CwtTagged, Sign1Tagged) switch
    {
        (true, true) => "61 (CWT) / 18 (COSE_Sign1)",
        (true, false) => "61 (CWT), COSE_Sign1 untagged",
        (false, true) => "18 (COSE_Sign1)",
        _ => "none (untagged COSE_Sign1)",
    };
}

/// <summary>
/// A decoded EAT as <c>eat decode</c> and <c>eat verify</c> report it: envelope, claims, and the DeviceTrust EAT
/// profile's problems (the envelope rules of <see cref="EatEvidence.Read"/> and the claims rules of
/// <see cref="DeviceTrustEatProfile.Check"/>); <see cref="Verification"/> when a key was given.
/// </summary>
public sealed record EatInspection(string Wrapping, int Length, EatEnvelope Envelope, IReadOnlyList<ClaimEntry> Claims,
    IReadOnlyList<string> ProfileProblems, EatVerification? Verification = null)
{
    /// <exception cref="AttestationFormatException">The bytes are not a COSE_Sign1 EAT with a claims-set payload.</exception>
    public static (EatToken Token, EatInspection Inspection) Decode(EatInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var token = EatToken.Decode(input.Data);
        var problems = new List<string>();
        try
        {
            EatEvidence.Read(input.Data);
        }
        catch (AttestationFormatException e)
        {
            problems.Add($"{e.Where}: {e.What}");
        }
        problems.AddRange(DeviceTrustEatProfile.Check(token.Claims).Problems);
        var inspection = new EatInspection(input.Wrapping, input.Data.Length, EatEnvelope.Of(token),
            EatClaimsView.Entries(token.Claims), problems);
        return (token, inspection);
    }
}

/// <summary>The checks of <c>eat verify</c>; a check not made (no --nonce) is null.</summary>
public sealed record EatVerification(string KeySource, bool SignatureValid, string SignatureDetail, bool KeyIdMatches,
    string KeyIdDetail, bool? NonceMatches, string? NonceDetail)
{
    public bool IsVerified => SignatureValid && KeyIdMatches && NonceMatches != false;

    /// <summary>The checks that failed, e.g. "signature: does not verify with the key".</summary>
    public IEnumerable<string> Failures()
    {
        if (!SignatureValid)
            yield return $"signature: {SignatureDetail}";
        if (!KeyIdMatches)
            yield return $"kid: {KeyIdDetail}";
        if (NonceMatches == false)
            yield return $"nonce: {NonceDetail}";
    }
}
