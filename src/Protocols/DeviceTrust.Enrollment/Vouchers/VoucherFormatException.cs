namespace DeviceTrust.Enrollment.Vouchers;

/// <summary>
/// A malformed voucher or voucher-request, in any of its forms: which member (or envelope part) is wrong and how.
/// Lower-level JSON, CBOR and COSE exceptions are the inner exception.
/// </summary>
public sealed class VoucherFormatException : EnrollmentFormatException
{
    public VoucherFormatException(string member, string problem, Exception? innerException = null)
        : base(problem, member, innerException)
    {
        Member = member;
    }

    /// <summary>The member (e.g. "serial-number", "ietf-voucher:voucher", "COSE_Sign1") the problem is in.</summary>
    public string Member { get; }

    public string Problem => What;
}
