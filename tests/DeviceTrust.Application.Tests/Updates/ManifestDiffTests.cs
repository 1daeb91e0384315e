using DeviceTrust.Application.Updates.Catalog;

namespace DeviceTrust.Application.Tests.Updates;

public sealed class ManifestDiffTests
{
    [Fact]
    public void Of_ChangedLines_AreRemovedThenAdded_TheRestKeptInOrder()
    {
        string[] from = ["manifest", "  sequence-number: 1", "  image-digest: sha-256 h'aa'", "  image-size: 10", "  uri: a"];
        string[] to = ["manifest", "  sequence-number: 2", "  image-digest: sha-256 h'bb'", "  image-size: 10", "  uri: a", "  text"];

        var diff = ManifestDiff.Of(from, to);

        Assert.Equal(
        [
            new DiffLine(DiffKind.Same, "manifest"),
            new DiffLine(DiffKind.Removed, "  sequence-number: 1"),
            new DiffLine(DiffKind.Removed, "  image-digest: sha-256 h'aa'"),
            new DiffLine(DiffKind.Added, "  sequence-number: 2"),
            new DiffLine(DiffKind.Added, "  image-digest: sha-256 h'bb'"),
            new DiffLine(DiffKind.Same, "  image-size: 10"),
            new DiffLine(DiffKind.Same, "  uri: a"),
            new DiffLine(DiffKind.Added, "  text"),
        ], diff);
    }

    [Fact]
    public void Of_SameOutline_IsAllSame_AndEmptySidesAreAllAddedOrRemoved()
    {
        string[] lines = ["a", "b", "a"];
        Assert.All(ManifestDiff.Of(lines, lines), l => Assert.Equal(DiffKind.Same, l.Kind));
        Assert.Equal([DiffKind.Added, DiffKind.Added, DiffKind.Added], ManifestDiff.Of([], lines).Select(l => l.Kind));
        Assert.Equal([DiffKind.Removed, DiffKind.Removed, DiffKind.Removed], ManifestDiff.Of(lines, []).Select(l => l.Kind));
    }
}
