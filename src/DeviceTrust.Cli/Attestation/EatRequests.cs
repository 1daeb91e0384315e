namespace DeviceTrust.Cli.Attestation;

/// <summary>What <c>eat decode</c> was asked to do.</summary>
public sealed record EatDecodeRequest(string FilePath, bool Json);

/// <summary>What <c>eat verify</c> was asked to do: exactly one of <paramref name="KeyPath"/> (signed evidence) and
/// <paramref name="SecretPath"/> (MACed evidence).</summary>
/// <param name="KeyPath">The attestation public key (PEM), for a COSE_Sign1 EAT.</param>
/// <param name="Nonce">The nonce the token must carry (hex or base64url as given); null to not check one.</param>
/// <param name="SecretPath">The device's factory secret (base64 COSE_Key, or 64 hex digits), for a COSE_Mac0 EAT.</param>
public sealed record EatVerifyRequest(string FilePath, string? KeyPath, string? Nonce, bool Json, string? SecretPath = null);
