namespace DeviceTrust.Attestation.Ear;

/// <summary>Why a well-formed EAR JWT was not accepted.</summary>
public enum EarJwtFailure
{
    None,

    /// <summary>The header names an algorithm other than ES256: "none", an HMAC (the key confusion attack of
    /// RFC 8725 §2.1), or any other. The token is not checked further.</summary>
    AlgorithmNotAllowed,

    /// <summary>The ES256 signature does not verify with this key: tampered, or signed by another verifier.</summary>
    SignatureInvalid,
}

/// <summary>
/// The outcome of verifying an EAR JWT that is well-formed: verified, with its <see cref="Result"/>, or refused, with
/// the <see cref="Failure"/> and a reason. A malformed token or claims-set is not an outcome but an
/// <see cref="AttestationFormatException"/>, so a caller can tell "not an EAR" from "not signed by this key".
/// </summary>
public sealed class EarJwtVerification
{
    private readonly AttestationResult? _result;

    private EarJwtVerification(AttestationResult? result, EarJwtFailure failure, string? reason, string? keyId)
    {
        _result = result;
        Failure = failure;
        Reason = reason;
        KeyId = keyId;
    }

    public bool IsVerified => Failure == EarJwtFailure.None;

    public EarJwtFailure Failure { get; }

    /// <summary>Why the token was refused, for logs; null when it verified.</summary>
    public string? Reason { get; }

    /// <summary>The <c>kid</c> of the JWT header, when it has one.</summary>
    public string? KeyId { get; }

    /// <summary>The verified EAR.</summary>
    /// <exception cref="InvalidOperationException">The token did not verify; nothing in it may be used.</exception>
    public AttestationResult Result => _result
        ?? throw new InvalidOperationException($"The EAR JWT did not verify ({Failure}: {Reason}); its claims must not be used.");

    internal static EarJwtVerification Verified(AttestationResult result, string? keyId) => new(result, EarJwtFailure.None, null, keyId);

    internal static EarJwtVerification Refused(EarJwtFailure failure, string reason, string? keyId) => new(null, failure, reason, keyId);
}
