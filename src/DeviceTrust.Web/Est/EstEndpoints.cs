using DeviceTrust.Application.Provisioning;
using DeviceTrust.Enrollment.Cms;
using DeviceTrust.Enrollment.Est;

namespace DeviceTrust.Web.Est;

/// <summary>
/// EST (RFC 7030) at /.well-known/est. Only on TLS (RFC 7030 3.3): over plain HTTP every EST path answers 403.
/// The distribution of CA certificates and of CSR attributes needs no client authentication (RFC 7030 4.1.1, 4.5.1).
/// </summary>
internal static class EstEndpoints
{
    public const string Base = "/.well-known/est";

    public static IEndpointRouteBuilder MapEstEndpoints(this IEndpointRouteBuilder app)
    {
        var est = app.MapGroup(Base).AllowAnonymous().WithTags("EST").AddEndpointFilter(RequireTls);
        est.MapGet("/cacerts", CaCerts).WithName("EstCaCerts").WithSummary("The domain CA certificates (RFC 7030 4.1), certs-only PKCS#7, base64.");
        est.MapGet("/csrattrs", CsrAttrs).WithName("EstCsrAttrs").WithSummary("What a CSR should contain (RFC 7030 4.5), base64 DER.");
        return app;
    }

    // RFC 7030 4.1.3: the current root and the certificates needed to build a chain to it.
    private static IResult CaCerts(DomainPki pki) =>
        Base64Body(CertsOnlyPkcs7.BuildBase64([pki.Issuing.Certificate, pki.Root.Certificate]), EstMediaTypes.Pkcs7CertsOnly);

    private static IResult CsrAttrs() => Base64Body(CsrAttributes.EncodeBase64(CsrAttributes.DomainDefaults), EstMediaTypes.CsrAttrs);

    /// <summary>RFC 7030 4.1.3 / 4.5.2: the DER is sent base64-encoded with Content-Transfer-Encoding: base64.</summary>
    private static IResult Base64Body(string body, string contentType) => new EstBase64Result(body, contentType);

    private static async ValueTask<object?> RequireTls(EndpointFilterInvocationContext context, EndpointFilterDelegate next) =>
        context.HttpContext.Request.IsHttps
            ? await next(context)
            : Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "EST requires TLS.",
                detail: "Use the device-facing HTTPS listener (port 5443 by default); RFC 7030 3.3.");

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
