namespace DeviceTrust.Suit;

/// <summary>Why an envelope does not verify, or <see cref="None"/> when it does.</summary>
public enum SuitVerificationFailure
{
    None,
    UnsupportedDigestAlgorithm,
    ManifestDigestMismatch,
    NoSignature,
    UnsupportedSignatureAlgorithm,
    SignatureInvalid,
    SeveredMemberNotSevered,
    SeveredMemberMismatch,
}

/// <summary>The outcome of <see cref="SuitEnvelope.Verify"/>: verified, or the first check that failed and why.</summary>
public sealed record SuitVerification(SuitVerificationFailure Failure, string? Reason)
{
    public static SuitVerification Verified { get; } = new(SuitVerificationFailure.None, null);

    public bool IsVerified => Failure == SuitVerificationFailure.None;

    internal static SuitVerification Fail(SuitVerificationFailure failure, string reason) => new(failure, reason);
}
