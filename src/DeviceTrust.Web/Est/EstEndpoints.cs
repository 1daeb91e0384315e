using DeviceTrust.Application.Provisioning;
using DeviceTrust.Application.Provisioning.Est;
using DeviceTrust.Enrollment.Cms;
using DeviceTrust.Enrollment.Est;
using DeviceTrust.Web.Brski;

namespace DeviceTrust.Web.Est;

/// <summary>
/// EST (RFC 7030) at /.well-known/est. Only on TLS (RFC 7030 3.3): over plain HTTP every EST path answers 403.
/// The distribution of CA certificates and of CSR attributes needs no client authentication (RFC 7030 4.1.1, 4.5.1);
/// enrollment is authorized by the TLS client certificate (see <see cref="EstEnrollment"/>).
/// </summary>
internal static class EstEndpoints
{
    public const string Base = "/.well-known/est";

    public static IEndpointRouteBuilder MapEstEndpoints(this IEndpointRouteBuilder app)
    {
        var est = app.MapGroup(Base).AllowAnonymous().WithTags("EST").AddEndpointFilter(DeviceRequests.RequireTls);
        est.MapGet("/cacerts", CaCerts).WithName("EstCaCerts").WithSummary("The domain CA certificates (RFC 7030 4.1), certs-only PKCS#7, base64.");
        est.MapGet("/csrattrs", CsrAttrs).WithName("EstCsrAttrs").WithSummary("What a CSR should contain (RFC 7030 4.5), base64 DER.");
        est.MapPost("/simpleenroll", (HttpContext http, EstEnrollment e) => EnrollAsync(http, e, EstOperation.SimpleEnroll)).WithName("EstSimpleEnroll")
            .WithSummary("PKCS#10 (base64) -> LDevID in certs-only PKCS#7 (RFC 7030 4.2.1); IDevID with an issued voucher, or the LDevID, as TLS client certificate.");
        est.MapPost("/simplereenroll", (HttpContext http, EstEnrollment e) => EnrollAsync(http, e, EstOperation.SimpleReenroll)).WithName("EstSimpleReenroll")
            .WithSummary("Renews the LDevID presented as TLS client certificate (RFC 7030 4.2.2).");
        est.MapPost("/serverkeygen", (HttpContext http, EstEnrollment e) => EnrollAsync(http, e, EstOperation.ServerKeyGen)).WithName("EstServerKeyGen")
            .WithSummary("The server generates the key: multipart/mixed with the PKCS#8 key and the certificate (RFC 7030 4.4).");
        return app;
    }

    // RFC 7030 4.1.3: the current root and the certificates needed to build a chain to it.
    private static IResult CaCerts(DomainPki pki) =>
        Base64Body(CertsOnlyPkcs7.BuildBase64([pki.Issuing.Certificate, pki.Root.Certificate]), EstMediaTypes.Pkcs7CertsOnly);

    private static IResult CsrAttrs() => Base64Body(CsrAttributes.EncodeBase64(CsrAttributes.DomainDefaults), EstMediaTypes.CsrAttrs);

    private static async Task<IResult> EnrollAsync(HttpContext http, EstEnrollment enrollment, EstOperation operation)
    {
        var mediaType = http.Request.MediaType();
        if (mediaType != EstMediaTypes.Pkcs10) return DeviceRequests.UnsupportedMediaType(mediaType, EstMediaTypes.Pkcs10);
        var body = await http.Request.ReadBoundedBodyAsync();
        if (body is null) return DeviceRequests.TooLarge();
        // RFC 7030 4.2.1: the PKCS#10 is base64 DER (Content-Transfer-Encoding: base64 is implied).
        var csr = EstBase64.Decode(body);
        var answer = await enrollment.EnrollAsync(operation, csr, await http.ClientCertificateAsync(), http.ClientIntermediates(), http.RequestAborted);
        if (answer.RetryAfter is { } wait)
            return DeviceRequests.RetryAfter(wait, "The enrollment waits for the pledge's approval and voucher; ask again after Retry-After seconds.");
        var issued = answer.Issued!;
        if (issued.PrivateKeyPkcs8 is { } key)
        {
            var (contentType, multipart) = new ServerKeyGenResponse(key, [issued.Certificate]).Build();
            return Results.Bytes(multipart, contentType);
        }
        return Base64Body(CertsOnlyPkcs7.BuildBase64([issued.Certificate]), EstMediaTypes.Pkcs7CertsOnly);
    }

    /// <summary>RFC 7030 4.1.3 / 4.2.3 / 4.5.2: the DER is sent base64-encoded with Content-Transfer-Encoding: base64.</summary>
    private static IResult Base64Body(string body, string contentType) => new EstBase64Result(body, contentType);

    private sealed class EstBase64Result(string body, string contentType) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.ContentType = contentType;
            httpContext.Response.Headers[EstMediaTypes.ContentTransferEncoding] = EstMediaTypes.Base64;
            return httpContext.Response.WriteAsync(body);
        }
    }
}
