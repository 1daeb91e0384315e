using System.Security.Cryptography.X509Certificates;
using DeviceTrust.Domain.Refusals;
using DeviceTrust.Enrollment.Pki;

namespace DeviceTrust.Application.Refusals;

/// <summary>
/// One refused request as its capture point saw it. <see cref="Category"/> is null where the refusing code deliberately
/// does not say why (the hub answers every bad certificate alike, so a caller learns nothing): the recorder then tells
/// from the certificate, once per coalesced key, off the request path.
/// </summary>
public sealed record RefusalReport(
    RefusalEndpoint Endpoint, RefusalCategory? Category, string SourceAddress, string? Fingerprint, string? SerialNumber, string? CertificateSubject,
    string? CertificateIssuer, string Reason, DateTimeOffset At)
{
    /// <summary>
    /// A report of a request that presented <paramref name="certificate"/> (or none): its fingerprint, subject, issuer and
    /// the serialNumber of its subject are what a security officer looks for. <paramref name="serialNumber"/>, when the
    /// refusing code named one, wins over the certificate's.
    /// </summary>
    public static RefusalReport Of(RefusalEndpoint endpoint, RefusalCategory? category, string? sourceAddress, X509Certificate2? certificate,
        string? serialNumber, string reason, DateTimeOffset at) =>
        new(endpoint, category, string.IsNullOrWhiteSpace(sourceAddress) ? "unknown" : sourceAddress,
            certificate is null ? null : DeviceCertificateFields.Fingerprint(certificate),
            serialNumber ?? (certificate is null ? null : DeviceCertificateFields.SubjectSerialNumber(certificate)),
            certificate?.Subject, certificate?.Issuer, reason, at);
}

/// <summary>
/// Takes refusals from the request paths that refuse them. Never blocks and never throws: recording what was refused
/// must not slow down or fail the answer, least of all under a flood (see Infrastructure's channel recorder).
/// </summary>
public interface IRefusalRecorder
{
    void Record(RefusalReport report);
}
