using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using DeviceTrust.Application.Audit;
using DeviceTrust.Application.Common;
using DeviceTrust.Application.Provisioning.Manufacturers;
using DeviceTrust.Domain.Devices;
using DeviceTrust.Domain.Fleet;
using DeviceTrust.Domain.Provisioning;
using DeviceTrust.Domain.Trust;
using DeviceTrust.Enrollment.Brski;
using DeviceTrust.Enrollment.Cms;
using DeviceTrust.Enrollment.Pki;
using DeviceTrust.Enrollment.Vouchers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DeviceTrust.Application.Provisioning.Registrar;

/// <summary>What the registrar answers a pledge: the voucher, or "ask again after <see cref="RetryAfter"/>".</summary>
public sealed record RegistrarAnswer(byte[]? Voucher, string? MediaType, TimeSpan? RetryAfter)
{
    public static RegistrarAnswer Issued(byte[] voucher, string mediaType) => new(voucher, mediaType, null);

    public static RegistrarAnswer Pending(TimeSpan retryAfter) => new(null, null, retryAfter);
}

/// <summary>
/// The domain registrar (RFC 8995 5.3-5.6): authenticates the pledge by its IDevID, applies the device class's
/// enrollment policy, asks the manufacturer's MASA for a voucher with its own signed voucher-request, checks the voucher
/// and passes it on. A refusal changes nothing but the audit trail; an approved pledge's device becomes Bootstrapping.
/// </summary>
public sealed class BrskiRegistrar(
    IDeviceTrustDbContextFactory dbFactory, DomainPki pki, SimulatedManufacturers simulated, IMasaClient masa, EmbeddedMasaEndpoint embeddedMasa,
    AuditTrail audit, TimeProvider time, IOptions<BrskiOptions> options, ILogger<BrskiRegistrar> logger)
{
    public async Task<RegistrarAnswer> RequestVoucherAsync(byte[] body, string mediaType, X509Certificate2? clientCertificate, CancellationToken cancellationToken = default)
    {
        if (clientCertificate is null)
            throw new ProvisioningRefusedException("Present the pledge's IDevID as the TLS client certificate (RFC 8995 5.1).", Domain.Refusals.RefusalCategory.NoClientCertificate);
        var request = PledgeVoucherRequest.Read(body, mediaType, clientCertificate);
        var now = time.GetUtcNow();
        var serial = CheckSerialAndProximity(request);

        await using var db = await dbFactory.CreateAsync(cancellationToken);
        // One round trip for the device, its class and its manufacturer, all tracked (tracking is per query, and the device
        // may move to Bootstrapping); the other two stay unchanged.
        var found = await (
                from d in db.Devices
                where d.SerialNumber == serial
                join c in db.DeviceClasses on d.DeviceClassId equals c.Id
                join m in db.Manufacturers on c.ManufacturerId equals m.Id
                select new { Device = d, Class = c, Manufacturer = m })
            .FirstOrDefaultAsync(cancellationToken)
            ?? throw Refuse(serial, $"Serial {serial} is not in this domain's inventory; register the device before it bootstraps.", Domain.Refusals.RefusalCategory.UnknownSerial);
        var (device, deviceClass, manufacturer) = (found.Device, found.Class, found.Manufacturer);
        await DomainTrust.EnsureIdevidTrustedAsync(db, request.Idevid, request.Intermediates, deviceClass.Id, now, cancellationToken);

        var identity = new PledgeIdentity(DeviceCertificateFields.Fingerprint(request.Idevid), request.Idevid.Subject, request.Idevid.Issuer);
        var enrollment = await db.PledgeEnrollments.FirstOrDefaultAsync(e => e.DeviceId == device.Id, cancellationToken);
        if (enrollment is null)
        {
            if (device.State is not (DeviceState.Manufactured or DeviceState.Bootstrapping))
                throw Refuse(serial, $"Device {serial} is {device.State}; only a Manufactured device bootstraps.", Domain.Refusals.RefusalCategory.DeviceNotEligible);
            enrollment = PledgeEnrollment.Open(device.Id, serial, manufacturer.Id, identity, deviceClass.EnrollmentPolicy, now);
            db.PledgeEnrollments.Add(enrollment);
            if (device.State == DeviceState.Manufactured)
                device.TransitionTo(DeviceState.Bootstrapping, "voucher-request from the pledge", Actor.Device(serial).Name, now);
        }
        else
        {
            if (enrollment.IdevidFingerprint != identity.Fingerprint)
                throw Refuse(serial, $"Device {serial} began bootstrapping with a different IDevID ({enrollment.IdevidSubject}).", Domain.Refusals.RefusalCategory.UntrustedIdevid);
            if (device.State is DeviceState.Revoked or DeviceState.Decommissioned)
                throw Refuse(serial, $"Device {serial} is {device.State}.", Domain.Refusals.RefusalCategory.DeviceNotEligible);
            if (enrollment.Status == PledgeStatus.Rejected)
                throw Refuse(serial, $"The pledge of {serial} was rejected by {enrollment.DecidedBy}: {enrollment.DecisionReason}", Domain.Refusals.RefusalCategory.RejectedPledge);
            // Checked before the MASA is asked: an enrolled device bootstraps again only after an operator revokes it.
            if (enrollment.Status == PledgeStatus.Enrolled || device.State is not (DeviceState.Manufactured or DeviceState.Bootstrapping))
                throw Refuse(serial, $"Device {serial} is already enrolled ({device.State}); it renews its LDevID over EST instead.", Domain.Refusals.RefusalCategory.DeviceNotEligible);
            enrollment.RecordRetry(now);
        }

        if (enrollment.Status == PledgeStatus.AwaitingApproval)
        {
            if (!await SavedAsync(db, serial, cancellationToken)) return RegistrarAnswer.Pending(TimeSpan.FromSeconds(1));
            return RegistrarAnswer.Pending(TimeSpan.FromSeconds(options.Value.RetryAfterSeconds));
        }

        var voucher = await ObtainVoucherAsync(request, serial, manufacturer, deviceClass.Id, now, cancellationToken);
        enrollment.RecordVoucher(voucher.Signed, request.MediaType, voucher.Content.ExpiresOn, now, voucher.MasaUrl, voucher.Content.Assertion?.ToString());
        if (!await SavedAsync(db, serial, cancellationToken)) return RegistrarAnswer.Pending(TimeSpan.FromSeconds(1));
        logger.LogInformation("Voucher issued to pledge {Serial} by {Masa}", serial, voucher.MasaUrl);
        return RegistrarAnswer.Issued(voucher.Signed, request.MediaType);
    }

    /// <summary>
    /// Records the pledge's voucher_status or enrollstatus telemetry (RFC 8995 5.7, 5.9.4), authenticated by the IDevID of
    /// its bootstrap (or, for enrollstatus, its new LDevID).
    /// </summary>
    public async Task RecordStatusAsync(bool isEnrollStatus, byte[] body, X509Certificate2? clientCertificate, CancellationToken cancellationToken = default)
    {
        if (clientCertificate is null) throw new ProvisioningRefusedException("Present the IDevID (or the new LDevID) as the TLS client certificate.", Domain.Refusals.RefusalCategory.NoClientCertificate);
        var report = StatusReport.Parse(body);
        var fingerprint = DeviceCertificateFields.Fingerprint(clientCertificate);
        // Read and decided afresh on each attempt: a report racing the pledge's own EST request is simply recorded again.
        var serial = await Concurrency.RetryAsync($"The pledge of {fingerprint}", () => RecordStatusOnceAsync(isEnrollStatus, report, fingerprint, cancellationToken));
        if (!report.Status) logger.LogWarning("Pledge {Serial} reported {Kind} failure: {Reason}", serial, isEnrollStatus ? "enrollment" : "voucher", report.Reason);
    }

    private async Task<string> RecordStatusOnceAsync(bool isEnrollStatus, StatusReport report, string fingerprint, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateAsync(cancellationToken);
        // enrollstatus after a success comes with the new LDevID (RFC 8995 5.9.4), so that is looked for first; a failure
        // report, and every voucher_status, comes with the IDevID of the bootstrap.
        Guid? ldevidDevice = null;
        if (isEnrollStatus)
        {
            ldevidDevice = await db.IssuedCertificates.AsNoTracking()
                .Where(c => c.Fingerprint == fingerprint && c.Kind == IssuedCertificateKind.Ldevid && c.RevokedAt == null)
                .Select(c => c.DeviceId).FirstOrDefaultAsync(cancellationToken);
        }
        var found = ldevidDevice is { } deviceId
            ? await (from e in db.PledgeEnrollments
                     where e.DeviceId == deviceId
                     join d in db.Devices on e.DeviceId equals d.Id
                     select new { Enrollment = e, d.State }).FirstOrDefaultAsync(cancellationToken)
            : await (from e in db.PledgeEnrollments
                     where e.IdevidFingerprint == fingerprint
                     join d in db.Devices on e.DeviceId equals d.Id
                     select new { Enrollment = e, d.State }).FirstOrDefaultAsync(cancellationToken);
        if (found is null)
            throw new ProvisioningRefusedException("This certificate belongs to no pledge of this registrar.", Domain.Refusals.RefusalCategory.UntrustedCertificate);
        var (enrollment, state) = (found.Enrollment, found.State);
        if (state is DeviceState.Revoked or DeviceState.Decommissioned)
            throw new ProvisioningRefusedException($"Device {enrollment.SerialNumber} is {state}.", Domain.Refusals.RefusalCategory.DeviceNotEligible, enrollment.SerialNumber);
        var now = time.GetUtcNow();
        try
        {
            if (isEnrollStatus) enrollment.RecordEnrollStatus(report.Status, report.Reason, now, report.ReasonContextJson);
            else enrollment.RecordVoucherStatus(report.Status, report.Reason, now, report.ReasonContextJson);
        }
        catch (Domain.DomainException e)
        {
            throw new ProvisioningRefusedException(e.Message);
        }
        // A success report is telemetry the pledge sends every bootstrap: deferred to the next flush. A failure is what a
        // security officer looks into, so it is on disk before the pledge hears back.
        await audit.SaveAsync(db, report.Status ? SaveDurability.Deferred : SaveDurability.Flushed, cancellationToken);
        return enrollment.SerialNumber;
    }

    private string CheckSerialAndProximity(PledgeVoucherRequest request)
    {
        var serial = request.Content.SerialNumber;
        var idevidSerial = request.IdevidSerialNumber
                           ?? throw new ProvisioningRefusedException($"The IDevID '{request.Idevid.Subject}' has no serialNumber in its subject (RFC 8995 2.3.1).");
        if (!string.Equals(serial, idevidSerial, StringComparison.Ordinal))
            throw new ProvisioningRefusedException($"The voucher-request asks for serial {serial} but the IDevID is for {idevidSerial}; a voucher is only issued for the IDevID's own serial.", Domain.Refusals.RefusalCategory.SerialMismatch, idevidSerial);
        if (request.Content.ProximityRegistrarCert is not { } seen)
            throw new Enrollment.EnrollmentFormatException("proximity-registrar-cert is required: the registrar certificate the pledge saw at TLS (RFC 8995 5.2)", "voucher-request");
        if (!seen.Span.SequenceEqual(pki.RegistrarTlsCertificate.RawData))
            throw new ProvisioningRefusedException("proximity-registrar-cert is not this registrar's certificate: the pledge is talking to another registrar.");
        return serial;
    }

    private sealed record ObtainedVoucher(byte[] Signed, VoucherArtifact Content, Uri MasaUrl);

    private async Task<ObtainedVoucher> ObtainVoucherAsync(PledgeVoucherRequest request, string serial, Manufacturer manufacturer, Guid deviceClassId, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var masaUrl = manufacturer.MasaUrl
                      ?? (await simulated.FindAsync(manufacturer.Id, cancellationToken) is not null ? embeddedMasa.For(manufacturer.Id) : null)
                      ?? throw new ProvisioningRefusedException($"{manufacturer.Name} has no MASA: set its MASA URL.");
        var registrarRequest = BuildRegistrarVoucherRequest(request, serial, now);
        var response = await masa.RequestVoucherAsync(masaUrl, registrarRequest, request.MediaType, cancellationToken);
        if (!response.IsSuccess)
        {
            var detail = response.Body.Length > 0 ? System.Text.Encoding.UTF8.GetString(response.Body.AsSpan(0, Math.Min(response.Body.Length, 2000))) : "";
            if (response.StatusCode is >= 400 and < 500)
                throw new ProvisioningRefusedException($"The MASA refused the voucher-request ({response.StatusCode}): {MasaDetail(detail)}");
            throw new MasaFailedException($"The MASA answered {response.StatusCode}.");
        }

        await using var db = await dbFactory.CreateAsync(cancellationToken);
        var anchors = await DomainTrust.AnchorsAsync(db, TrustAnchorPurpose.Masa, deviceClassId, now, cancellationToken);
        var content = VerifyVoucher(response.Body, request.MediaType, anchors, now)
                      ?? throw new MasaFailedException("The MASA's voucher does not verify with any trusted MASA anchor for this device class.");
        if (content.SerialNumber != serial) throw new MasaFailedException($"The MASA's voucher is for serial {content.SerialNumber}, not {serial}.");
        if (request.Content.Nonce is { } nonce && (content.Nonce is not { } echoed || !echoed.Span.SequenceEqual(nonce.Span)))
            throw new MasaFailedException("The MASA's voucher does not carry the pledge's nonce.");
        if (content.PinnedDomainCert is not { } pinned || !pinned.Span.SequenceEqual(pki.Root.Certificate.RawData))
            throw new MasaFailedException("The MASA's voucher does not pin this domain's CA.");
        return new ObtainedVoucher(response.Body, content, masaUrl);
    }

    /// <summary>The registrar voucher-request (RFC 8995 5.5): the pledge's request, signed over by the registrar's key.</summary>
    private byte[] BuildRegistrarVoucherRequest(PledgeVoucherRequest request, string serial, DateTimeOffset now)
    {
        var content = new VoucherRequest
        {
            SerialNumber = serial, CreatedOn = now, Nonce = request.Content.Nonce, Assertion = request.Content.Assertion ?? VoucherAssertion.Proximity,
            IdevidIssuer = DeviceCertificateFields.AuthorityKeyIdentifier(request.Idevid), PriorSignedVoucherRequest = request.Signed,
        };
        var registrar = pki.RegistrarTlsCertificate;
        using var key = registrar.GetECDsaPrivateKey() ?? throw new InvalidOperationException("The registrar certificate has no ECDSA key.");
        // The domain chain goes along, so the MASA can pin the domain CA; the IDevID too, for a COSE request that carries none.
        IEnumerable<X509Certificate2> extra = request.IsCose ? [pki.Issuing.Certificate, pki.Root.Certificate, request.Idevid] : [pki.Issuing.Certificate, pki.Root.Certificate];
        return CmsSignedMessage.Sign(VoucherJson.Write(content), registrar, key, Enrollment.Pki.EnrollmentOids.AnimaJsonVoucher, extra, now);
    }

    internal static VoucherArtifact? VerifyVoucher(byte[] signed, string mediaType, IReadOnlyList<TrustAnchor> masaAnchors, DateTimeOffset now)
    {
        foreach (var anchor in masaAnchors)
        {
            var certificate = DecodedCertificates.Get(anchor.Material.Encoded);
            try
            {
                if (mediaType == BrskiMediaTypes.VoucherCose)
                {
                    var voucher = ConstrainedVoucher.DecodeVoucher(signed);
                    if (voucher.Verify(certificate)) return voucher.Content;
                }
                else
                {
                    var verified = CmsSignedMessage.Verify(signed, certificate, now);
                    if (verified.IsValid) return VoucherJson.ReadVoucher(verified.Content);
                }
            }
            catch (Exception e) when (e is Enrollment.EnrollmentFormatException or NotSupportedException)
            {
                // Malformed, or signed with an algorithm this registrar does not implement: not a voucher it can pass on.
                return null;
            }
        }
        return null;
    }

    private static string MasaDetail(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            if (json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("detail", out var detail) && detail.ValueKind == JsonValueKind.String)
                return detail.GetString()!;
        }
        catch (JsonException)
        {
            // Not problem details: pass the text on.
        }
        return body;
    }

    /// <summary>
    /// False when another request of the same pledge saved first (the unique index on the device, or the concurrency token
    /// of its bootstrap): this one then changes nothing, and the pledge's next attempt continues that bootstrap.
    /// </summary>
    private async Task<bool> SavedAsync(IDeviceTrustDbContext db, string serial, CancellationToken cancellationToken)
    {
        try
        {
            await audit.SaveAsync(db, cancellationToken);
            return true;
        }
        catch (DbUpdateException e)
        {
            logger.LogInformation(e, "Concurrent voucher-request of {Serial}; told to retry", serial);
            return false;
        }
    }

    private ProvisioningRefusedException Refuse(string serial, string reason, Domain.Refusals.RefusalCategory category)
    {
        logger.LogWarning("Refused pledge {Serial}: {Reason}", serial, reason);
        return new ProvisioningRefusedException(reason, category, serial);
    }

}
