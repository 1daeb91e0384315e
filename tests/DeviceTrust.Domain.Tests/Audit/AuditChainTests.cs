using DeviceTrust.Domain.Audit;

namespace DeviceTrust.Domain.Tests.Audit;

public sealed class AuditChainTests
{
    [Fact]
    public void Verify_IntactChain_IsIntactWithCount()
    {
        var result = AuditChain.Verify(AuditChainBuilder.Build(6));

        Assert.True(result.Intact);
        Assert.Equal(6, result.EntriesChecked);
        Assert.Null(result.FirstBrokenSequence);
        Assert.Null(result.Problem);
    }

    [Fact]
    public void Verify_EmptyChain_IsIntactWithZero()
    {
        var result = AuditChain.Verify([]);

        Assert.True(result.Intact);
        Assert.Equal(0, result.EntriesChecked);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(5)]
    public void Verify_AlteredDetails_NamesTheAlteredEntry(int sequence)
    {
        var entries = AuditChainBuilder.Build(5);
        AuditChainBuilder.Tamper(entries[sequence - 1], nameof(AuditEntry.Details), "{\"n\":999}");

        var result = AuditChain.Verify(entries);

        Assert.False(result.Intact);
        Assert.Equal(sequence, result.FirstBrokenSequence);
        Assert.Equal(sequence - 1, result.EntriesChecked);
        Assert.Contains("altered", result.Problem);
    }

    [Theory]
    [InlineData(nameof(AuditEntry.Actor), "user:mallory")]
    [InlineData(nameof(AuditEntry.Action), "device.registered")]
    [InlineData(nameof(AuditEntry.TargetId), "SN-999")]
    public void Verify_OtherFieldAltered_NamesTheAlteredEntry(string property, string value)
    {
        var entries = AuditChainBuilder.Build(4);
        AuditChainBuilder.Tamper(entries[1], property, value);

        var result = AuditChain.Verify(entries);

        Assert.False(result.Intact);
        Assert.Equal(2, result.FirstBrokenSequence);
    }

    [Fact]
    public void Verify_AlteredTimestamp_NamesTheAlteredEntry()
    {
        var entries = AuditChainBuilder.Build(4);
        AuditChainBuilder.Tamper(entries[2], nameof(AuditEntry.Timestamp), entries[2].Timestamp.AddMinutes(-1));

        var result = AuditChain.Verify(entries);

        Assert.Equal(3, result.FirstBrokenSequence);
    }

    [Fact]
    public void Verify_MiddleEntryRemoved_NamesTheEntryAfterTheGap()
    {
        var entries = AuditChainBuilder.Build(5);
        entries.RemoveAt(2);

        var result = AuditChain.Verify(entries);

        Assert.False(result.Intact);
        Assert.Equal(4, result.FirstBrokenSequence);
        Assert.Equal(2, result.EntriesChecked);
        Assert.Contains("expected sequence 3", result.Problem);
    }

    [Fact]
    public void Verify_LastEntryRemoved_StillIntact()
    {
        // Truncating the tail leaves a valid (shorter) chain; only the count reveals it. Documented here so a change is noticed.
        var entries = AuditChainBuilder.Build(5);
        entries.RemoveAt(4);

        var result = AuditChain.Verify(entries);

        Assert.True(result.Intact);
        Assert.Equal(4, result.EntriesChecked);
    }

    [Fact]
    public void Verify_EntriesReordered_NamesTheFirstOutOfPlace()
    {
        var entries = AuditChainBuilder.Build(5);
        (entries[1], entries[2]) = (entries[2], entries[1]);

        var result = AuditChain.Verify(entries);

        Assert.False(result.Intact);
        Assert.Equal(3, result.FirstBrokenSequence);
        Assert.Equal(1, result.EntriesChecked);
    }

    [Fact]
    public void Verify_EntriesRenumberedAfterRemoval_NamesTheBrokenLink()
    {
        // Removing entry 3 and renumbering 4 and 5 (hashes recomputed) hides the gap; the link from the new 3 still breaks.
        var entries = AuditChainBuilder.Build(5);
        entries.RemoveAt(2);
        foreach (var e in entries.Skip(2))
        {
            AuditChainBuilder.Tamper(e, nameof(AuditEntry.Sequence), e.Sequence - 1);
            AuditChainBuilder.Tamper(e, nameof(AuditEntry.Hash), e.ComputeHash());
        }

        var result = AuditChain.Verify(entries);

        Assert.False(result.Intact);
        Assert.Equal(3, result.FirstBrokenSequence);
        Assert.Contains("previous-hash", result.Problem);
    }

    [Fact]
    public void Verify_AlteredEntryWithRecomputedHash_NamesTheNextEntry()
    {
        var entries = AuditChainBuilder.Build(5);
        AuditChainBuilder.Tamper(entries[1], nameof(AuditEntry.Details), "{\"n\":999}");
        AuditChainBuilder.Tamper(entries[1], nameof(AuditEntry.Hash), entries[1].ComputeHash());

        var result = AuditChain.Verify(entries);

        Assert.False(result.Intact);
        Assert.Equal(3, result.FirstBrokenSequence);
        Assert.Equal(2, result.EntriesChecked);
        Assert.Contains("previous-hash", result.Problem);
    }

    [Fact]
    public void Verify_PreviousHashChangedAndHashRecomputed_NamesThatEntry()
    {
        var entries = AuditChainBuilder.Build(5);
        AuditChainBuilder.Tamper(entries[3], nameof(AuditEntry.PreviousHash), new string('f', 64));
        AuditChainBuilder.Tamper(entries[3], nameof(AuditEntry.Hash), entries[3].ComputeHash());

        var result = AuditChain.Verify(entries);

        Assert.False(result.Intact);
        Assert.Equal(4, result.FirstBrokenSequence);
        Assert.Contains("previous-hash", result.Problem);
    }

    [Fact]
    public void Verify_FirstEntryNotLinkedToGenesis_NamesEntryOne()
    {
        var entries = AuditChainBuilder.Build(2);
        AuditChainBuilder.Tamper(entries[0], nameof(AuditEntry.PreviousHash), new string('1', 64));
        AuditChainBuilder.Tamper(entries[0], nameof(AuditEntry.Hash), entries[0].ComputeHash());

        var result = AuditChain.Verify(entries);

        Assert.Equal(1, result.FirstBrokenSequence);
        Assert.Equal(0, result.EntriesChecked);
    }
}
