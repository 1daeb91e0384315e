using System.Security.Cryptography.X509Certificates;
using DeviceTrust.Application.Common;
using DeviceTrust.Application.Provisioning.Manufacturers;
using DeviceTrust.Domain.Provisioning;
using DeviceTrust.Enrollment;
using DeviceTrust.Enrollment.Brski;
using DeviceTrust.Enrollment.Cms;
using DeviceTrust.Enrollment.Pki;
using DeviceTrust.Enrollment.Vouchers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DeviceTrust.Application.Provisioning.Masa;

/// <summary>
/// The DEV-ONLY MASA of a simulated manufacturer (RFC 8995 5.5). It checks the registrar's voucher-request and the
/// pledge's prior-signed request inside it, tracks ownership by trust on first claim, logs every decision and signs
/// vouchers pinning the registrar's domain CA. It shares the process, not the trust: it knows the registrar only from
/// what arrives over HTTPS, as a manufacturer's MASA would.
/// </summary>
public sealed class EmbeddedMasa(
    IDeviceTrustDbContextFactory dbFactory, SimulatedManufacturers manufacturers, TimeProvider time, IOptions<BrskiOptions> options, ILogger<EmbeddedMasa> logger)
{
    private const string Where = "registrar voucher-request";

    /// <summary>Returns the signed voucher and its media type, or throws: 400 malformed, 403 refused, 404 no such MASA.</summary>
    public async Task<(byte[] Voucher, string MediaType)> IssueVoucherAsync(Guid manufacturerId, byte[] body, X509Certificate2? clientCertificate,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(body);
        var manufacturer = await manufacturers.FindAsync(manufacturerId, cancellationToken) ?? throw new NotFoundException($"MASA {manufacturerId}");
        var now = time.GetUtcNow();

        // 1. The registrar's request and who signed it.
        var registrarSigned = CmsSignedMessage.Verify(body);
        if (registrarSigned.Failure == CmsVerificationFailure.SignerCertificateMissing)
            throw new EnrollmentFormatException("the CMS carries no certificate matching its signer", Where);
        if (!registrarSigned.IsValid) throw new ProvisioningRefusedException($"The registrar voucher-request signature does not verify: {registrarSigned.Reason}.");
        if (registrarSigned.ContentType != EnrollmentOids.AnimaJsonVoucher)
            throw new EnrollmentFormatException($"eContentType is {registrarSigned.ContentType}, not id-ct-animaJSONVoucher", Where);
        var registrarRequest = VoucherJson.ReadVoucherRequest(registrarSigned.Content);
        var registrar = registrarSigned.Signer;
        if (clientCertificate is not null && !clientCertificate.RawData.AsSpan().SequenceEqual(registrar.RawData))
            throw new ProvisioningRefusedException("The registrar voucher-request is not signed by the certificate the registrar presented at TLS.");
        if (!DeviceCertificateFields.HasExtendedKeyUsage(registrar, EnrollmentOids.CmcRegistrationAuthority))
            throw new ProvisioningRefusedException("The registrar certificate lacks id-kp-cmcRA (RFC 8995 2.5.3).");
        var domainCa = DomainCaOf(registrar, registrarSigned.Certificates, now);
        var domainFingerprint = DeviceCertificateFields.Fingerprint(domainCa);
        var serial = registrarRequest.SerialNumber;

        try
        {
            // 2. The pledge's own request, carried inside, proves the pledge asked and saw this registrar.
            var prior = registrarRequest.PriorSignedVoucherRequest
                        ?? throw new EnrollmentFormatException("prior-signed-voucher-request is required (RFC 8995 5.5)", Where);
            var (pledgeRequest, idevid, isCose) = ReadPledgeRequest(prior.ToArray(), registrarSigned.Certificates, manufacturer, now);
            if (pledgeRequest.SerialNumber != serial || DeviceCertificateFields.SubjectSerialNumber(idevid) != serial)
                throw new ProvisioningRefusedException($"Serial numbers disagree: registrar asks for {serial}, the pledge for {pledgeRequest.SerialNumber}, "
                                                       + $"its IDevID names {DeviceCertificateFields.SubjectSerialNumber(idevid)}.");
            if (pledgeRequest.ProximityRegistrarCert is not { } seen || !seen.Span.SequenceEqual(registrar.RawData))
                throw new ProvisioningRefusedException("The pledge did not see this registrar: proximity-registrar-cert differs from the registrar's signing certificate.");
            if (!NoncesAgree(pledgeRequest.Nonce, registrarRequest.Nonce))
                throw new ProvisioningRefusedException("The registrar's nonce differs from the pledge's.");

            // 3. Ownership: trust on first claim.
            await using var db = await dbFactory.CreateAsync(cancellationToken);
            var owner = await db.MasaLog.AsNoTracking()
                .Where(e => e.ManufacturerId == manufacturer.Id && e.SerialNumber == serial && e.Outcome == MasaLogEntry.IssuedOutcome)
                .OrderBy(e => e.Id).Select(e => e.DomainCaFingerprint).FirstOrDefaultAsync(cancellationToken);
            if (owner is not null && owner != domainFingerprint)
                throw new ProvisioningRefusedException($"Serial {serial} is owned by another domain; its owner must release it first.");

            // 4. The voucher.
            var voucher = new Voucher
            {
                SerialNumber = serial, CreatedOn = now, ExpiresOn = now.AddHours(options.Value.VoucherValidityHours), Assertion = VoucherAssertion.Proximity,
                Nonce = pledgeRequest.Nonce, PinnedDomainCert = domainCa.RawData,
            };
            byte[] signed;
            using (var key = manufacturer.MasaSigner.GetECDsaPrivateKey()!)
            {
                signed = isCose
                    ? ConstrainedVoucher.Sign(voucher, key)
                    : CmsSignedMessage.Sign(VoucherJson.Write(voucher), manufacturer.MasaSigner, key, EnrollmentOids.AnimaJsonVoucher, signingTime: now);
            }
            db.MasaLog.Add(MasaLogEntry.Issued(manufacturer.Id, serial, domainFingerprint, registrar.Subject, pledgeRequest.Nonce is not null, "proximity", now));
            // The simulated manufacturer's log of what it issued: deferred to the next flush (the registrar's own record of
            // the voucher, saved next, is flushed). Refusals below are flushed at once.
            await db.SaveChangesAsync(SaveDurability.Deferred, cancellationToken);
            logger.LogInformation("MASA {Manufacturer} issued a voucher for {Serial} to {Registrar}", manufacturer.Name, serial, registrar.Subject);
            return (signed, isCose ? BrskiMediaTypes.VoucherCose : BrskiMediaTypes.VoucherCmsJson);
        }
        catch (Exception e) when (e is ProvisioningRefusedException or EnrollmentFormatException)
        {
            // The MASA's log keeps refusals too, so a manufacturer can see who tried to claim its devices.
            await using var db = await dbFactory.CreateAsync(cancellationToken);
            db.MasaLog.Add(MasaLogEntry.Refused(manufacturer.Id, serial, domainFingerprint, registrar.Subject, e.Message, now));
            await db.SaveChangesAsync(cancellationToken);
            logger.LogWarning("MASA {Manufacturer} refused {Serial} for {Registrar}: {Reason}", manufacturer.Name, serial, registrar.Subject, e.Message);
            throw;
        }
    }

    /// <summary>The self-signed CA at the top of the registrar's chain as the request carries it: the domain the voucher pins.</summary>
    private static X509Certificate2 DomainCaOf(X509Certificate2 registrar, IReadOnlyList<X509Certificate2> carried, DateTimeOffset now)
    {
        var others = carried.Where(c => !c.RawData.AsSpan().SequenceEqual(registrar.RawData)).ToList();
        foreach (var root in others.Where(c => c.SubjectName.RawData.AsSpan().SequenceEqual(c.IssuerName.RawData)))
            if (ChainValidator.Validate(registrar, root, now, others).IsValid)
                return root;
        throw new ProvisioningRefusedException("The registrar voucher-request does not carry the registrar's chain up to its domain CA.");
    }

    private static (VoucherRequest Request, X509Certificate2 Idevid, bool IsCose) ReadPledgeRequest(byte[] prior, IReadOnlyList<X509Certificate2> carried,
        SimulatedManufacturer manufacturer, DateTimeOffset now)
    {
        const string where = "prior-signed-voucher-request";
        if (prior.Length > 0 && prior[0] == 0x30)
        {
            var verified = CmsSignedMessage.Verify(prior, manufacturer.IdevidCa.Certificate, now);
            if (verified.Failure == CmsVerificationFailure.UntrustedSigner)
                throw new ProvisioningRefusedException($"The pledge's IDevID is not one of {manufacturer.Name}'s: {verified.Chain?.Reason}.");
            if (!verified.IsValid) throw new ProvisioningRefusedException($"The pledge's voucher-request does not verify: {verified.Reason}.");
            return (VoucherJson.ReadVoucherRequest(verified.Content), verified.Signer, false);
        }

        SignedVoucher<VoucherRequest> signed;
        try
        {
            signed = ConstrainedVoucher.DecodeVoucherRequest(prior);
        }
        catch (NotSupportedException e)
        {
            throw new EnrollmentFormatException(e.Message, where, e);
        }
        try
        {
            foreach (var candidate in carried)
                if (ChainValidator.Validate(candidate, manufacturer.IdevidCa.Certificate, now).IsValid && signed.Verify(candidate))
                    return (signed.Content, candidate, true);
        }
        catch (NotSupportedException e)
        {
            throw new EnrollmentFormatException($"unsupported signature algorithm ({e.Message})", where, e);
        }
        throw new ProvisioningRefusedException($"The pledge's COSE voucher-request is not signed by an IDevID of {manufacturer.Name} carried with the request.");
    }

    private static bool NoncesAgree(ReadOnlyMemory<byte>? pledge, ReadOnlyMemory<byte>? registrar) =>
        pledge is null ? registrar is null : registrar is { } r && r.Span.SequenceEqual(pledge.Value.Span);
}
