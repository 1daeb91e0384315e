using DeviceTrust.Cose.Cbor;
using DeviceTrust.Domain;
using DeviceTrust.Domain.Devices;
using DeviceTrust.Enrollment;
using Microsoft.EntityFrameworkCore;

namespace DeviceTrust.Application.Common;

/// <summary>
/// How an expected error reads to whoever asked: an RFC 9457 problem for the API, a message for the UI. <see cref="Where"/>
/// names the malformed structure of a protocol message; <see cref="Errors"/> lists validation problems by field.
/// </summary>
public sealed record ErrorDescription(int Status, string Title, string Detail, string? Where = null, IReadOnlyDictionary<string, string[]>? Errors = null)
{
    /// <summary>What a person is shown: the problems by field when there are some, else the detail.</summary>
    public string UserMessage => Errors is { Count: > 0 } errors ? string.Join(" ", errors.SelectMany(e => e.Value)) : Detail;
}

/// <summary>
/// The one mapping from the errors a request may meet (application errors, broken domain rules, malformed protocol
/// input) to what the caller is told. The API's exception handler and the UI's error display both use it, so a page
/// keeps no list of exception types of its own. Anything else is a defect: null here, a 500 there.
/// </summary>
public static class ErrorDescriptions
{
    public static ErrorDescription? Describe(Exception exception) => exception switch
    {
        RequestValidationException v => new(400, "The request is invalid.", v.Message, Errors: v.Errors),
        ApplicationError a => new(StatusOf(a.Kind), TitleOf(a.Kind), a.Message),
        InvalidTransitionException t => new(409, "Illegal lifecycle transition.", t.Message),
        // A save that lost a race and was not retried (its use case could not decide afresh): nothing was changed.
        DbUpdateConcurrencyException => new(409, "Conflict.", "Someone else changed this at the same time; nothing was saved. Reload and try again."),
        DomainException d => new(400, "The request breaks a rule.", d.Message),
        EnrollmentFormatException f => new(400, "The message could not be decoded.", f.Message, f.Where),
        // The strict CBOR core's error, and COSE's, which derives from it.
        CborFormatException c => new(400, "The message could not be decoded.", c.Message, c.Where),
        _ => null,
    };

    /// <summary>True for the errors a user is shown as a message; false for defects, which go to the error page and the log.</summary>
    public static bool IsExpected(Exception exception) => Describe(exception) is not null;

    private static int StatusOf(ErrorKind kind) => kind switch
    {
        ErrorKind.Validation => 400,
        ErrorKind.NotFound => 404,
        ErrorKind.Forbidden or ErrorKind.Refused => 403,
        ErrorKind.Conflict => 409,
        ErrorKind.Upstream => 502,
        ErrorKind.UnsupportedMediaType => 415,
        ErrorKind.NotAcceptable => 406,
        _ => 500,
    };

    private static string TitleOf(ErrorKind kind) => kind switch
    {
        ErrorKind.Validation => "The request is invalid.",
        ErrorKind.NotFound => "Not found.",
        ErrorKind.Forbidden => "Forbidden.",
        ErrorKind.Refused => "Refused.",
        ErrorKind.Conflict => "Conflict.",
        ErrorKind.Upstream => "A service this one depends on failed.",
        ErrorKind.UnsupportedMediaType => "Unsupported media type.",
        ErrorKind.NotAcceptable => "Not acceptable.",
        _ => "Error.",
    };
}
