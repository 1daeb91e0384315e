using System.Buffers.Text;
using System.Security.Cryptography.X509Certificates;
using DeviceTrust.Application.Common;
using DeviceTrust.Application.Provisioning.Manufacturers;
using DeviceTrust.Attestation.Ear;
using DeviceTrust.Attestation.Eat;
using DeviceTrust.Domain;
using Microsoft.Extensions.Logging;

namespace DeviceTrust.Application.Attestation.Vendor;

/// <summary>What a relying party asks a manufacturer's verifier: is this evidence from device <see cref="SerialNumber"/>?</summary>
/// <param name="Evidence">The evidence as the device sent it, base64url.</param>
public sealed record VendorAppraisalRequest(string SerialNumber, string Evidence);

/// <summary>
/// The attestation verifier of a simulated manufacturer (DEV-ONLY), which stands in for the one a real manufacturer runs
/// for its VendorVerified classes (RFC 9334 §3.1: the verifier role, held by the party that holds the secrets). It derives
/// the device's evidence secret from its master secret and the serial it is asked about, checks the COSE_Mac0 tag, and
/// answers with an EAR signed by its own key: instance-identity and hardware affirmed when the tag verifies, refused with
/// the reason when it does not. It says nothing about configuration or executables: the domain's verifier appraises
/// those against its own policy and reference values. It shares the process, not the trust: the domain's verifier knows
/// it only through an AttestationVerifier anchor and reaches it over HTTPS.
/// </summary>
public sealed class EmbeddedVendorVerifier(SimulatedManufacturers manufacturers, TimeProvider time, ILogger<EmbeddedVendorVerifier> logger)
{
    /// <summary>Where the embedded verifiers answer on the HTTPS listener: {PathPrefix}/{manufacturerId}/appraise.</summary>
    public const string PathPrefix = "/vendor-verifier";

    /// <summary>The media type of its answer: an EAR as a signed JWT (draft-ietf-rats-ear §4.1).</summary>
    public const string ResultMediaType = "application/eat+jwt";

    public const string PolicyId = "vendor/evidence-secret/v1";

    /// <exception cref="NotFoundException">No simulated manufacturer with a verifier has that id.</exception>
    /// <exception cref="RequestValidationException">The serial number or the base64url is not valid.</exception>
    /// <exception cref="DeviceTrust.Attestation.AttestationFormatException">The evidence is not vendor evidence.</exception>
    public async Task<string> AppraiseAsync(Guid manufacturerId, VendorAppraisalRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var manufacturer = await manufacturers.FindAsync(manufacturerId, cancellationToken);
        if (manufacturer is not { VerifierSigner: { } signer, VendorMasterSecret: { } master })
            throw new NotFoundException($"Attestation verifier {manufacturerId}");
        string serial;
        try
        {
            serial = Domain.Devices.SerialNumber.Validate(request.SerialNumber);
        }
        catch (DomainException e)
        {
            throw RequestValidationException.For("serialNumber", e.Message);
        }
        var evidence = DecodeBase64Url(request.Evidence) ?? throw RequestValidationException.For("evidence", "The evidence is base64url.");
        var token = VendorEvidence.Read(evidence);

        var secret = VendorAttestationSecrets.ForDevice(master, serial);
        TrustworthinessVector vector;
        if (!secret.KeyId!.Value.Span.SequenceEqual(token.KeyId))
            vector = TrustworthinessVector.Empty.With(TrustworthinessClaim.InstanceIdentity, InstanceIdentityValues.Unrecognized);
        else if (!token.VerifyTag(secret))
            vector = TrustworthinessVector.Empty.With(TrustworthinessClaim.InstanceIdentity, SharedValues.CryptoValidationFailed);
        else
            vector = TrustworthinessVector.Empty
                .With(TrustworthinessClaim.InstanceIdentity, InstanceIdentityValues.Recognized)
                .With(TrustworthinessClaim.Hardware, HardwareValues.Genuine);

        var nonce = token.Claims.Nonce is [var only] && only.Length is >= AttestationResult.MinNonceLength and <= AttestationResult.MaxNonceLength ? only : null;
        var result = new AttestationResult(time.GetUtcNow(), new VerifierId($"{manufacturer.Name} attestation verifier ({SimulatedManufacturers.DevOnlyMarker})", "1"),
            new Dictionary<string, EarAppraisal> { [serial] = EarAppraisal.FromVector(vector, PolicyId) }, rawEvidence: evidence, nonce: nonce);
        using var key = signer.GetECDsaPrivateKey()!;
        logger.LogInformation("The attestation verifier of {Manufacturer} appraised evidence of {Serial}: {Tier}", manufacturer.Name, serial, vector.Tier);
        return EarJwt.Sign(result, key, EarVerificationKey.FromECDsa(key).KeyId);
    }

    private static byte[]? DecodeBase64Url(string value)
    {
        if (value.Length is 0 or > EatToken.MaxEncodedLength * 4 / 3 + 4) return null;
        try
        {
            return Base64Url.DecodeFromChars(value);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
