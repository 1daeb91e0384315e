using DeviceTrust.Application.Common;

namespace DeviceTrust.Application.Attestation.Vendor;

/// <summary>A manufacturer's verifier's answer as received: its status, body and media type.</summary>
public sealed record VendorVerifierAnswer(int Status, string Body, string? MediaType);

/// <summary>
/// The domain's HTTPS client to manufacturers' attestation verifiers: POSTs a <see cref="VendorAppraisalRequest"/> as
/// JSON to <c>{verifierUrl}/appraise</c> and returns the answer, whatever its status.
/// </summary>
public interface IVendorVerifierClient
{
    /// <exception cref="VendorVerifierFailedException">The verifier could not be reached or did not answer in time.</exception>
    Task<VendorVerifierAnswer> AppraiseAsync(Uri verifierUrl, VendorAppraisalRequest request, CancellationToken cancellationToken);
}

/// <summary>A manufacturer's verifier could not be reached, or answered with something other than a result. Maps to 502;
/// nothing is appraised, and the device may answer another session later.</summary>
public sealed class VendorVerifierFailedException(string reason, Exception? innerException = null) : ApplicationError(reason, innerException)
{
    public override ErrorKind Kind => ErrorKind.Upstream;
}

/// <summary>
/// Where the embedded DEV-ONLY verifiers of simulated manufacturers answer: this app's own HTTPS listener, the address the
/// embedded MASA has (<see cref="Provisioning.Registrar.EmbeddedMasaEndpoint"/>).
/// </summary>
public sealed class EmbeddedVendorVerifierEndpoint(Provisioning.Registrar.EmbeddedMasaEndpoint listener)
{
    /// <summary>The verifier URL of one simulated manufacturer: {base}vendor-verifier/{id}.</summary>
    /// <exception cref="VendorVerifierFailedException">The HTTPS listener is not running.</exception>
    public Uri For(Guid manufacturerId) =>
        new(listener.BaseUrl ?? throw new VendorVerifierFailedException("The embedded attestation verifier has no address yet (the HTTPS device listener is not running)."),
            $"{EmbeddedVendorVerifier.PathPrefix.TrimStart('/')}/{manufacturerId:D}");
}
