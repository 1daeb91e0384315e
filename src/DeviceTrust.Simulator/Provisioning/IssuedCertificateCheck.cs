using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DeviceTrust.Enrollment.Pki;

namespace DeviceTrust.Simulator.Provisioning;

/// <summary>The device's verdict on an LDevID EST issued; <see cref="Intermediates"/> is the path between it and the anchor.</summary>
public sealed record IssuedCertificateVerdict(bool IsValid, string Reason, IReadOnlyList<X509Certificate2> Intermediates);

/// <summary>
/// What a device checks before installing an EST-issued certificate: it certifies the key the device generated, it
/// chains to the trust anchor (the pinned domain CA; the cacerts answer supplies the intermediates, RFC 7030 4.1.3),
/// and it names the device's serial number (RFC 8995 2.3.1). Pure.
/// </summary>
public static class IssuedCertificateCheck
{
    public static IssuedCertificateVerdict Verify(X509Certificate2 issued, ECDsa key, string? serialNumber, X509Certificate2 trustAnchor,
        IEnumerable<X509Certificate2> caCertificates, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(issued);
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(trustAnchor);
        ArgumentNullException.ThrowIfNull(caCertificates);
        using var certified = issued.GetECDsaPublicKey();
        if (certified is null || !certified.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(key.ExportSubjectPublicKeyInfo()))
            return Invalid($"'{issued.Subject}' does not certify the key this device generated");
        var chain = ChainValidator.Validate(issued, trustAnchor, now, caCertificates);
        if (!chain.IsValid)
            return Invalid($"'{issued.Subject}' does not chain to '{trustAnchor.Subject}': {chain.Reason}");
        if (serialNumber is not null && DeviceCertificateFields.SubjectSerialNumber(issued) != serialNumber)
            return Invalid($"'{issued.Subject}' does not carry serialNumber={serialNumber}");
        return new IssuedCertificateVerdict(true, "valid", chain.Path.Skip(1).Where(c => !c.RawData.AsSpan().SequenceEqual(trustAnchor.RawData)).ToList());
    }

    private static IssuedCertificateVerdict Invalid(string reason) => new(false, reason, []);
}
