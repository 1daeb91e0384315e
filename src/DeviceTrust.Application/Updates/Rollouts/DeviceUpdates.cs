using System.ComponentModel.DataAnnotations;

namespace DeviceTrust.Application.Updates.Rollouts;

/// <summary>
/// An update offered to a device over its live connection (docs/update-protocol.md §1): where to fetch the envelope, where
/// to report, and the nonce its SUIT report must carry.
/// </summary>
public sealed record UpdateOffer(Guid OfferId, Guid ReleaseId, string EnvelopePath, string ReportPath, string Nonce, long SequenceNumber, string Version)
{
    public const string ReportsPath = "/firmware/reports";

    public static string EnvelopePathOf(Guid releaseId) => $"/firmware/releases/{releaseId}/envelope";
}

/// <summary>The device hub, as the conductor reaches devices through it.</summary>
public interface IDeviceUpdateChannel
{
    bool IsConnected(Guid deviceId);

    /// <summary>Sends the offer; false when the device is not connected any more.</summary>
    Task<bool> OfferAsync(Guid deviceId, UpdateOffer offer, CancellationToken cancellationToken);
}

/// <summary>Where no device connects (a host without the device hub): none is reachable, so nothing is offered.</summary>
public sealed class NoDeviceUpdates : IDeviceUpdateChannel
{
    public bool IsConnected(Guid deviceId) => false;

    public Task<bool> OfferAsync(Guid deviceId, UpdateOffer offer, CancellationToken cancellationToken) => Task.FromResult(false);
}

/// <summary>Section "Rollouts": how the conductor paces itself.</summary>
public sealed class RolloutOptions
{
    public const string Section = "Rollouts";

    /// <summary>How often the conductor looks at the running rollouts.</summary>
    [Range(0.05, 60)] public double TickSeconds { get; set; } = 1;

    /// <summary>At most this many devices are offered the update per rollout and tick (the rest on the next ticks).</summary>
    [Range(1, 100_000)] public int MaxOffersPerTick { get; set; } = 500;

    /// <summary>An offer not yet reported is sent again after this long (a lost message, a device that reconnected).</summary>
    [Range(1, 86_400)] public int ReofferAfterSeconds { get; set; } = 30;

    /// <summary>An offer without a report after this long fails (the device is quarantined: what it runs is unknown).</summary>
    [Range(1, 10_080)] public int ReportTimeoutMinutes { get; set; } = 15;

    /// <summary>An install without an attestation on the release after this long fails.</summary>
    [Range(1, 10_080)] public int AttestationTimeoutMinutes { get; set; } = 15;
}
