namespace DeviceTrust.Domain.Provisioning;

/// <summary>What the registrar does with a pledge of a device class whose IDevID it trusts (RFC 8995 5.3).</summary>
public enum EnrollmentPolicy
{
    /// <summary>Ask the MASA for a voucher at once.</summary>
    AutoAccept = 0,

    /// <summary>Hold the pledge (202 + Retry-After) until an operator approves or rejects it.</summary>
    OperatorApproval = 1,
}
