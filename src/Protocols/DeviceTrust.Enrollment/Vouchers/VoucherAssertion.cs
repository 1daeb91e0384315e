namespace DeviceTrust.Enrollment.Vouchers;

/// <summary>
/// How the MASA verified the owner. The numeric values are the YANG enum values, which is what the CBOR form
/// carries (RFC 9254 §6.6); JSON carries the names (RFC 7951 §6.4).
/// <code>
/// leaf assertion { type enumeration { enum verified { value 0; } enum logged { value 1; }
///                                     enum proximity { value 2; } enum agent-proximity { value 3; } } }
///                                                                  ; RFC 8366 §5.3, rfc8366bis ietf-voucher
/// </code>
/// </summary>
public enum VoucherAssertion
{
    Verified = 0,
    Logged = 1,
    Proximity = 2,
    AgentProximity = 3,
}

internal static class VoucherAssertionNames
{
    public static string ToYangName(VoucherAssertion assertion) => assertion switch
    {
        VoucherAssertion.Verified => "verified",
        VoucherAssertion.Logged => "logged",
        VoucherAssertion.Proximity => "proximity",
        VoucherAssertion.AgentProximity => "agent-proximity",
        _ => throw new ArgumentOutOfRangeException(nameof(assertion), assertion, "not a voucher assertion"),
    };

    public static VoucherAssertion? FromYangName(string name) => name switch
    {
        "verified" => VoucherAssertion.Verified,
        "logged" => VoucherAssertion.Logged,
        "proximity" => VoucherAssertion.Proximity,
        "agent-proximity" => VoucherAssertion.AgentProximity,
        _ => null,
    };

    public static bool IsDefined(long value) => value is >= (long)VoucherAssertion.Verified and <= (long)VoucherAssertion.AgentProximity;
}
