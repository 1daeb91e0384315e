using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;

namespace DeviceTrust.Enrollment.Pki;

/// <summary>Subject names built RDN by RDN, each with the string type RFC 5280 Appendix A gives it.</summary>
internal static class DistinguishedNames
{
    // RFC 5280 Appendix A: ub-common-name, ub-serial-number, ub-organization-name.
    private const int MaxCommonName = 64;
    private const int MaxSerialNumber = 64;
    private const int MaxOrganization = 64;

    /// <summary>CN (UTF8String), serialNumber (PrintableString, X520SerialNumber; RFC 8995 2.3.1), O (UTF8String).</summary>
    public static X509Name Device(string? commonName, string serialNumber, string? organization)
    {
        if (string.IsNullOrEmpty(serialNumber) || serialNumber.Length > MaxSerialNumber
            || !DerPrintableString.IsPrintableString(serialNumber))
            throw new ArgumentException(
                $"Device serial number '{serialNumber}' must be 1..{MaxSerialNumber} PrintableString characters (RFC 5280 Appendix A).",
                nameof(serialNumber));
        var rdns = new List<Asn1Encodable>();
        if (organization is not null)
            rdns.Add(Rdn(X509Name.O, new DerUtf8String(Bounded(organization, MaxOrganization, "organization"))));
        if (commonName is not null)
            rdns.Add(Rdn(X509Name.CN, new DerUtf8String(Bounded(commonName, MaxCommonName, "common name"))));
        rdns.Add(Rdn(X509Name.SerialNumber, new DerPrintableString(serialNumber)));
        return X509Name.GetInstance(new DerSequence(rdns.ToArray()));
    }

    private static DerSet Rdn(DerObjectIdentifier type, Asn1Encodable value) => new(new DerSequence(type, value));

    private static string Bounded(string value, int max, string what) =>
        value.Length > 0 && value.Length <= max
            ? value
            : throw new ArgumentException($"The {what} must be 1..{max} characters (RFC 5280 Appendix A).", nameof(value));
}
