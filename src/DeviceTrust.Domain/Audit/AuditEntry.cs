using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace DeviceTrust.Domain.Audit;

/// <summary>
/// One link of the append-only audit chain. Each entry carries the hash of the one before it, so changing,
/// removing or reordering any entry breaks every hash after it (see <see cref="AuditChain.Verify"/>).
/// </summary>
public sealed class AuditEntry
{
    /// <summary>The previous-hash of the first entry.</summary>
    public static readonly string GenesisHash = new('0', 64);

    private AuditEntry() { }

    public long Sequence { get; private set; }
    public DateTimeOffset Timestamp { get; private set; }
    public string Actor { get; private set; } = "";
    public string Action { get; private set; } = "";
    public string TargetType { get; private set; } = "";
    public string TargetId { get; private set; } = "";
    public string Details { get; private set; } = "";
    public string PreviousHash { get; private set; } = GenesisHash;
    public string Hash { get; private set; } = "";

    /// <summary>Creates the entry that follows <paramref name="previous"/> (null for the first one).</summary>
    public static AuditEntry Append(AuditEntry? previous, DateTimeOffset at, AuditRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var entry = new AuditEntry
        {
            Sequence = (previous?.Sequence ?? 0) + 1,
            Timestamp = ToStoredPrecision(at),
            Actor = Require(record.Actor, nameof(record.Actor)),
            Action = Require(record.Action, nameof(record.Action)),
            TargetType = record.TargetType ?? "",
            TargetId = record.TargetId ?? "",
            Details = record.Details ?? "",
            PreviousHash = previous?.Hash ?? GenesisHash,
        };
        entry.Hash = entry.ComputeHash();
        return entry;
    }

    /// <summary>
    /// SHA-256 over every field but the hash itself, each length-prefixed so that no two different entries
    /// serialize alike. The timestamp is taken in UTC ticks of whole milliseconds.
    /// </summary>
    public string ComputeHash()
    {
        var text = new StringBuilder();
        foreach (var field in new[]
                 {
                     Sequence.ToString(CultureInfo.InvariantCulture), Timestamp.UtcTicks.ToString(CultureInfo.InvariantCulture),
                     Actor, Action, TargetType, TargetId, Details, PreviousHash,
                 })
        {
            text.Append(field.Length.ToString(CultureInfo.InvariantCulture)).Append(':').Append(field).Append('\n');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    /// <summary>
    /// Whole milliseconds in UTC: every store keeps that exactly (SQLite's binary DateTimeOffset keeps 0.1 ms), so the
    /// hash computed now matches the one recomputed from the stored row.
    /// </summary>
    private static DateTimeOffset ToStoredPrecision(DateTimeOffset at) =>
        new(at.UtcTicks - at.UtcTicks % TimeSpan.TicksPerMillisecond, TimeSpan.Zero);

    private static string Require(string? value, string name) =>
        string.IsNullOrWhiteSpace(value) ? throw new DomainException($"An audit entry needs {name}.") : value;
}
