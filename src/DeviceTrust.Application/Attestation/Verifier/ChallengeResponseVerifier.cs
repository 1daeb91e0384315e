using System.Buffers.Text;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using DeviceTrust.Application.Attestation.Appraisal;
using DeviceTrust.Application.Attestation.Vendor;
using DeviceTrust.Application.Audit;
using DeviceTrust.Application.Common;
using DeviceTrust.Application.Provisioning;
using DeviceTrust.Attestation;
using DeviceTrust.Attestation.Ear;
using DeviceTrust.Attestation.Eat;
using DeviceTrust.Cose;
using DeviceTrust.Domain;
using DeviceTrust.Domain.Accounts;
using DeviceTrust.Domain.Attestation;
using DeviceTrust.Domain.Audit;
using DeviceTrust.Domain.Devices;
using DeviceTrust.Domain.Trust;
using DeviceTrust.Enrollment.Pki;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace DeviceTrust.Application.Attestation.Verifier;

/// <summary>The evidence part of a session (Veraison: type and base64 value).</summary>
public sealed record SessionEvidence(string Type, string Value);

/// <summary>A challenge-response session as Veraison shows it (application/vnd.veraison.challenge-response-session+json).</summary>
/// <param name="Nonce">base64url, no padding.</param>
/// <param name="Status">waiting, processing, complete or failed.</param>
/// <param name="Result">The attestation result, an EAR as a signed JWT, once complete.</param>
public sealed record SessionView(Guid Id, string Nonce, DateTimeOffset Expiry, IReadOnlyList<string> Accept, string Status, SessionEvidence? Evidence, string? Result);

