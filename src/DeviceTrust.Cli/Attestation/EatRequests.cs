namespace DeviceTrust.Cli.Attestation;

/// <summary>What <c>eat decode</c> was asked to do.</summary>
public sealed record EatDecodeRequest(string FilePath, bool Json);

/// <summary>What <c>eat verify</c> was asked to do.</summary>
/// <param name="Nonce">The nonce the token must carry (hex or base64url as given); null to not check one.</param>
public sealed record EatVerifyRequest(string FilePath, string KeyPath, string? Nonce, bool Json);
