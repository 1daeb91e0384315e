using System.Net.Http.Headers;
using System.Text.Json;
using DeviceTrust.Attestation;
using DeviceTrust.Attestation.Ear;
using DeviceTrust.Attestation.Eat;
using DeviceTrust.Cli.Network;
using DeviceTrust.Simulator.Provisioning;

namespace DeviceTrust.Cli.Attestation;

/// <summary>
/// Runs <c>attest</c>: the device's side of the verifier's challenge-response API (Veraison's sessions) over mutual TLS
/// with the LDevID. Fetches the EAR key from discovery, opens a session, answers its nonce with evidence signed by the
/// attestation key, or MACed with the factory's secret for a VendorVerified device (<see cref="EvidenceCredential"/>),
/// and verifies and prints the EAR. Exit 0 when every submod is affirming, 1 otherwise.
/// </summary>
public sealed class AttestRunner(TextWriter output, TextWriter error, TimeProvider timeProvider) : NetworkRunner(output, error, timeProvider)
{
    public const string DiscoveryPath = "/.well-known/veraison/verification";
    public const string SessionsPath = "/challenge-response/v1";
    public const string SessionMediaType = "application/vnd.veraison.challenge-response-session+json";

    /// <summary>The evidence media type the verifier takes (RFC 9782, with the profile parameter).</summary>
    public static readonly string EvidenceMediaType = $"{DeviceTrustEatProfile.MediaType}; eat_profile=\"{DeviceTrustEatProfile.ProfileUri}\"";

