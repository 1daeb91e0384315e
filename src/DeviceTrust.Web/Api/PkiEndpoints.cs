using DeviceTrust.Application.Provisioning;
using DeviceTrust.Application.Provisioning.Certificates;

namespace DeviceTrust.Web.Api;

/// <summary>Public PKI artefacts relying parties fetch without signing in (RFC 5280 4.2.1.13 distribution points).</summary>
internal static class PkiEndpoints
{
    public const string CrlContentType = "application/pkix-crl";

    public static IEndpointRouteBuilder MapPkiEndpoints(this IEndpointRouteBuilder app)
    {
        var pki = app.MapGroup("/pki").AllowAnonymous().WithTags("PKI");
        pki.MapGet("/crl", async (CertificateRevocation revocation, CancellationToken ct) =>
                Results.File(await revocation.CurrentCrlAsync(ct), CrlContentType, "devicetrust-issuing-ca.crl"))
            .WithName("GetCrl").WithSummary("The issuing CA's certificate revocation list (DER).");
        pki.MapGet("/root.crt", (DomainPki domain) => Results.File(domain.Root.ExportCertificateDer(), "application/pkix-cert", "devicetrust-root-ca.crt"))
            .WithName("GetRootCertificate").WithSummary("The domain root CA certificate (DER).");
        return app;
    }
}
