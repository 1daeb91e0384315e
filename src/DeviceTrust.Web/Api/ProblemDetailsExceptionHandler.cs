using DeviceTrust.Application.Common;
using DeviceTrust.Application.Refusals;
using DeviceTrust.Web.Refusals;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace DeviceTrust.Web.Api;

/// <summary>
/// Turns the errors <see cref="ErrorDescriptions"/> knows into RFC 9457 problem details that name what was wrong. Anything
/// else is a 500. A refused device request is also handed to the refusal store, so security officers see it.
/// </summary>
internal sealed class ProblemDetailsExceptionHandler(
    IProblemDetailsService problems, IRefusalRecorder refusals, TimeProvider time, ILogger<ProblemDetailsExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var problem = exception is BadHttpRequestException b
            ? new ProblemDetails { Status = b.StatusCode, Title = "The request could not be read.", Detail = b.Message }
            : ErrorDescriptions.Describe(exception) is { } described ? ToProblem(described) : null;
        if (problem is null) return false;
        // Refused and failed provisioning is a security signal (a copied IDevID, a revoked LDevID in use, a MASA down);
        // handled exceptions are not logged by the framework, so it is logged here, without the request body.
        if (exception is ApplicationError { Kind: ErrorKind.Refused or ErrorKind.Upstream } error)
        {
            logger.LogWarning("{Method} {Path} from {Address}: {Status} {Detail}", httpContext.Request.Method, httpContext.Request.Path,
                httpContext.Connection.RemoteIpAddress, problem.Status, problem.Detail);
            if (error.Kind == ErrorKind.Refused) RecordRefusal(httpContext, error);
        }

        // A lost race cannot be reviewed by a device as by a person: it is a temporary condition to retry (RFC 7030 4.2.3,
        // 503 + Retry-After), not a final client error.
        if (exception is ConflictException or Microsoft.EntityFrameworkCore.DbUpdateConcurrencyException && IsDevicePath(httpContext.Request.Path))
        {
            problem.Status = StatusCodes.Status503ServiceUnavailable;
            problem.Title = "Busy; try again.";
            httpContext.Response.Headers.RetryAfter = "1";
        }

        httpContext.Response.StatusCode = problem.Status!.Value;
        if (await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception })) return true;
        // The client's Accept header does not list JSON (an EST client asking for application/pkcs7-mime, say): the
        // problem is still what it needs to read, so it gets it anyway rather than an empty 4xx.
        await httpContext.Response.WriteAsJsonAsync(problem, (System.Text.Json.JsonSerializerOptions?)null, "application/problem+json", cancellationToken);
        return true;
    }

    /// <summary>Recording what was refused must never change the answer: a failure here is logged and the 403 goes out.</summary>
    private void RecordRefusal(HttpContext httpContext, ApplicationError refused)
    {
        try
        {
            refusals.Record(httpContext, refused, time);
        }
        catch (Exception e)
        {
            logger.LogError(e, "Could not record the refusal of {Path}", httpContext.Request.Path);
        }
    }

    private static bool IsDevicePath(PathString path) =>
        path.StartsWithSegments(Est.EstEndpoints.Base, StringComparison.Ordinal) || path.StartsWithSegments(Brski.BrskiEndpoints.Base, StringComparison.Ordinal);

    private static ProblemDetails ToProblem(ErrorDescription error)
    {
        var problem = error.Errors is { } errors
            ? new HttpValidationProblemDetails(errors.ToDictionary(e => e.Key, e => e.Value))
            : new ProblemDetails();
        problem.Status = error.Status;
        problem.Title = error.Title;
        problem.Detail = error.Detail;
        if (error.Where is { } where) problem.Extensions["where"] = where;
        return problem;
    }
}
