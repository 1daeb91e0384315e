using System.Globalization;

namespace DeviceTrust.Enrollment.Pki;

/// <summary>CRLReason (RFC 5280 5.3.1); value 7 is unused.</summary>
public enum RevocationReason
{
    Unspecified = 0,
    KeyCompromise = 1,
    CaCompromise = 2,
    AffiliationChanged = 3,
    Superseded = 4,
    CessationOfOperation = 5,
    CertificateHold = 6,
    RemoveFromCrl = 8,
    PrivilegeWithdrawn = 9,
    AaCompromise = 10,
}

/// <summary>
/// One revokedCertificates entry (RFC 5280 5.1.2.6). <see cref="SerialNumber"/> is big-endian hex as
/// <see cref="System.Security.Cryptography.X509Certificates.X509Certificate2.SerialNumber"/> gives it.
/// </summary>
public sealed record RevokedCertificate(string SerialNumber, DateTimeOffset RevocationDate, RevocationReason Reason = RevocationReason.Unspecified)
{
    internal static Org.BouncyCastle.Math.BigInteger ParseSerial(string serialNumber, string paramName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(serialNumber, paramName);
        if (!serialNumber.All(char.IsAsciiHexDigit))
            throw new ArgumentException($"Serial number '{serialNumber}' is not hexadecimal.", paramName);
        return new Org.BouncyCastle.Math.BigInteger(serialNumber, 16);
    }

    internal static string FormatSerial(Org.BouncyCastle.Math.BigInteger serial)
    {
        var hex = serial.ToString(16).ToUpper(CultureInfo.InvariantCulture);
        return hex.Length % 2 == 0 ? hex : "0" + hex;
    }
}
