namespace DeviceTrust.Attestation.Ear;

/// <summary>Why a well-formed signed EAR (JWT or COSE_Sign1) was not accepted.</summary>
public enum EarVerificationFailure
{
    None,

    /// <summary>The header names an algorithm other than ES256 (JOSE "ES256", COSE -7): "none", an HMAC (the key
    /// confusion attack of RFC 8725 §2.1), or any other. The token is not checked further.</summary>
    AlgorithmNotAllowed,

    /// <summary>The ES256 signature does not verify with this key: tampered, or signed by another verifier.</summary>
    SignatureInvalid,
}

/// <summary>
/// The outcome of verifying a well-formed signed EAR, a JWT (<see cref="EarJwt"/>) or a COSE_Sign1 (<see cref="EarCose"/>): verified, with its <see cref="Result"/>, or refused, with
/// the <see cref="Failure"/> and a reason. A malformed token or claims-set is not an outcome but an
/// <see cref="AttestationFormatException"/>, so a caller can tell "not an EAR" from "not signed by this key".
/// </summary>
public sealed class EarVerification
{
    private readonly AttestationResult? _result;

    private EarVerification(AttestationResult? result, EarVerificationFailure failure, string? reason, string? keyId)
    {
        _result = result;
        Failure = failure;
        Reason = reason;
        KeyId = keyId;
    }

    public bool IsVerified => Failure == EarVerificationFailure.None;

    public EarVerificationFailure Failure { get; }

    /// <summary>Why the token was refused, for logs; null when it verified.</summary>
    public string? Reason { get; }

    /// <summary>The <c>kid</c> of the header, when it has one (a COSE kid as UTF-8 text).</summary>
    public string? KeyId { get; }

    /// <summary>The verified EAR.</summary>
    /// <exception cref="InvalidOperationException">The token did not verify; nothing in it may be used.</exception>
    public AttestationResult Result => _result
        ?? throw new InvalidOperationException($"The signed EAR did not verify ({Failure}: {Reason}); its claims must not be used.");

    internal static EarVerification Verified(AttestationResult result, string? keyId) => new(result, EarVerificationFailure.None, null, keyId);

    internal static EarVerification Refused(EarVerificationFailure failure, string reason, string? keyId) => new(null, failure, reason, keyId);
}
