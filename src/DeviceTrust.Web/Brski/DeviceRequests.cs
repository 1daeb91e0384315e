using System.Security.Cryptography.X509Certificates;
using DeviceTrust.Application.Provisioning;
using DeviceTrust.Domain.Refusals;
using Microsoft.Net.Http.Headers;

namespace DeviceTrust.Web.Brski;

/// <summary>What every device-facing protocol endpoint reads from the request: a bounded body, its media type, the TLS client certificate.</summary>
internal static class DeviceRequests
{
    /// <summary>Voucher-requests, CSRs and status reports are a few KiB; anything larger is refused before it is read.</summary>
    public const int MaxBodyBytes = 64 * 1024;

    public static async Task<X509Certificate2?> ClientCertificateAsync(this HttpContext context) =>
        context.Connection.ClientCertificate ?? await context.Connection.GetClientCertificateAsync(context.RequestAborted);

    /// <summary>
    /// The CA certificates the client sent after its own in TLS (RFC 7030 3.3.2, RFC 8446 4.4.2), untrusted: candidates
    /// for the path to an anchor. More than <see cref="TlsClientChain.MaxIntermediates"/> is refused (403).
    /// </summary>
    public static IReadOnlyList<X509Certificate2> ClientIntermediates(this HttpContext context)
    {
        var sent = context.Features.Get<ITlsClientChainFeature>();
        if (sent is null) return [];
        if (sent.Sent > TlsClientChain.MaxIntermediates)
            throw new ProvisioningRefusedException($"The client sent {sent.Sent} certificates after its own in TLS; at most {TlsClientChain.MaxIntermediates} are considered.",
                RefusalCategory.UntrustedCertificate);
        return sent.Intermediates;
    }

    /// <summary>The media type without parameters, lowercased ("application/pkcs10; charset=x" → "application/pkcs10").</summary>
    public static string? MediaType(this HttpRequest request) =>
        MediaTypeHeaderValue.TryParse(request.ContentType, out var parsed) ? parsed.MediaType.Value?.ToLowerInvariant() : null;

    /// <summary>Reads the body up to <see cref="MaxBodyBytes"/>; null when it is larger (the caller answers 413).</summary>
    public static Task<byte[]?> ReadBoundedBodyAsync(this HttpRequest request) => request.ReadBoundedBodyAsync(MaxBodyBytes);

    /// <summary>Reads the body up to <paramref name="maxBytes"/>; null when it is larger.</summary>
    public static async Task<byte[]?> ReadBoundedBodyAsync(this HttpRequest request, int maxBytes)
    {
        if (request.ContentLength > maxBytes) return null;
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
        {
            if (buffer.Length + read > maxBytes) return null;
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    public static IResult TooLarge() => Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "The body is too large.",
        detail: $"Device requests are at most {MaxBodyBytes} bytes.");

    public static IResult UnsupportedMediaType(string? got, params string[] expected) => Results.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType,
        title: "Unsupported media type.", detail: $"Content-Type is '{got ?? "(none)"}'; send {string.Join(" or ", expected)}.");

    /// <summary>202 Accepted with Retry-After in whole seconds (RFC 8995 5.6, RFC 7030 4.2.3).</summary>
    public static IResult RetryAfter(TimeSpan wait, string detail) => new RetryAfterResult(wait, detail);

    /// <summary>TLS only: over plain HTTP device endpoints answer 403 (RFC 7030 3.3, RFC 8995 5.1).</summary>
    public static async ValueTask<object?> RequireTls(EndpointFilterInvocationContext context, EndpointFilterDelegate next) =>
        context.HttpContext.Request.IsHttps
            ? await next(context)
            : Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "This endpoint requires TLS.",
                detail: "Use the device-facing HTTPS listener (port 5443 by default).");

    private sealed class RetryAfterResult(TimeSpan wait, string detail) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = StatusCodes.Status202Accepted;
            httpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            httpContext.Response.ContentType = "text/plain; charset=utf-8";
            return httpContext.Response.WriteAsync(detail);
        }
    }
}
