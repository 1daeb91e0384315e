using DeviceTrust.Attestation.Eat;

namespace DeviceTrust.Simulator.Attestation;

/// <summary>
/// The verifier's challenge-response API as a device uses it (Veraison's sessions, on the server's device listener):
/// paths, relative to the listener's origin, and media types.
/// </summary>
public static class VerifierApi
{
    public const string SessionsPath = "/challenge-response/v1";

    public const string NewSessionPath = SessionsPath + "/newSession";

    /// <summary>A session's path is this followed by its id: what an "Attest" request names, where the evidence goes.</summary>
    public const string SessionPathPrefix = SessionsPath + "/session/";

    public const string SessionMediaType = "application/vnd.veraison.challenge-response-session+json";

    /// <summary>The evidence media type the verifier takes: the DeviceTrust EAT profile as a CWT (RFC 9782 §4, with the profile parameter).</summary>
    public const string EvidenceMediaType = $"{DeviceTrustEatProfile.MediaType}; eat_profile=\"{DeviceTrustEatProfile.ProfileUri}\"";
}
