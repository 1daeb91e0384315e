namespace DeviceTrust.Application.Common;

/// <summary>A request named something that does not exist. Maps to 404.</summary>
public sealed class NotFoundException(string what) : Exception($"{what} was not found.");

/// <summary>A request is malformed or breaks an input rule. Maps to 400 with the errors by field.</summary>
public sealed class RequestValidationException(IReadOnlyDictionary<string, string[]> errors)
    : Exception("The request is invalid: " + string.Join(" ", errors.SelectMany(e => e.Value)))
{
    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors;

    public static RequestValidationException For(string field, string message) => new(new Dictionary<string, string[]> { [field] = [message] });
}

/// <summary>The caller may not do this (beyond what role checks at the edge already refuse). Maps to 403.</summary>
public sealed class ForbiddenException(string message) : Exception(message);