/// <summary>
/// The verifier's challenge-response API (RFC 9334 §10.2; Veraison's sessions): a caller asks for a nonce, the device's
/// evidence comes back within the session's lifetime, and is appraised into a signed EAR. A device may attest only as
/// itself; a relying party (Operator, SecurityOfficer) may open a session and pass evidence on. Every appraisal is kept
/// and audited; a replayed answer is refused and audited.
/// </summary>
public sealed class ChallengeResponseVerifier(IDeviceTrustDbContextFactory dbFactory, AuditTrail audit, TimeProvider time, AttestationResultSigner signer,
    VerdictConsequences consequences, VendorVerification vendors, AppraisalCommits commits, ILogger<ChallengeResponseVerifier> logger)
{
    /// <summary>Veraison's session lifetime.</summary>
    public static readonly TimeSpan SessionLifetime = TimeSpan.FromSeconds(150);

    public const int DefaultNonceSize = 32;

    /// <summary>The evidence this verifier takes: the DeviceTrust EAT profile as a CWT (RFC 9782).</summary>
    public static readonly string EvidenceMediaType = $"{DeviceTrustEatProfile.MediaType}; eat_profile=\"{DeviceTrustEatProfile.ProfileUri}\"";

    public static readonly VerifierId VerifierId = new("DeviceTrust", typeof(ChallengeResponseVerifier).Assembly.GetName().Version?.ToString() ?? "dev");

    /// <param name="device">The device the caller is, when a device asks (it may attest only as itself); null for a relying party.</param>
    public async Task<SessionView> NewSessionAsync(Actor caller, Guid? device, int? nonceSize, string? nonce, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        EnsureMayAttest(caller, device);
        if (nonceSize is not null && nonce is not null) throw RequestValidationException.For("nonce", "Give nonceSize or nonce, not both.");
        byte[] challenge;
        if (nonce is not null)
        {
            challenge = DecodeBase64Url(nonce) ?? throw RequestValidationException.For("nonce", "The nonce is base64url.");
        }
        else
        {
            var size = nonceSize ?? DefaultNonceSize;
            if (size is < AttestationSession.MinNonceLength or > AttestationSession.MaxNonceLength)
                throw RequestValidationException.For("nonceSize", $"nonceSize is {AttestationSession.MinNonceLength} to {AttestationSession.MaxNonceLength}.");
            challenge = RandomNumberGenerator.GetBytes(size);
        }
        if (challenge.Length is < AttestationSession.MinNonceLength or > AttestationSession.MaxNonceLength)
            throw RequestValidationException.For("nonce", $"A nonce is {AttestationSession.MinNonceLength} to {AttestationSession.MaxNonceLength} bytes.");
        return await OpenAsync(AttestationSession.Open(challenge, SessionLifetime, caller.Name, device, time.GetUtcNow()), cancellationToken);
    }

    /// <summary>
    /// A session only <paramref name="deviceId"/> may answer, opened for <paramref name="requestedBy"/> (a person's
    /// "Attest now", or the server's own schedule); the caller hands its nonce to the device.
    /// </summary>
    public Task<SessionView> OpenForDeviceAsync(Actor requestedBy, Guid deviceId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(requestedBy);
        return OpenAsync(AttestationSession.Open(RandomNumberGenerator.GetBytes(DefaultNonceSize), SessionLifetime, requestedBy.Name, deviceId, time.GetUtcNow()),
            cancellationToken);
    }

    private async Task<SessionView> OpenAsync(AttestationSession session, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateAsync(cancellationToken);
        db.AttestationSessions.Add(session);
        // High-rate and worth nothing after a power cut (a nonce two and a half minutes long).
        await db.SaveChangesAsync(SaveDurability.Deferred, cancellationToken);
        return View(session);
    }

    public async Task<SessionView> GetSessionAsync(Actor caller, Guid? device, Guid sessionId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        await using var db = await dbFactory.CreateAsync(cancellationToken);
        return View(await FindAsync(db, caller, device, sessionId, cancellationToken));
    }

    public async Task DeleteSessionAsync(Actor caller, Guid? device, Guid sessionId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        await using var db = await dbFactory.CreateAsync(cancellationToken);
        var session = await FindAsync(db, caller, device, sessionId, cancellationToken);
        // An appraised session stays: its appraisal refers to it.
        if (session.Status is AttestationSessionStatus.Complete)
            throw new ConflictException($"Session {sessionId} is complete; its appraisal is kept in the history.");
        db.AttestationSessions.Remove(session);
        await db.SaveChangesAsync(SaveDurability.Deferred, cancellationToken);
    }

    /// <summary>Takes the session's evidence and appraises it. The session then says complete (with the EAR) or failed (with why).</summary>
    /// <exception cref="UnsupportedMediaTypeException">Not the evidence media type this verifier takes.</exception>
    /// <exception cref="AttestationFormatException">The evidence is malformed; the session has failed.</exception>
    public async Task<SessionView> SubmitEvidenceAsync(Actor caller, Guid? device, Guid sessionId, string? mediaType, byte[] evidence,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(evidence);
        if (!IsEvidenceMediaType(mediaType))
            throw new UnsupportedMediaTypeException($"Evidence is {EvidenceMediaType}; '{mediaType}' is not taken.");
        var alone = false;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await AppraiseAsync(caller, device, sessionId, evidence, alone, cancellationToken);
            }
            catch (EndorsedKeyBoundMeanwhileException) when (attempt < MaxAttempts)
            {
                // Another appraisal bound the same endorsed key first (one key is active for one device: a unique index);
                // nothing of this one was saved, and now the key is found bound.
            }
            catch (GroupCommitFailedException) when (attempt < MaxAttempts)
            {
                // The batch it was committed with failed as a whole: nothing of it was saved; this one is saved on its own.
                alone = true;
            }
        }
    }

    /// <summary>Each race above is lost at most once (the key is then found bound; alone, no batch fails for another).</summary>
    private const int MaxAttempts = 3;

    /// <summary>Our evidence's endorsed key was bound by another appraisal between our look and our save.</summary>
    private sealed class EndorsedKeyBoundMeanwhileException(Exception inner) : Exception("The endorsed key was bound meanwhile.", inner);

    /// <param name="alone">Save with this appraisal's own transaction even when it is routine (not with <see cref="AppraisalCommits"/>).</param>
    private async Task<SessionView> AppraiseAsync(Actor caller, Guid? device, Guid sessionId, byte[] evidence, bool alone, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var db = await dbFactory.CreateAsync(cancellationToken);
        var session = await FindAsync(db, caller, device, sessionId, cancellationToken);
        try
        {
            session.Answer(EvidenceMediaType, evidence, now);
        }
        catch (DomainException e)
        {
            // A second answer is a replay, an expired session a late answer: refused, nothing changes but the audit trail.
            await using var auditDb = await dbFactory.CreateAsync(cancellationToken);
            await audit.SaveAsync(auditDb, new AuditRecord(caller.Name, AuditActions.AttestationReplayRefused, "attestation-session", session.Id.ToString(),
                JsonSerializer.Serialize(new { reason = e.Message, status = session.Status.ToString(), evidenceSha256 = Convert.ToHexStringLower(SHA256.HashData(evidence)) })),
                cancellationToken);
            throw new ConflictException(e.Message, e);
        }

        // Signed (COSE_Sign1), or MACed (COSE_Mac0) by a device of a VendorVerified class: the same claims-set.
        IEatToken token;
        try
        {
            token = VendorEvidence.IsMacEnvelope(evidence) ? VendorEvidence.Read(evidence) : EatEvidence.Read(evidence);
        }
        catch (AttestationFormatException e)
        {
            session.Fail($"malformed evidence: {e.Message}");
            await db.SaveChangesAsync(cancellationToken);
            throw;
        }

        var deviceId = session.DeviceId ?? await DeviceByUeidAsync(db, token.Claims.Ueid, cancellationToken);
        if ((deviceId is { } id ? await VerifierQueries.DeviceAndClassAsync(db, id, cancellationToken) : null) is not var (appraised, deviceClass))
        {
            session.Fail("the evidence names no device of this domain (ueid)");
            await db.SaveChangesAsync(cancellationToken);
            return View(session);
        }
        VendorVouching? vendor;
        try
        {
            vendor = await vendors.JudgeAsync(db, appraised, deviceClass, token, evidence, now, cancellationToken);
        }
        catch (VendorVerifierFailedException e)
        {
            // Nothing is appraised: the device was not judged, and may answer another session.
            session.Fail(e.Message);
            await db.SaveChangesAsync(cancellationToken);
            throw;
        }
        var (key, boundNow) = vendor is null && token is EatToken signed ? await KeyAsync(db, appraised, signed, deviceClass.Id, now, cancellationToken) : (null, false);
        // By the stored SubjectPublicKeyInfo: EatToken keeps the imported key for the device's next evidence.
        var verified = key is not null && ((EatToken)token).VerifySignature(key.SubjectPublicKeyInfo);
        var referenceValues = await VerifierQueries.ActiveReferenceValuesAsync(db, deviceClass.Id, cancellationToken);

        // Read only where the policy needs it: routine appraisals of other classes pay nothing for it.
        var releases = deviceClass.AttestationPolicy.FlagSupersededFirmware ? await VerifierQueries.ReleasedFirmwareAsync(db, deviceClass.Id, cancellationToken)
            : ReleasedFirmware.None;
        var outcome = Appraiser.Appraise(new AppraisalInput(token, key, verified, appraised, deviceClass, session.Nonce, referenceValues, vendor) { Releases = releases });
        var policyId = $"devicetrust/{deviceClass.Name}/attestation-policy/v{deviceClass.AttestationPolicy.Version}";
        var result = new AttestationResult(now, VerifierId,
            new Dictionary<string, EarAppraisal> { [appraised.SerialNumber] = new(outcome.Tier, outcome.Vector, [policyId]) },
            rawEvidence: evidence, nonce: session.Nonce);
        var ear = signer.Sign(result);
        session.Complete(ear);
        var reasons = outcome.Reasons.Select(r => new AppraisalReasonJson(EarClaimNames.VectorClaimName(r.Claim), r.Value, r.Text)).ToList();
        var used = referenceValues.Where(r => r.FirmwareVersion == outcome.FirmwareVersion).Select(r => r.Id).ToList();
        var appraisal = AttestationAppraisal.Record(session.Id, appraised.Id, appraised.SerialNumber, token.KeyId, EvidenceMediaType, evidence,
            ClaimsJson.Of(token.Claims), deviceClass.AttestationPolicy.Version, outcome.FirmwareVersion, used, VectorJson(outcome.Vector),
            (AttestationVerdict)(int)outcome.Tier, JsonSerializer.Serialize(reasons), ear, caller.Name, now);
        var durability = DurabilityOf(outcome.Tier, boundNow);
        if (durability == SaveDurability.Deferred && !alone)
        {
            // The routine case, the high-rate one: committed with the other routine appraisals waiting (a group commit),
            // which answer their sessions afresh in that transaction. This context saves nothing.
            await commits.CommitAsync(appraisal, EvidenceMediaType, evidence, ear, now, cancellationToken);
            await ApplyVerdictAsync(db, appraisal, cancellationToken);
            return View(session);
        }
        db.AttestationAppraisals.Add(appraisal);
        try
        {
            await audit.SaveAsync(db, durability, cancellationToken);
        }
        catch (DbUpdateConcurrencyException e)
        {
            // Another answer to this session was saved first: this one is the replay.
            throw new ConflictException($"Session {session.Id} was answered meanwhile: a session takes one answer.", e);
        }
        catch (DbUpdateException e) when (boundNow)
        {
            throw new EndorsedKeyBoundMeanwhileException(e);
        }
        await ApplyVerdictAsync(db, appraisal, cancellationToken);
        return View(session);
    }

    /// <summary>
    /// An affirming appraisal that bound no key is the routine, high-rate case (every device, every re-attestation
    /// interval): it is saved, with its audit entry and its session's answer, as one transaction that does not wait for
    /// the disk flush (<see cref="SaveDurability.Deferred"/>), so the database's single writer is not held for one flush
    /// per session. It is committed, seen by every reader and kept if the app crashes; only a power cut in the moment
    /// before the next flushed save or checkpoint could lose it, never a part of it. Every other verdict, and a key bound
    /// now (a security decision), is flushed before the device gets its result; so is an affirming verdict that moves
    /// its device, by the flushed save of the move that follows.
    /// </summary>
    private static SaveDurability DurabilityOf(TrustTier tier, bool keyBoundNow) =>
        tier == TrustTier.Affirming && !keyBoundNow ? SaveDurability.Deferred : SaveDurability.Flushed;

    /// <summary>
    /// The verdict's effect on the device. The appraisal stands whatever happens here: a device that kept changing
    /// underneath is moved by its next appraisal instead, which the log says.
    /// </summary>
    private async Task ApplyVerdictAsync(IDeviceTrustDbContext db, AttestationAppraisal appraisal, CancellationToken cancellationToken)
    {
        try
        {
            if (await consequences.ApplyAsync(db, appraisal, cancellationToken) is { } change)
                logger.LogInformation("Device {Serial} is now {State}: {Reason}", change.SerialNumber, change.To, change.Reason);
        }
        catch (ConflictException e)
        {
            logger.LogWarning(e, "The verdict of appraisal {Appraisal} was not applied to device {Device}", appraisal.Id, appraisal.DeviceId);
        }
    }

    /// <summary>
    /// The active attestation key the kid names for this device; else, when the evidence carries an endorsement certificate
    /// chain (x5chain, RFC 9360) to an active AttestationEndorsement anchor of the device's class that names the device's
    /// serial and certifies the key the kid names, that key, bound to the device now (audited).
    /// </summary>
    /// <returns>The key, and whether it was bound now (added to <paramref name="db"/>, saved with the appraisal).</returns>
    private async Task<(AttestationKey? Key, bool BoundNow)> KeyAsync(IDeviceTrustDbContext db, Device device, EatToken token, Guid deviceClassId,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (token.KeyId is not { } kid) return (null, false);
        var key = await VerifierQueries.ActiveKeyAsync(db, device.Id, kid, cancellationToken);
        if (key is not null) return (key, false);
        IReadOnlyList<byte[]> chain;
        try
        {
            chain = token.Message.ProtectedHeaders.GetCertificates(CoseHeaderLabels.X5Chain);
        }
        catch (CoseFormatException)
        {
            // A malformed x5chain endorses nothing: the kid then names no key, which the appraisal says.
            return (null, false);
        }
        if (chain.Count == 0) return (null, false);
        using var leaf = TryLoad(chain[0]);
        if (leaf is null || DeviceCertificateFields.SubjectSerialNumber(leaf) != device.SerialNumber) return (null, false);
        var spki = leaf.PublicKey.ExportSubjectPublicKeyInfo();
        if (!AttestationKey.KeyIdOf(spki).AsSpan().SequenceEqual(kid)) return (null, false);
        var intermediates = chain.Skip(1).Select(TryLoad).OfType<X509Certificate2>().ToList();
        try
        {
            foreach (var anchor in await DomainTrust.AnchorsAsync(db, TrustAnchorPurpose.AttestationEndorsement, deviceClassId, now, cancellationToken))
            {
                if (!ChainValidator.Validate(leaf, DecodedCertificates.Get(anchor.Material.Encoded), now, intermediates).IsValid) continue;
                // Bound since the look above: by another answer of this device (a race it lost: that binding stands), or
                // to another device, whose active key cannot be taken over through a certificate naming this one.
                var holder = await db.AttestationKeys.AsNoTracking()
                    .FirstOrDefaultAsync(k => k.KeyId == kid && k.Status == AttestationKeyStatus.Active, cancellationToken);
                if (holder is not null) return holder.DeviceId == device.Id ? (holder, false) : (null, false);
                var endorsed = AttestationKey.Endorsed(device.Id, device.SerialNumber, spki, leaf.RawData, Actor.System.Name, now);
                db.AttestationKeys.Add(endorsed);
                return (endorsed, true);
            }
            return (null, false);
        }
        finally
        {
            foreach (var certificate in intermediates) certificate.Dispose();
        }
    }

    private static X509Certificate2? TryLoad(byte[] der)
    {
        try
        {
            return X509CertificateLoader.LoadCertificate(der);
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    private static async Task<Guid?> DeviceByUeidAsync(IDeviceTrustDbContext db, byte[]? ueid, CancellationToken cancellationToken) =>
        ueid is null ? null : await db.Devices.Where(d => d.Ueid == ueid).Select(d => (Guid?)d.Id).FirstOrDefaultAsync(cancellationToken);

    private static async Task<AttestationSession> FindAsync(IDeviceTrustDbContext db, Actor caller, Guid? device, Guid sessionId, CancellationToken cancellationToken)
    {
        EnsureMayAttest(caller, device);
        var session = await VerifierQueries.SessionAsync(db, sessionId, cancellationToken);
        // A device sees its own sessions only; another's is as unknown to it as a session that never was.
        if (session is null || (device is not null && session.DeviceId != device)) throw new NotFoundException($"Session {sessionId}");
        return session;
    }

    private static void EnsureMayAttest(Actor caller, Guid? device)
    {
        if (device is not null) return;
        if (!caller.IsInRole(Roles.Operator) && !caller.IsInRole(Roles.SecurityOfficer))
            throw new ForbiddenException($"{caller.Name} is not an Operator or SecurityOfficer and may not ask for attestation.");
    }

    private static bool IsEvidenceMediaType(string? mediaType)
    {
        if (mediaType is null) return false;
        var parts = mediaType.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0 || !parts[0].Equals(DeviceTrustEatProfile.MediaType, StringComparison.OrdinalIgnoreCase)) return false;
        // RFC 9782 §4: the eat_profile parameter, when given, must name this profile.
        var profile = parts.Skip(1).Select(p => p.Split('=', 2)).FirstOrDefault(p => p[0].Equals("eat_profile", StringComparison.OrdinalIgnoreCase));
        return profile is null || (profile.Length == 2 && profile[1].Trim('"') == DeviceTrustEatProfile.ProfileUri);
    }

    private static byte[]? DecodeBase64Url(string text)
    {
        try
        {
            return Base64Url.DecodeFromChars(text.Trim());
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static string VectorJson(TrustworthinessVector vector) =>
        JsonSerializer.Serialize(vector.Claims.ToDictionary(c => EarClaimNames.VectorClaimName(c.Key), c => (int)c.Value));

    private static SessionView View(AttestationSession session) => new(session.Id, Base64Url.EncodeToString(session.Nonce), session.ExpiresAt, [EvidenceMediaType],
        session.Status.ToString().ToLowerInvariant(),
        session.Evidence is { } evidence ? new SessionEvidence(session.EvidenceMediaType!, Convert.ToBase64String(evidence)) : null, session.Result);
}
