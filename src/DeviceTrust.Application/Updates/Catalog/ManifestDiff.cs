namespace DeviceTrust.Application.Updates.Catalog;

public enum DiffKind
{
    Same,
    Removed,
    Added,
}

public sealed record DiffLine(DiffKind Kind, string Text);

/// <summary>
/// A line diff of two manifest outlines (the longest common subsequence of lines, as diff(1) shows it): what changed
/// between two releases, command by command and parameter by parameter.
/// </summary>
public static class ManifestDiff
{
    /// <summary>Outlines longer than this are compared as wholly removed and added: the table would be too large.</summary>
    public const int MaxLines = 4_000;

    public static IReadOnlyList<DiffLine> Of(IReadOnlyList<string> from, IReadOnlyList<string> to)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        if (from.Count > MaxLines || to.Count > MaxLines)
            return [.. from.Select(l => new DiffLine(DiffKind.Removed, l)), .. to.Select(l => new DiffLine(DiffKind.Added, l))];
        // common[i, j]: the length of the longest common subsequence of from[i..] and to[j..].
        var common = new int[from.Count + 1, to.Count + 1];
        for (var i = from.Count - 1; i >= 0; i--)
            for (var j = to.Count - 1; j >= 0; j--)
                common[i, j] = from[i] == to[j] ? common[i + 1, j + 1] + 1 : Math.Max(common[i + 1, j], common[i, j + 1]);
        var lines = new List<DiffLine>(from.Count + to.Count);
        var (a, b) = (0, 0);
        while (a < from.Count && b < to.Count)
        {
            if (from[a] == to[b])
            {
                lines.Add(new DiffLine(DiffKind.Same, from[a]));
                (a, b) = (a + 1, b + 1);
            }
            else if (common[a + 1, b] >= common[a, b + 1]) lines.Add(new DiffLine(DiffKind.Removed, from[a++]));
            else lines.Add(new DiffLine(DiffKind.Added, to[b++]));
        }
        lines.AddRange(from.Skip(a).Select(l => new DiffLine(DiffKind.Removed, l)));
        lines.AddRange(to.Skip(b).Select(l => new DiffLine(DiffKind.Added, l)));
        return lines;
    }
}
