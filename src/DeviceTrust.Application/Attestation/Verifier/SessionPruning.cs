using DeviceTrust.Application.Common;
using DeviceTrust.Domain.Attestation;
using Microsoft.EntityFrameworkCore;

namespace DeviceTrust.Application.Attestation.Verifier;

/// <summary>
/// Deletes the challenge-response sessions nobody will answer any more: expired without an answer, or failed, a grace
/// period after their expiry (so a late answer still meets its session and is told it expired). Appraised sessions stay:
/// the history refers to them. So a flood of new sessions costs rows for minutes, not for ever.
/// </summary>
public sealed class SessionPruning(IDeviceTrustDbContextFactory dbFactory, TimeProvider time)
{
    public static readonly TimeSpan Grace = TimeSpan.FromMinutes(10);

    /// <returns>How many sessions were deleted.</returns>
    public async Task<int> PruneAsync(CancellationToken cancellationToken = default)
    {
        var cutoff = time.GetUtcNow() - Grace;
        await using var db = await dbFactory.CreateAsync(cancellationToken);
        return await db.AttestationSessions
            .Where(s => s.ExpiresAt < cutoff && s.Status != AttestationSessionStatus.Complete && s.Status != AttestationSessionStatus.Processing)
            .ExecuteDeleteAsync(cancellationToken);
    }
}