    public Task<int> RunAsync(AttestRequest request, CancellationToken cancellationToken) => GuardAsync(async () =>
    {
        ArgumentNullException.ThrowIfNull(request);
        var ueid = ParseUeid(request.UeidHex);
        var firmware = request.Firmware.Select(FirmwareComponent.Parse).ToList();
        if (firmware.GroupBy(f => f.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice)
            throw new CliException($"--firmware: component '{twice.Key}' is given twice", ExitCodes.Usage);
        using var identity = CliFiles.ReadIdentity(request.CertificatePath, request.KeyPath);
        using var credential = EvidenceCredential.Read(request.AttestationKeyPath, request.VendorSecretPath);

        using var http = Connect(request.Server, identity.TlsCertificate);
        var (earKey, refused) = await DiscoverEarKeyAsync(http, cancellationToken);
        if (earKey is null)
            return refused;

        using var opened = await SendAsync(http, new HttpRequestMessage(HttpMethod.Post, $"{SessionsPath}/newSession"), cancellationToken);
        if (!opened.IsSuccessStatusCode)
            return Refused("newSession", await ServerReplies.ReadErrorAsync(opened, cancellationToken));
        var (sessionId, nonce, _, _) = await ReadSessionAsync(opened, cancellationToken);
        Error.WriteLine($"session {sessionId}: nonce {Convert.ToHexStringLower(nonce)}");

        var evidence = credential.Protect(Claims(request, ueid, nonce, firmware));
        var submit = new HttpRequestMessage(HttpMethod.Post, $"{SessionsPath}/session/{sessionId}") { Content = new ByteArrayContent(evidence) };
        submit.Content.Headers.TryAddWithoutValidation("Content-Type", EvidenceMediaType);
        using var answered = await SendAsync(http, submit, cancellationToken);
        if (!answered.IsSuccessStatusCode)
            return Refused("evidence", await ServerReplies.ReadErrorAsync(answered, cancellationToken));
        var (_, _, status, ear) = await ReadSessionAsync(answered, cancellationToken);
        if (ear is null)
            throw new CliException($"session {sessionId} is '{status}' with no attestation result", ExitCodes.NotVerified);

        var verification = await VerifyEarAsync(ear, earKey);
        if (request.Json)
            EarJsonReport.Write(Output, "the verifier's discovered key", verification);
        else
            EarTextReport.Write(Output, "the verifier's discovered key", verification);
        if (!verification.IsVerified)
            throw new CliException($"the EAR does not verify with the verifier's key: {verification.Reason}", ExitCodes.NotVerified);
        if (!verification.Result.Nonce?.Span.SequenceEqual(nonce) ?? true)
            throw new CliException("the EAR does not echo the session's nonce", ExitCodes.NotVerified);
        var notAffirming = verification.Result.Submods.Where(s => s.Value.Status != TrustTier.Affirming).Select(s => $"{s.Key}: {s.Value.Status.Name()}").ToList();
        if (notAffirming.Count > 0)
            throw new CliException($"not affirming: {string.Join(", ", notAffirming)}", ExitCodes.NotVerified);
        return ExitCodes.Success;
    });

    private EatClaimsSet Claims(AttestRequest request, byte[] ueid, byte[] nonce, IReadOnlyList<FirmwareComponent> firmware) => new()
    {
        Profile = EatProfileId.FromUri(DeviceTrustEatProfile.ProfileUri),
        Nonce = [nonce],
        Ueid = ueid,
        HardwareModel = DeviceTrustEatProfile.HardwareModelOf(request.ClassId),
        DebugStatus = (EatDebugStatus)request.DebugStatus,
        IssuedAt = EatNumericDate.From(Time.GetUtcNow()),
        Submodules = firmware.ToDictionary(f => f.Name,
            f => (EatSubmodule)new EatClaimsSubmodule(DeviceTrustEatProfile.Component(f.Name, f.Version, f.ImageSha256)), StringComparer.Ordinal),
    };

    /// <summary>The ueid of the profile: 17 bytes, type 0x01 (RAND) first (RFC 9711 §4.2.1.1).</summary>
    private static byte[] ParseUeid(string hex)
    {
        if (hex.Length != 2 * DeviceTrustEatProfile.UeidLength || !hex.All(char.IsAsciiHexDigit))
            throw new CliException($"--ueid '{hex}': {2 * DeviceTrustEatProfile.UeidLength} hex digits expected (type 01 and 16 random bytes)", ExitCodes.Usage);
        return Convert.FromHexString(hex);
    }

    /// <summary>The ear-verification-key of the verifier's discovery document, or null and the exit code of the refusal.</summary>
    private async Task<(EarVerificationKey? Key, int ExitCode)> DiscoverEarKeyAsync(HttpClient http, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(http, new HttpRequestMessage(HttpMethod.Get, DiscoveryPath), cancellationToken);
        if (!response.IsSuccessStatusCode)
            return (null, Refused("discovery", await ServerReplies.ReadErrorAsync(response, cancellationToken)));
        try
        {
            using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
            return (EarVerificationKey.FromJwk(document.RootElement.GetProperty("ear-verification-key").GetRawText()), ExitCodes.Success);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or ArgumentException)
        {
            throw new CliException($"discovery: no usable ear-verification-key ({e.Message})", ExitCodes.NotVerified);
        }
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient http, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using (request)
        {
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(SessionMediaType));
            request.Headers.Accept.Add(ServerReplies.AcceptProblemDetails);
            return await http.SendAsync(request, cancellationToken);
        }
    }

    /// <summary>The members of a session this command uses: id, nonce (base64url), status and result (the EAR JWT).</summary>
    private static async Task<(Guid Id, byte[] Nonce, string? Status, string? Result)> ReadSessionAsync(HttpResponseMessage response,
        CancellationToken cancellationToken)
    {
        try
        {
            using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
            var root = document.RootElement;
            var nonce = TextEncodings.TryDecodeBase64(root.GetProperty("nonce").GetString() ?? "")
                ?? throw new CliException("the session's nonce is not base64url", ExitCodes.NotVerified);
            return (root.GetProperty("id").GetGuid(), nonce, Text(root, "status"), Text(root, "result"));
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new CliException($"the session the verifier answered is not one ({e.Message})", ExitCodes.NotVerified);
        }
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static async Task<EarVerification> VerifyEarAsync(string ear, EarVerificationKey key)
    {
        try
        {
            return await EarJwt.VerifyAsync(ear, key);
        }
        catch (Exception e) when (e is AttestationFormatException or NotSupportedException)
        {
            throw new CliException($"the verifier's EAR is malformed: {e.Message}", ExitCodes.NotVerified);
        }
    }
}
