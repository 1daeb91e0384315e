using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DeviceTrust.Application.Common;
using DeviceTrust.Application.Provisioning;
using DeviceTrust.Application.TrustAnchors;
using DeviceTrust.Attestation;
using DeviceTrust.Attestation.Ear;
using DeviceTrust.Attestation.Eat;
using DeviceTrust.Cose;
using DeviceTrust.Domain.Attestation;
using DeviceTrust.Domain.Devices;
using DeviceTrust.Domain.Fleet;
using DeviceTrust.Domain.Trust;
using Microsoft.EntityFrameworkCore;

namespace DeviceTrust.Application.Attestation.Vendor;

/// <summary>
/// What a manufacturer's verifier said about one piece of evidence, as the domain's verifier checked it: vouched (the
/// result is signed by an AttestationVerifier anchor of the class, is about this very evidence and this device, and
/// affirms it), or not, with why.
/// </summary>
/// <param name="Verifier">Who answered: the anchor that verified its result, else the manufacturer's name.</param>
/// <param name="Vector">The manufacturer's trustworthiness vector for the device, when its result could be read.</param>
public sealed record VendorVouching(string Verifier, bool Vouched, string Reason, TrustworthinessVector? Vector)
{
    public static VendorVouching Refused(string verifier, string reason, TrustworthinessVector? vector = null) => new(verifier, false, reason, vector);
}

/// <summary>
/// The domain's side of the VendorVerified model (RFC 9334 §3.1, the "passport"-free variant where the relying party's
/// verifier consults another verifier): DeviceTrust never holds the device's secret, so it forwards the MACed evidence to
/// the manufacturer's verifier over HTTPS and trusts the EAR that comes back only when an active AttestationVerifier anchor
/// of the device's class signed it, its <c>ear.raw-evidence</c> is the evidence sent (so an answer about other evidence
/// cannot be replayed), and it names the device's serial. The rest of the evidence (nonce, ueid, hwmodel, dbgstat,
/// component digests) the domain's verifier appraises itself, as for endorsed keys.
/// </summary>
public sealed class VendorVerification(IVendorVerifierClient client, EmbeddedVendorVerifierEndpoint embedded)
{
    /// <summary>Who refuses an envelope of the other model: the domain's own verifier.</summary>
    private const string DomainVerifier = "DeviceTrust";

    /// <summary>
    /// How the evidence's origin is judged for the device's class: null for signed evidence of an Endorsed class (its key
    /// and signature decide); the manufacturer's verdict for MACed evidence of a VendorVerified class; and a refusal for
    /// an envelope of the other model, which no key or secret of the class can vouch for.
    /// </summary>
    /// <exception cref="VendorVerifierFailedException">The manufacturer's verifier could not be reached or gave no result.</exception>
    public async Task<VendorVouching?> JudgeAsync(IDeviceTrustDbContext db, Device device, DeviceClass deviceClass, IEatToken token, byte[] evidence,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(deviceClass);
        var maced = token is EatMacToken;
        if (deviceClass.AttestationModel == AttestationModel.VendorVerified)
            return maced
                ? await CheckAsync(db, device, deviceClass, evidence, now, cancellationToken)
                : VendorVouching.Refused(DomainVerifier,
                    $"{deviceClass.Name} is vendor verified: its evidence is MACed under the secret its factory embedded (COSE_Mac0), and a signed token is not accepted");
        return maced
            ? VendorVouching.Refused(DomainVerifier,
                $"{deviceClass.Name} is endorsed: its evidence is signed by the device's attestation key (COSE_Sign1), and a MACed token is not accepted")
            : null;
    }

    /// <exception cref="VendorVerifierFailedException">The verifier could not be reached, or did not answer with a result.</exception>
    public async Task<VendorVouching> CheckAsync(IDeviceTrustDbContext db, Device device, DeviceClass deviceClass, byte[] evidence, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(deviceClass);
        ArgumentNullException.ThrowIfNull(evidence);
        var manufacturer = await db.Manufacturers.AsNoTracking().FirstAsync(m => m.Id == deviceClass.ManufacturerId, cancellationToken);
        // A manufacturer with a MASA of its own is real: it names its verifier too. One without is simulated here.
        var url = manufacturer.VerifierUrl ?? (manufacturer.MasaUrl is null ? embedded.For(manufacturer.Id) : null);
        if (url is null)
            return VendorVouching.Refused(manufacturer.Name, $"{manufacturer.Name} has no attestation verifier configured, so nobody can check {deviceClass.Name}'s MACed evidence");

        var answer = await client.AppraiseAsync(url, new VendorAppraisalRequest(device.SerialNumber, Base64Url(evidence)), cancellationToken);
        if (answer.Status != 200)
            throw new VendorVerifierFailedException($"The attestation verifier of {manufacturer.Name} answered {answer.Status}: {Shorten(answer.Body)}");

        var anchors = await DomainTrust.AnchorsAsync(db, TrustAnchorPurpose.AttestationVerifier, deviceClass.Id, now, cancellationToken, certificatesOnly: false);
        if (anchors.Count == 0)
            return VendorVouching.Refused(manufacturer.Name, $"no active attestation verifier anchor covers {deviceClass.Name}, so {manufacturer.Name}'s result cannot be trusted");
        AttestationResult? result = null;
        TrustAnchor? signer = null;
        foreach (var anchor in anchors)
        {
            using var key = AnchorKeys.EcdsaPublicKeyOf(anchor.Material);
            if (key is null) continue;
            EarVerification verification;
            try
            {
                verification = await EarJwt.VerifyAsync(answer.Body, EarVerificationKey.FromECDsa(key));
            }
            catch (AttestationFormatException e)
            {
                throw new VendorVerifierFailedException($"The attestation verifier of {manufacturer.Name} answered with no EAR: {e.Message}", e);
            }
            catch (ArgumentException)
            {
                continue;   // an anchor key that is not P-256 cannot have signed an ES256 result
            }
            if (!verification.IsVerified) continue;
            (result, signer) = (verification.Result, anchor);
            break;
        }
        if (result is null || signer is null)
            return VendorVouching.Refused(manufacturer.Name,
                $"{manufacturer.Name}'s result is not signed by any of the {anchors.Count} attestation verifier anchor(s) of {deviceClass.Name}");

        // Named by the anchor a security officer sees on the trust-anchor page; the EAR's verifier-id is kept with it.
        var verifier = signer.Name;
        if (result.RawEvidence is not { } raw || !raw.Span.SequenceEqual(evidence))
            return VendorVouching.Refused(verifier, $"the result of {verifier} is not about this evidence (its ear.raw-evidence differs)");
        if (!result.Submods.TryGetValue(device.SerialNumber, out var appraisal))
            return VendorVouching.Refused(verifier, $"the result of {verifier} says nothing about {device.SerialNumber}");
        var vector = appraisal.Vector ?? TrustworthinessVector.Empty;
        return appraisal.Status == TrustTier.Affirming
            ? new VendorVouching(verifier, true, $"{verifier} checked the MAC with the secret of {device.SerialNumber}: {appraisal.Status.ToString().ToLowerInvariant()} ({vector})", vector)
            : VendorVouching.Refused(verifier, $"{verifier} did not vouch for the MAC: {appraisal.Status.ToString().ToLowerInvariant()} ({vector})", vector);
    }

    private static string Base64Url(byte[] bytes) => System.Buffers.Text.Base64Url.EncodeToString(bytes);

    private static string Shorten(string body) => body.Length <= 200 ? body : body[..200] + "…";
}
