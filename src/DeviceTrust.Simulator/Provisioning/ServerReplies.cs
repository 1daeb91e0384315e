using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace DeviceTrust.Simulator.Provisioning;

/// <summary>Turns an HTTP response of a device endpoint into a <see cref="ServerReply{T}"/>; no I/O beyond reading its body.</summary>
public static class ServerReplies
{
    private const int MaxDetailLength = 500;

    /// <summary>
    /// Accept entry a client adds beside the media type it wants, so refusals arrive as problem details (RFC 9457 3): a
    /// server that negotiates them sends an empty body to an Accept that lists only, say, application/pkcs7-mime.
    /// </summary>
    public static MediaTypeWithQualityHeaderValue AcceptProblemDetails => new("application/problem+json", 0.5);

    /// <summary>
    /// 202 is "pending" with its Retry-After, 4xx and 5xx are refusals, any other 2xx is read by
    /// <paramref name="readValue"/>, which throws <see cref="Enrollment.EnrollmentFormatException"/> for a malformed body.
    /// </summary>
    public static async Task<ServerReply<T>> ReadAsync<T>(HttpResponseMessage response,
        Func<HttpResponseMessage, CancellationToken, Task<T>> readValue, DateTimeOffset now, TimeSpan defaultRetryAfter,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(readValue);
        if (response.StatusCode == HttpStatusCode.Accepted)
            return new ServerReply<T>.Pending(RetryAfter(response, now, defaultRetryAfter));
        if (!response.IsSuccessStatusCode)
            return new ServerReply<T>.Refused(await ReadErrorAsync(response, cancellationToken));
        return new ServerReply<T>.Completed(await readValue(response, cancellationToken));
    }

    /// <summary>
    /// Retry-After = HTTP-date / delay-seconds (RFC 9110 10.2.3); a date in the past means now, and a missing or
    /// unreadable header means <paramref name="fallback"/>.
    /// </summary>
    public static TimeSpan RetryAfter(HttpResponseMessage response, DateTimeOffset now, TimeSpan fallback)
    {
        ArgumentNullException.ThrowIfNull(response);
        return response.Headers.RetryAfter switch
        {
            { Delta: { } delta } => delta < TimeSpan.Zero ? TimeSpan.Zero : delta,
            { Date: { } date } => date > now ? date - now : TimeSpan.Zero,
            _ => fallback,
        };
    }

    /// <summary>Problem details (RFC 9457 3.1 type, title, detail) when the body is JSON, else the start of the text.</summary>
    public static async Task<ProtocolError> ReadErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(response);
        var status = (int)response.StatusCode;
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        var mediaType = response.Content.Headers.ContentType?.MediaType ?? "";
        if (mediaType.EndsWith("json", StringComparison.OrdinalIgnoreCase) && TryReadProblem(status, body) is { } problem)
            return problem;
        var text = body.Trim();
        return new ProtocolError(status, response.ReasonPhrase,
            text.Length == 0 ? null : text.Length <= MaxDetailLength ? text : text[..MaxDetailLength] + "...");
    }

    private static ProtocolError? TryReadProblem(int status, string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                return null;
            return new ProtocolError(status, Text(document.RootElement, "title"), Text(document.RootElement, "detail"), Text(document.RootElement, "type"));
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? Text(JsonElement problem, string member) =>
        problem.TryGetProperty(member, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
