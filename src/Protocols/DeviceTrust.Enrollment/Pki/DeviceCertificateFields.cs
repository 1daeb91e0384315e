using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace DeviceTrust.Enrollment.Pki;

/// <summary>The fields of a device certificate (IDevID or LDevID) that enrollment decisions read.</summary>
public static class DeviceCertificateFields
{
    /// <summary>
    /// The subject's serialNumber attribute (2.5.4.5), where RFC 8995 2.3.1 puts the device serial; null when absent.
    /// </summary>
    public static string? SubjectSerialNumber(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return SerialNumberOf(certificate.SubjectName);
    }

    public static string? SerialNumberOf(X500DistinguishedName name)
    {
        ArgumentNullException.ThrowIfNull(name);
        foreach (var rdn in name.EnumerateRelativeDistinguishedNames())
            if (!rdn.HasMultipleElements && rdn.GetSingleElementType().Value == EnrollmentOids.SerialNumber)
                return rdn.GetSingleElementValue();
        return null;
    }

    /// <summary>The subject's attribute types and values in order, for checks such as "only CN and serialNumber".</summary>
    public static IReadOnlyList<(string Oid, string? Value)> Attributes(X500DistinguishedName name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.EnumerateRelativeDistinguishedNames()
            .Select(rdn => rdn.HasMultipleElements ? ("multi-valued", (string?)null) : (rdn.GetSingleElementType().Value ?? "", rdn.GetSingleElementValue()))
            .ToList();
    }

    /// <summary>SHA-256 of the DER certificate, lowercase hex: how certificates are recognised when presented again.</summary>
    public static string Fingerprint(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return Convert.ToHexStringLower(SHA256.HashData(certificate.RawData));
    }

    /// <summary>The keyIdentifier of the authorityKeyIdentifier extension (RFC 5280 4.2.1.1), or null.</summary>
    public static byte[]? AuthorityKeyIdentifier(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return certificate.Extensions.OfType<X509AuthorityKeyIdentifierExtension>().FirstOrDefault()?.KeyIdentifier?.ToArray();
    }

    /// <summary>True when both certificates hold the same public key (SubjectPublicKeyInfo compared byte for byte).</summary>
    public static bool SameKey(X509Certificate2 certificate, byte[] subjectPublicKeyInfo)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return certificate.PublicKey.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(subjectPublicKeyInfo);
    }

    /// <summary>Whether the certificate's extendedKeyUsage lists <paramref name="oid"/>.</summary>
    public static bool HasExtendedKeyUsage(X509Certificate2 certificate, string oid)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().Any(e => e.EnhancedKeyUsages.Cast<Oid>().Any(u => u.Value == oid));
    }

}
