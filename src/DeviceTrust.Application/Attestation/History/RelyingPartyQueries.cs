using System.Text.Json;
using DeviceTrust.Application.Attestation.Verifier;
using DeviceTrust.Application.Common;
using DeviceTrust.Attestation;
using DeviceTrust.Attestation.Ear;
using DeviceTrust.Domain.Attestation;
using Microsoft.EntityFrameworkCore;

namespace DeviceTrust.Application.Attestation.History;

/// <summary>A device's latest attestation result, and whether it is still current under its class's policy.</summary>
/// <param name="Current">Appraised within the class's re-attestation interval.</param>
/// <param name="Result">The EAR as handed out (a JWT signed by the verifier).</param>
public sealed record LatestAttestation(Guid DeviceId, string SerialNumber, Guid AppraisalId, DateTimeOffset AppraisedAt, AttestationVerdict Verdict,
    bool Current, DateTimeOffset CurrentUntil, string Result);

/// <summary>What a relying party learns from an EAR it was handed: whether this verifier signed it, and what it says.</summary>
/// <param name="Json">The result's claims in the EAR JSON form (verified results only).</param>
public sealed record EarCheck(bool Verified, string? Reason, string? Json);

/// <summary>The relying party's side of the verifier (RFC 9334 §3.4): a device's latest result, and checking a handed-over EAR.</summary>
public sealed class RelyingPartyQueries(IDeviceTrustDbContextFactory dbFactory, AttestationResultSigner signer, TimeProvider time)
{
    public const int MaxEarLength = 256 * 1024;

    public async Task<LatestAttestation> LatestAsync(Guid deviceId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateAsync(cancellationToken);
        var device = await (from d in db.Devices.AsNoTracking()
                            where d.Id == deviceId
                            join c in db.DeviceClasses on d.DeviceClassId equals c.Id
                            select new { d.SerialNumber, c.AttestationPolicy }).FirstOrDefaultAsync(cancellationToken)
                     ?? throw new NotFoundException($"Device {deviceId}");
        var latest = await db.AttestationAppraisals.AsNoTracking().Where(a => a.DeviceId == deviceId).OrderByDescending(a => a.AppraisedAt).ThenByDescending(a => a.Id)
                         .FirstOrDefaultAsync(cancellationToken)
                     ?? throw new NotFoundException($"An attestation result of device {device.SerialNumber}");
        var until = latest.AppraisedAt + device.AttestationPolicy.ReattestationInterval;
        return new LatestAttestation(deviceId, device.SerialNumber, latest.Id, latest.AppraisedAt, latest.Verdict, time.GetUtcNow() < until, until, latest.Result);
    }

    /// <summary>Checks that this verifier signed <paramref name="ear"/> (ES256, its current key) and returns what it says.</summary>
    /// <exception cref="AttestationFormatException">Not an EAR JWT at all.</exception>
    public async Task<EarCheck> CheckEarAsync(string? ear)
    {
        if (string.IsNullOrWhiteSpace(ear)) throw RequestValidationException.For("ear", "The EAR (a JWT) is required.");
        if (ear.Length > MaxEarLength) throw RequestValidationException.For("ear", $"An EAR is at most {MaxEarLength / 1024} KiB.");
        var verification = await EarJwt.VerifyAsync(ear.Trim(), signer.VerificationKey);
        return verification.IsVerified
            ? new EarCheck(true, null, EarJson.EncodeToString(verification.Result))
            : new EarCheck(false, verification.Reason ?? verification.Failure.ToString(), null);
    }
}
