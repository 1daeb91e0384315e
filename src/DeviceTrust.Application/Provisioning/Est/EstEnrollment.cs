using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DeviceTrust.Application.Audit;
using DeviceTrust.Application.Common;
using DeviceTrust.Application.Provisioning.Registrar;
using DeviceTrust.Domain.Devices;
using DeviceTrust.Domain.Provisioning;
using DeviceTrust.Domain.Trust;
using DeviceTrust.Enrollment;
using DeviceTrust.Enrollment.Pki;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DeviceTrust.Application.Provisioning.Est;

/// <summary>The three EST operations that issue a certificate (RFC 7030 4.2, 4.4).</summary>
public enum EstOperation
{
    SimpleEnroll,
    SimpleReenroll,
    ServerKeyGen,
}

/// <summary>An issued LDevID, with its private key when the server generated it (serverkeygen).</summary>
public sealed record EstIssued(X509Certificate2 Certificate, byte[]? PrivateKeyPkcs8);

/// <summary>EST's answer: the certificate, or "ask again after <see cref="RetryAfter"/>" while the pledge waits for approval.</summary>
public sealed record EstAnswer(EstIssued? Issued, TimeSpan? RetryAfter);

/// <summary>
/// EST enrollment (RFC 7030 4.2, 4.4) for the domain: authorizes the caller by its TLS client certificate — the IDevID
/// of a pledge whose voucher was issued, or a current LDevID — checks the CSR (proof of possession, key, subject),
/// issues an LDevID from the issuing CA, records it, and moves the device to Enrolled.
/// </summary>
public sealed class EstEnrollment(
    IDeviceTrustDbContextFactory dbFactory, DomainPki pki, AuditTrail audit, TimeProvider time,
    IOptions<BrskiOptions> brski, IOptions<PkiOptions> pkiOptions)
{
    /// <param name="clientIntermediates">The CA certificates the client sent after its own in TLS (RFC 7030 3.3.2): untrusted, used only to chain an IDevID to its manufacturer anchor.</param>
    public Task<EstAnswer> EnrollAsync(EstOperation operation, byte[] csrDer, X509Certificate2? clientCertificate, IReadOnlyList<X509Certificate2> clientIntermediates,
        CancellationToken cancellationToken = default)
    {
        if (clientCertificate is null)
            throw new ProvisioningRefusedException("EST enrollment needs a TLS client certificate: the IDevID after the voucher, or the current LDevID (RFC 7030 3.3.2).", Domain.Refusals.RefusalCategory.NoClientCertificate);
        var csr = CsrValidator.ParseDer(csrDer);
        // Authorized afresh on every attempt: a revocation or a second request saved meanwhile decides the retry.
        return Concurrency.RetryAsync($"The enrollment of {DeviceCertificateFields.Fingerprint(clientCertificate)}",
            () => EnrollOnceAsync(operation, csr, clientCertificate, clientIntermediates, cancellationToken));
    }

    private async Task<EstAnswer> EnrollOnceAsync(EstOperation operation, CertificateSigningRequest csr, X509Certificate2 clientCertificate,
        IReadOnlyList<X509Certificate2> clientIntermediates, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var db = await dbFactory.CreateAsync(cancellationToken);
        var caller = await AuthorizeAsync(db, operation, clientCertificate, clientIntermediates, now, cancellationToken);
        if (caller.RetryAfter is { } wait) return new EstAnswer(null, wait);
        var device = caller.Device!;

        CheckRequest(operation, csr, clientCertificate, device.SerialNumber, byIdevid: caller.Enrollment is not null);
        byte[]? generatedKey = null;
        var publicKey = csr.SubjectPublicKeyInfo;
        if (operation == EstOperation.ServerKeyGen)
        {
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            generatedKey = key.ExportPkcs8PrivateKey();
            publicKey = key.ExportSubjectPublicKeyInfo();
        }

        var certificate = pki.Issuing.IssueDeviceCertificate(new DeviceCertificateRequest(publicKey, device.SerialNumber, pkiOptions.Value.CrlUrl,
            TimeSpan.FromDays(brski.Value.LdevidValidityDays)));
        var by = Actor.Device(device.SerialNumber).Name;
        db.IssuedCertificates.Add(IssuedCertificate.Record(IssuedCertificateKind.Ldevid, device.Id, device.SerialNumber, DetailsOf(certificate), Via(operation),
            caller.By, by, now));
        caller.Enrollment?.RecordEnrolled(now);
        // One live LDevID per device: the renewed one replaces the one presented (RFC 5280 CRLReason superseded).
        caller.Presented?.Revoke(CertificateRevocationReason.Superseded, by, now);
        if (device.State == DeviceState.Bootstrapping) device.TransitionTo(DeviceState.Enrolled, "LDevID issued over EST", by, now);
        await audit.SaveAsync(db, cancellationToken);
        return new EstAnswer(new EstIssued(certificate, generatedKey), null);
    }

    public static IssuedCertificateDetails DetailsOf(X509Certificate2 certificate) =>
        new(certificate.SerialNumber, certificate.Subject, certificate.Issuer, DeviceCertificateFields.Fingerprint(certificate),
            certificate.NotBefore.ToUniversalTime(), certificate.NotAfter.ToUniversalTime(), certificate.RawData);

    private sealed record Caller(Device? Device, PledgeEnrollment? Enrollment, string By, TimeSpan? RetryAfter)
    {
        /// <summary>The LDevID the caller authenticated with, superseded by the one issued now.</summary>
        public IssuedCertificate? Presented { get; init; }
    }

    private async Task<Caller> AuthorizeAsync(IDeviceTrustDbContext db, EstOperation operation, X509Certificate2 client, IReadOnlyList<X509Certificate2> intermediates,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        var fingerprint = DeviceCertificateFields.Fingerprint(client);
        var ldevid = await db.IssuedCertificates
            .FirstOrDefaultAsync(c => c.Fingerprint == fingerprint && c.Kind == IssuedCertificateKind.Ldevid, cancellationToken);
        if (ldevid is not null)
        {
            if (ldevid.IsRevoked) throw new ProvisioningRefusedException($"The client certificate {ldevid.SerialNumber} is revoked.", Domain.Refusals.RefusalCategory.RevokedCertificate, ldevid.DeviceSerialNumber);
            if (!ldevid.IsCurrent(now)) throw new ProvisioningRefusedException($"The client certificate {ldevid.SerialNumber} has expired; bootstrap again with the IDevID.", Domain.Refusals.RefusalCategory.ExpiredCertificate, ldevid.DeviceSerialNumber);
            var device = await LiveDeviceAsync(db, ldevid.DeviceId!.Value, cancellationToken);
            return new Caller(device, null, "ldevid", null) { Presented = ldevid };
        }
        if (operation == EstOperation.SimpleReenroll)
            throw new ProvisioningRefusedException("simplereenroll needs the current LDevID as the TLS client certificate (RFC 7030 4.2.2).", Domain.Refusals.RefusalCategory.UntrustedCertificate);

        // The pledge and its device in one round trip, both tracked: the enrollment completes and the device moves on.
        // A join: First() inside the projection would become a ROW_NUMBER() window over every device.
        var pledge = await (
                from e in db.PledgeEnrollments
                where e.IdevidFingerprint == fingerprint
                join d in db.Devices on e.DeviceId equals d.Id
                select new { Enrollment = e, Device = d })
            .FirstOrDefaultAsync(cancellationToken)
                     ?? throw new ProvisioningRefusedException("The client certificate is neither an IDevID that was issued a voucher nor a current LDevID of this domain.", Domain.Refusals.RefusalCategory.UntrustedCertificate);
        var enrollment = pledge.Enrollment;
        // RFC 7030 4.2.3: the enrollment waits for the registrar's decision (or for the voucher step to finish).
        if (enrollment.Status is PledgeStatus.AwaitingApproval or PledgeStatus.Approved)
            return new Caller(null, null, "idevid", TimeSpan.FromSeconds(brski.Value.RetryAfterSeconds));
        if (enrollment.IdevidEnrollmentRefusal(now) is { } refusal) throw new ProvisioningRefusedException(refusal);
        var pledgeDevice = EnsureLive(pledge.Device);
        if (pledgeDevice.State != DeviceState.Bootstrapping)
            throw new ProvisioningRefusedException($"Device {pledgeDevice.SerialNumber} is {pledgeDevice.State}, not Bootstrapping.", Domain.Refusals.RefusalCategory.DeviceNotEligible, pledgeDevice.SerialNumber);
        // Anchors can be retired after the voucher: the IDevID must still chain to a trusted manufacturer CA now.
        await DomainTrust.EnsureIdevidTrustedAsync(db, client, intermediates, pledgeDevice.DeviceClassId, now, cancellationToken);
        return new Caller(pledgeDevice, enrollment, "idevid", null);
    }

    private static async Task<Device> LiveDeviceAsync(IDeviceTrustDbContext db, Guid deviceId, CancellationToken cancellationToken) =>
        EnsureLive(await db.Devices.FirstAsync(d => d.Id == deviceId, cancellationToken));

    private static Device EnsureLive(Device device) =>
        device.CanConnect
            ? device
            : throw new ProvisioningRefusedException($"Device {device.SerialNumber} is {device.State}.", Domain.Refusals.RefusalCategory.DeviceNotEligible, device.SerialNumber);

    /// <summary>RFC 7030 3.4 proof of possession, key strength, and a subject that names this device and nothing else.</summary>
    private static void CheckRequest(EstOperation operation, CertificateSigningRequest csr, X509Certificate2 client, string serial, bool byIdevid)
    {
        const string where = "PKCS#10 CertificationRequest";
        var verdict = CsrValidator.Validate(csr);
        if (!verdict.IsAccepted) throw new EnrollmentFormatException(verdict.Reason, where);
        foreach (var (oid, value) in DeviceCertificateFields.Attributes(csr.Subject))
        {
            if (oid is not (EnrollmentOids.CommonName or EnrollmentOids.SerialNumber))
                throw new EnrollmentFormatException($"the subject may name only CN and serialNumber, not {oid}", where);
            if (value != serial)
                throw new EnrollmentFormatException($"the subject names '{value}', but this device is {serial}", where);
        }
        if (byIdevid && operation != EstOperation.ServerKeyGen && DeviceCertificateFields.SameKey(client, csr.SubjectPublicKeyInfo))
            throw new EnrollmentFormatException("the CSR reuses the IDevID's key; an LDevID needs a key of its own", where);
    }

    private static string Via(EstOperation operation) => operation switch
    {
        EstOperation.SimpleEnroll => "simpleenroll",
        EstOperation.SimpleReenroll => "simplereenroll",
        _ => "serverkeygen",
    };
}
