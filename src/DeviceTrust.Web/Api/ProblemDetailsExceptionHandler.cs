using DeviceTrust.Application.Common;
using DeviceTrust.Application.Provisioning;
using DeviceTrust.Enrollment;
using DeviceTrust.Domain;
using DeviceTrust.Domain.Devices;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace DeviceTrust.Web.Api;

/// <summary>Turns the application's errors into RFC 9457 problem details that name what was wrong. Anything else is a 500.</summary>
internal sealed class ProblemDetailsExceptionHandler(IProblemDetailsService problems, ILogger<ProblemDetailsExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ProblemDetails? problem = exception switch
        {
            RequestValidationException v => new HttpValidationProblemDetails(v.Errors.ToDictionary(e => e.Key, e => e.Value))
            {
                Status = StatusCodes.Status400BadRequest, Title = "The request is invalid.", Detail = v.Message,
            },
            BadHttpRequestException b => new ProblemDetails { Status = b.StatusCode, Title = "The request could not be read.", Detail = b.Message },
            NotFoundException n => new ProblemDetails { Status = StatusCodes.Status404NotFound, Title = "Not found.", Detail = n.Message },
            ForbiddenException f => new ProblemDetails { Status = StatusCodes.Status403Forbidden, Title = "Forbidden.", Detail = f.Message },
            InvalidTransitionException t => new ProblemDetails { Status = StatusCodes.Status409Conflict, Title = "Illegal lifecycle transition.", Detail = t.Message },
            EnrollmentFormatException f => new ProblemDetails
            {
                Status = StatusCodes.Status400BadRequest, Title = "The message could not be decoded.", Detail = f.Message, Extensions = { ["where"] = f.Where },
            },
            ProvisioningRefusedException r => new ProblemDetails { Status = StatusCodes.Status403Forbidden, Title = "Refused.", Detail = r.Message },
            MasaFailedException m => new ProblemDetails { Status = StatusCodes.Status502BadGateway, Title = "The MASA failed.", Detail = m.Message },
            DomainException d => new ProblemDetails { Status = StatusCodes.Status400BadRequest, Title = "The request breaks a rule.", Detail = d.Message },
            _ => null,
        };
        if (problem is null) return false;
        // Refused and failed provisioning is a security signal (a copied IDevID, a revoked LDevID in use, a MASA down);
        // handled exceptions are not logged by the framework, so it is logged here, without the request body.
        if (exception is ProvisioningRefusedException or MasaFailedException)
            logger.LogWarning("{Method} {Path} from {Address}: {Status} {Detail}", httpContext.Request.Method, httpContext.Request.Path,
                httpContext.Connection.RemoteIpAddress, problem.Status, problem.Detail);

        httpContext.Response.StatusCode = problem.Status!.Value;
        if (await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception })) return true;
        // The client's Accept header does not list JSON (an EST client asking for application/pkcs7-mime, say): the
        // problem is still what it needs to read, so it gets it anyway rather than an empty 4xx.
        await httpContext.Response.WriteAsJsonAsync(problem, (System.Text.Json.JsonSerializerOptions?)null, "application/problem+json", cancellationToken);
        return true;
    }
}
