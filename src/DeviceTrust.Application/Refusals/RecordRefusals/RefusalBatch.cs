using DeviceTrust.Domain.Refusals;

namespace DeviceTrust.Application.Refusals.RecordRefusals;

/// <summary>Identical refusals of one window: the latest report, when the first came, and how many.</summary>
public sealed record CoalescedRefusal(RefusalReport Latest, DateTimeOffset FirstAt, long Count);

/// <summary>
/// Coalesces refusals in memory by key (endpoint, category as reported, source, credential), so a flood of identical
/// requests becomes one write with a count. Not thread-safe: the one writer owns it.
/// </summary>
public sealed class RefusalBatch
{
    private readonly Dictionary<(RefusalEndpoint, RefusalCategory?, string, string), CoalescedRefusal> _byKey = [];

    public int KeyCount => _byKey.Count;

    public void Add(RefusalReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var key = (report.Endpoint, report.Category, Refusal.AddressKey(report.SourceAddress), Refusal.CredentialOf(report.Fingerprint, report.SerialNumber));
        _byKey[key] = _byKey.TryGetValue(key, out var seen)
            ? new CoalescedRefusal(report.At >= seen.Latest.At ? report : seen.Latest, report.At < seen.FirstAt ? report.At : seen.FirstAt, seen.Count + 1)
            : new CoalescedRefusal(report, report.At, 1);
    }

    /// <summary>What was coalesced so far, leaving the batch empty.</summary>
    public IReadOnlyList<CoalescedRefusal> Take()
    {
        var taken = _byKey.Values.ToList();
        _byKey.Clear();
        return taken;
    }
}
