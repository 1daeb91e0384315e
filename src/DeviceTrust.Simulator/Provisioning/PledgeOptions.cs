namespace DeviceTrust.Simulator.Provisioning;

/// <summary>Misbehaviour a pledge can be told to show, so the registrar's refusals can be tested end to end.</summary>
public sealed record PledgeFaults
{
    public static PledgeFaults None { get; } = new();

    /// <summary>Flip a bit of the voucher as received, before verifying it: the pledge must refuse it and send voucher_status false.</summary>
    public bool TamperVoucher { get; init; }

    /// <summary>Sign the CSR with another key than the one it carries: proof of possession fails, EST must answer 400.</summary>
    public bool CsrSignedWithOtherKey { get; init; }
}

/// <summary>How a <see cref="BrskiPledge"/> runs.</summary>
public sealed record PledgeOptions
{
    /// <summary>Send the constrained voucher-request (application/voucher+cose) instead of the CMS-signed JSON one.</summary>
    public bool ConstrainedVoucher { get; init; }

    /// <summary>Requests per step, the first included, while the registrar answers 202.</summary>
    public int MaxAttempts { get; init; } = 10;

    /// <summary>Upper bound of one wait, whatever Retry-After asks for.</summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>The wait after a 202 without a usable Retry-After.</summary>
    public TimeSpan DefaultRetryDelay { get; init; } = TimeSpan.FromSeconds(10);

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    public PledgeFaults Faults { get; init; } = PledgeFaults.None;

    /// <summary>One line per step, for a console or a log.</summary>
    public IProgress<string>? Progress { get; init; }

    /// <summary>
    /// Called with the verified LDevID and the pinned domain certificate as soon as they are the device's, before
    /// enrollstatus: the domain now counts the device as Enrolled and will not enroll its IDevID again, so this is
    /// where a device commits them to its storage. Not cancelled by the exchange's token (it must not be half done).
    /// </summary>
    public Func<DeviceIdentity, System.Security.Cryptography.X509Certificates.X509Certificate2, Task>? LdevidInstalled { get; init; }

    /// <summary>How long to wait after a 202: what Retry-After asked for, bounded by <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan RetryDelayFor(TimeSpan retryAfter) =>
        retryAfter < TimeSpan.Zero ? TimeSpan.Zero : retryAfter < MaxRetryDelay ? retryAfter : MaxRetryDelay;

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxAttempts, 1, nameof(MaxAttempts));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxRetryDelay, TimeSpan.Zero, nameof(MaxRetryDelay));
        ArgumentOutOfRangeException.ThrowIfLessThan(DefaultRetryDelay, TimeSpan.Zero, nameof(DefaultRetryDelay));
        ArgumentNullException.ThrowIfNull(TimeProvider);
        ArgumentNullException.ThrowIfNull(Faults);
    }
}
