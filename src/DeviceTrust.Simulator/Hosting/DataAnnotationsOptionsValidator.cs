using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace DeviceTrust.Simulator.Hosting;

/// <summary>
/// Does what <c>ValidateDataAnnotations()</c> does (attributes, then <see cref="IValidatableObject"/>), without the
/// Microsoft.Extensions.Options.DataAnnotations package, which this repository does not reference.
/// </summary>
internal sealed class DataAnnotationsOptionsValidator<TOptions> : IValidateOptions<TOptions>
    where TOptions : class
{
    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        var results = new List<ValidationResult>();
        if (Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true))
        {
            return ValidateOptionsResult.Success;
        }

        return ValidateOptionsResult.Fail(results.Select(result =>
            $"{typeof(TOptions).Name}: {result.ErrorMessage} (members: {string.Join(", ", result.MemberNames)})"));
    }
}
