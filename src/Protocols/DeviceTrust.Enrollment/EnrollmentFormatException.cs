namespace DeviceTrust.Enrollment;

/// <summary>
/// Malformed enrollment input: a PKCS#10 request, CMS/PKCS#7 message, CRL, certificate, key or EST body that
/// cannot be decoded. The one exception type of this library for bad input (vouchers throw the derived
/// <see cref="Vouchers.VoucherFormatException"/>, which names the voucher member) (STYLE.md "Protocol libraries");
/// BouncyCastle/ASN.1 and base64 exceptions are wrapped at the boundary as <see cref="Exception.InnerException"/>.
/// </summary>
public class EnrollmentFormatException : FormatException
{
    public EnrollmentFormatException(string what, string where, Exception? innerException = null)
        : base($"{where}: {what}", innerException)
    {
        What = what;
        Where = where;
    }

    /// <summary>The defect, e.g. "truncated DER (length 412 exceeds the 200 bytes present)".</summary>
    public string What { get; }

    /// <summary>The structure or field, e.g. "PKCS#10 CertificationRequest" or "EST base64 body at offset 17".</summary>
    public string Where { get; }
}
