using Microsoft.EntityFrameworkCore;

namespace DeviceTrust.Application.Common;

/// <summary>
/// Optimistic concurrency (every aggregate carries a token; see Infrastructure's DeviceTrustDbContext): a save that finds
/// an aggregate changed since it was read fails with <see cref="DbUpdateConcurrencyException"/> and changes nothing.
/// An operation that decides afresh from what it reads (a device's first contact, a telemetry batch, an EST request) is
/// simply run again on a new context; one that acted on what a person saw checks that what they saw still holds.
/// </summary>
public static class Concurrency
{
    public const int MaxAttempts = 4;

    /// <summary>
    /// Runs <paramref name="operation"/> (which opens its own context) until it saves without a conflict. After
    /// <see cref="MaxAttempts"/> conflicts in a row it gives up with a <see cref="ConflictException"/> naming <paramref name="what"/>.
    /// </summary>
    public static async Task<T> RetryAsync<T>(string what, Func<Task<T>> operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await operation();
            }
            catch (DbUpdateConcurrencyException e) when (attempt >= MaxAttempts)
            {
                throw new ConflictException($"{what} kept changing while this was being saved; try again.", e);
            }
            catch (DbUpdateConcurrencyException)
            {
                // Someone else saved first: read again and decide again.
            }
        }
    }

    public static Task RetryAsync(string what, Func<Task> operation) =>
        RetryAsync(what, async () =>
        {
            await operation();
            return true;
        });
}
