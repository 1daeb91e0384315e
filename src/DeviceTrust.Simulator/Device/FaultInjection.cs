namespace DeviceTrust.Simulator.Device;

/// <summary>
/// Misbehaviour a device can be told to show, so the server can be exercised against lossy, buggy and hostile devices.
/// Settable per device and at runtime through <see cref="SimulatedDevice.Faults"/>. The provisioning faults shape how a
/// device that has not enrolled yet bootstraps; each makes the domain refuse it (or it refuse the domain), so the device
/// ends up Rejected.
/// </summary>
public sealed record FaultInjection
{
    public static FaultInjection None { get; } = new();

    /// <summary>Probability (0..1) that a telemetry reading is silently skipped.</summary>
    public double DropRate { get; init; }

    /// <summary>Probability (0..1) that a telemetry message is replaced by a malformed or out-of-range one.</summary>
    public double MalformedRate { get; init; }

    /// <summary>Keep the connection open but stop sending telemetry, like a hung sensor task.</summary>
    public bool Silent { get; init; }

    /// <summary>Connect to the hub with a self-signed certificate naming the device instead of its LDevID: refused with 401.</summary>
    public bool UntrustedCertificate { get; init; }

    /// <summary>Bootstrap with an IDevID from a manufacturer the domain does not know (a counterfeit): the registrar answers 403.</summary>
    public bool UnknownManufacturer { get; init; }

    /// <summary>Bootstrap with an IDevID that has expired: the registrar answers 403.</summary>
    public bool ExpiredIdevid { get; init; }

    /// <summary>Corrupt the voucher as received: the pledge refuses it and reports voucher_status false (RFC 8995 5.7).</summary>
    public bool TamperVoucher { get; init; }

    /// <summary>Sign the CSR with another key than the one it carries: EST refuses the proof of possession with 400.</summary>
    public bool CsrKeyMismatch { get; init; }

    /// <summary>True when any fault changes how the device bootstraps.</summary>
    public bool AffectsProvisioning => UnknownManufacturer || ExpiredIdevid || TamperVoucher || CsrKeyMismatch;

    internal bool ChangesCredentialsFrom(FaultInjection other) =>
        UntrustedCertificate != other.UntrustedCertificate || UnknownManufacturer != other.UnknownManufacturer
        || ExpiredIdevid != other.ExpiredIdevid || TamperVoucher != other.TamperVoucher || CsrKeyMismatch != other.CsrKeyMismatch;

    internal void Validate()
    {
        if (DropRate is < 0 or > 1 || double.IsNaN(DropRate))
        {
            throw new ArgumentOutOfRangeException(
                nameof(DropRate), DropRate, "Expected a probability between 0 and 1.");
        }

        if (MalformedRate is < 0 or > 1 || double.IsNaN(MalformedRate))
        {
            throw new ArgumentOutOfRangeException(
                nameof(MalformedRate), MalformedRate, "Expected a probability between 0 and 1.");
        }
    }
}
