namespace DeviceTrust.Domain.Refusals;

/// <summary>Which device-facing service refused the request.</summary>
public enum RefusalEndpoint
{
    /// <summary>The BRSKI registrar (/.well-known/brski, RFC 8995 5).</summary>
    Registrar,
    /// <summary>EST enrollment (/.well-known/est, RFC 7030).</summary>
    Est,
    /// <summary>The device hub (/hubs/devices): a connection without a current LDevID.</summary>
    Hub,
    /// <summary>The embedded DEV-ONLY MASA (/masa/{manufacturer}/.well-known/brski).</summary>
    Masa,
}

/// <summary>
/// Why a request was refused, as exactly as the refusing code knows it (it says so when it refuses; nothing is parsed
/// from message text). Stored by name, so values can be added without renumbering.
/// </summary>
public enum RefusalCategory
{
    /// <summary>Anything not classified below; the reason text says what.</summary>
    Other,
    /// <summary>The IDevID does not chain to a manufacturer CA trusted for the device's class (a counterfeit), or is not the one the device bootstrapped with.</summary>
    UntrustedIdevid,
    /// <summary>The serial is not in this domain's inventory.</summary>
    UnknownSerial,
    /// <summary>The serial asked for is not the one in the presented certificate.</summary>
    SerialMismatch,
    /// <summary>A certificate this domain issued and revoked.</summary>
    RevokedCertificate,
    /// <summary>A certificate outside its validity period.</summary>
    ExpiredCertificate,
    /// <summary>A certificate this domain did not issue (or not for this use): self-signed look-alikes, unknown LDevIDs.</summary>
    UntrustedCertificate,
    /// <summary>An operator rejected the pledge.</summary>
    RejectedPledge,
    /// <summary>The device's state does not allow it (revoked, decommissioned, already enrolled).</summary>
    DeviceNotEligible,
    /// <summary>No TLS client certificate where one is required.</summary>
    NoClientCertificate,
}

public enum RefusalStatus
{
    /// <summary>Not yet looked at by a security officer.</summary>
    Open,
    /// <summary>A security officer looked at it and recorded a note; repeats keep counting but leave it acknowledged.</summary>
    Acknowledged,
}
