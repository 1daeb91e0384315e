using System.Reflection;
using DeviceTrust.Domain.Audit;

namespace DeviceTrust.Domain.Tests.Audit;

internal static class AuditChainBuilder
{
    public static readonly DateTimeOffset Start = new(2026, 11, 27, 9, 0, 0, TimeSpan.Zero);

    public static List<AuditEntry> Build(int count)
    {
        var entries = new List<AuditEntry>();
        AuditEntry? last = null;
        for (var i = 1; i <= count; i++)
        {
            last = AuditEntry.Append(last, Start.AddSeconds(i), new AuditRecord($"user:op{i}", "device.state-changed", "device", $"SN-{i}", $"{{\"n\":{i}}}"));
            entries.Add(last);
        }

        return entries;
    }

    /// <summary>Sets a private-setter property, as a row edited directly in the database would come back.</summary>
    public static void Tamper(AuditEntry entry, string property, object value) =>
        typeof(AuditEntry).GetProperty(property, BindingFlags.Public | BindingFlags.Instance)!.SetValue(entry, value);
}
