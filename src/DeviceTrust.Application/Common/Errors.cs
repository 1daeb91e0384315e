namespace DeviceTrust.Application.Common;

/// <summary>What kind of "no" a use case answered; each maps to one HTTP status (see <see cref="ErrorDescriptions"/>).</summary>
public enum ErrorKind
{
    /// <summary>The request is malformed or breaks an input rule (400, with the errors by field).</summary>
    Validation,
    /// <summary>The request names something that does not exist (404).</summary>
    NotFound,
    /// <summary>The caller may not do this (403).</summary>
    Forbidden,
    /// <summary>The request no longer fits what is stored: someone else changed it, or a rule of its current state forbids it (409).</summary>
    Conflict,
    /// <summary>A well-formed protocol request this system will not serve: untrusted or revoked certificate, rejected pledge (403).</summary>
    Refused,
    /// <summary>A system we depend on (a manufacturer's MASA) failed (502).</summary>
    Upstream,
    /// <summary>The body is of a media type this endpoint does not take (415).</summary>
    UnsupportedMediaType,
    /// <summary>The caller accepts no media type this endpoint answers with (406).</summary>
    NotAcceptable,
}

/// <summary>
/// The one base type of the application's errors: what a use case answers instead of a result. Mapped to problem details
/// once for the API and shown once by the UI's shared error display, both through <see cref="ErrorDescriptions"/>.
/// </summary>
public abstract class ApplicationError(string message, Exception? innerException = null) : Exception(message, innerException)
{
    public abstract ErrorKind Kind { get; }
}

/// <summary>A request named something that does not exist.</summary>
public sealed class NotFoundException(string what) : ApplicationError($"{what} was not found.")
{
    public override ErrorKind Kind => ErrorKind.NotFound;
}

/// <summary>A request is malformed or breaks an input rule; <see cref="Errors"/> lists the problems by field.</summary>
public sealed class RequestValidationException(IReadOnlyDictionary<string, string[]> errors)
    : ApplicationError("The request is invalid: " + string.Join(" ", errors.SelectMany(e => e.Value)))
{
    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors;

    public override ErrorKind Kind => ErrorKind.Validation;

    public static RequestValidationException For(string field, string message) => new(new Dictionary<string, string[]> { [field] = [message] });
}

/// <summary>The caller may not do this (beyond what role checks at the edge already refuse).</summary>
public sealed class ForbiddenException(string message) : ApplicationError(message)
{
    public override ErrorKind Kind => ErrorKind.Forbidden;
}

/// <summary>
/// What the request was based on changed before it could be saved (another operator, the device itself), and retrying
/// would not do what the caller meant. The message names what changed.
/// </summary>
public sealed class ConflictException(string message, Exception? innerException = null) : ApplicationError(message, innerException)
{
    public override ErrorKind Kind => ErrorKind.Conflict;
}

/// <summary>The request body's media type is not one the endpoint takes (the types it does take are named).</summary>
public sealed class UnsupportedMediaTypeException(string message) : ApplicationError(message)
{
    public override ErrorKind Kind => ErrorKind.UnsupportedMediaType;
}

/// <summary>The caller's Accept header lists no media type the endpoint answers with.</summary>
public sealed class NotAcceptableException(string message) : ApplicationError(message)
{
    public override ErrorKind Kind => ErrorKind.NotAcceptable;
}
