using DeviceTrust.Domain.Audit;

namespace DeviceTrust.Domain.Tests.Audit;

public sealed class AuditEntryTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 27, 9, 0, 0, TimeSpan.Zero);
    private static readonly AuditRecord Record = new("user:alice", "device.registered", "device", "SN-1", "{\"x\":1}");

    [Fact]
    public void Append_FirstEntry_LinksToGenesis()
    {
        var entry = AuditEntry.Append(null, At, Record);

        Assert.Equal(1, entry.Sequence);
        Assert.Equal(AuditEntry.GenesisHash, entry.PreviousHash);
        Assert.Equal(new string('0', 64), AuditEntry.GenesisHash);
        Assert.Equal(entry.ComputeHash(), entry.Hash);
        Assert.Matches("^[0-9a-f]{64}$", entry.Hash);
    }

    [Fact]
    public void Append_Chain_NumbersFromOneAndLinksEachToItsPredecessor()
    {
        var entries = AuditChainBuilder.Build(5);

        Assert.Equal([1L, 2, 3, 4, 5], entries.Select(e => e.Sequence));
        Assert.Equal(AuditEntry.GenesisHash, entries[0].PreviousHash);
        for (var i = 1; i < entries.Count; i++) Assert.Equal(entries[i - 1].Hash, entries[i].PreviousHash);
        Assert.Equal(5, entries.Select(e => e.Hash).Distinct().Count());
    }

    [Fact]
    public void Append_RecordFields_AreKeptAndTimestampIsUtc()
    {
        var local = new DateTimeOffset(2026, 11, 27, 18, 0, 0, TimeSpan.FromHours(9));

        var entry = AuditEntry.Append(null, local, new AuditRecord("system", "fleet.seeded"));

        Assert.Equal(TimeSpan.Zero, entry.Timestamp.Offset);
        Assert.Equal(local.UtcTicks, entry.Timestamp.UtcTicks);
        Assert.Equal("system", entry.Actor);
        Assert.Equal("fleet.seeded", entry.Action);
        Assert.Equal("", entry.TargetType);
        Assert.Equal("", entry.TargetId);
        Assert.Equal("", entry.Details);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4_321)]
    [InlineData(9_999)]
    public void Append_SubMillisecondTicks_TruncatedToWholeMillisecondsAndHashedSo(long extraTicks)
    {
        // Stores keep whole milliseconds exactly (SQLite's binary DateTimeOffset keeps 0.1 ms); the hash must survive a reload.
        var entry = AuditEntry.Append(null, At.AddTicks(extraTicks), Record);
        var truncated = AuditEntry.Append(null, At.AddTicks(extraTicks - extraTicks % TimeSpan.TicksPerMillisecond), Record);

        Assert.Equal(0, entry.Timestamp.UtcTicks % TimeSpan.TicksPerMillisecond);
        Assert.Equal(At.AddTicks(extraTicks).UtcTicks / TimeSpan.TicksPerMillisecond, entry.Timestamp.UtcTicks / TimeSpan.TicksPerMillisecond);
        Assert.Equal(truncated.Hash, entry.Hash);
    }

    [Theory]
    [InlineData("", "device.registered")]
    [InlineData(" ", "device.registered")]
    [InlineData("user:alice", "")]
    public void Append_MissingActorOrAction_Throws(string actor, string action)
    {
        Assert.Throws<DomainException>(() => AuditEntry.Append(null, At, new AuditRecord(actor, action)));
    }

    [Fact]
    public void ComputeHash_EqualFields_EqualHash()
    {
        var a = AuditEntry.Append(null, At, Record);
        var b = AuditEntry.Append(null, At, Record with { });

        Assert.Equal(a.Hash, b.Hash);
        Assert.Equal(a.Hash, a.ComputeHash());
    }

    [Fact]
    public void ComputeHash_SameInstantInAnotherOffset_EqualHash()
    {
        var a = AuditEntry.Append(null, At, Record);
        var b = AuditEntry.Append(null, At.ToOffset(TimeSpan.FromHours(9)), Record);

        Assert.Equal(a.Hash, b.Hash);
    }

    public static TheoryData<string> Variations() =>
        ["actor", "action", "targetType", "targetId", "details", "timestamp", "previous", "sequence", "shiftedBoundary"];

    [Theory]
    [MemberData(nameof(Variations))]
    public void ComputeHash_AnyFieldDiffers_HashDiffers(string field)
    {
        var baseline = AuditEntry.Append(null, At, Record);
        var predecessor = AuditEntry.Append(null, At, new AuditRecord("system", "other"));
        var varied = field switch
        {
            "actor" => AuditEntry.Append(null, At, Record with { Actor = "user:bob" }),
            "action" => AuditEntry.Append(null, At, Record with { Action = "device.state-changed" }),
            "targetType" => AuditEntry.Append(null, At, Record with { TargetType = "user" }),
            "targetId" => AuditEntry.Append(null, At, Record with { TargetId = "SN-2" }),
            "details" => AuditEntry.Append(null, At, Record with { Details = "{\"x\":2}" }),
            "timestamp" => AuditEntry.Append(null, At.AddMilliseconds(1), Record),
            "previous" => WithPrevious(AuditEntry.Append(null, At, Record), predecessor.Hash),
            "sequence" => WithSequence(AuditEntry.Append(null, At, Record), 2),
            // Moving a character across a field boundary must change the hash (fields are length-prefixed).
            "shiftedBoundary" => AuditEntry.Append(null, At, Record with { TargetType = "device" + "S", TargetId = "N-1" }),
            _ => throw new ArgumentOutOfRangeException(nameof(field)),
        };

        Assert.NotEqual(baseline.Hash, varied.Hash);
    }

    private static AuditEntry WithPrevious(AuditEntry entry, string previous)
    {
        AuditChainBuilder.Tamper(entry, nameof(AuditEntry.PreviousHash), previous);
        AuditChainBuilder.Tamper(entry, nameof(AuditEntry.Hash), entry.ComputeHash());
        return entry;
    }

    private static AuditEntry WithSequence(AuditEntry entry, long sequence)
    {
        AuditChainBuilder.Tamper(entry, nameof(AuditEntry.Sequence), sequence);
        AuditChainBuilder.Tamper(entry, nameof(AuditEntry.Hash), entry.ComputeHash());
        return entry;
    }
}
