namespace DeviceTrust.Simulator.Provisioning;

public enum PledgeFailure
{
    /// <summary>The registrar answered 4xx or 5xx; <see cref="PledgeException.ServerError"/> says what.</summary>
    Refused,

    /// <summary>Still 202 after <see cref="PledgeOptions.MaxAttempts"/> requests.</summary>
    StillPending,

    /// <summary>The voucher failed verification (<see cref="PledgeException.VoucherFailure"/>); voucher_status false was sent.</summary>
    VoucherRejected,

    /// <summary>The registrar's TLS certificate does not chain to the voucher's pinned-domain-cert (RFC 8995 5.6.2).</summary>
    RegistrarUntrusted,

    /// <summary>EST answered, but with a malformed body or a certificate the device cannot use; enrollstatus false was sent.</summary>
    EnrollmentRejected,
}

/// <summary>Why a pledge stopped; <see cref="StatusReported"/> says whether the failure telemetry reached the registrar.</summary>
public sealed class PledgeException(PledgeFailure failure, string step, string message, ProtocolError? serverError = null,
    VoucherFailure voucherFailure = VoucherFailure.None, bool statusReported = false, Exception? innerException = null,
    TimeSpan? retryAfter = null)
    : Exception($"{step}: {message}", innerException)
{
    /// <summary>For <see cref="PledgeFailure.StillPending"/>: the wait the last 202 asked for.</summary>
    public TimeSpan? RetryAfter { get; } = retryAfter;

    public PledgeFailure Failure { get; } = failure;

    /// <summary>"requestvoucher", "cacerts", "simpleenroll", ...</summary>
    public string Step { get; } = step;

    public ProtocolError? ServerError { get; } = serverError;

    public VoucherFailure VoucherFailure { get; } = voucherFailure;

    /// <summary>True when voucher_status / enrollstatus false was answered 200.</summary>
    public bool StatusReported { get; } = statusReported;
}
