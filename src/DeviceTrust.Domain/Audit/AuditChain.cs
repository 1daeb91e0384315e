namespace DeviceTrust.Domain.Audit;

public sealed record AuditVerification(bool Intact, long EntriesChecked, long? FirstBrokenSequence, string? Problem)
{
    public static AuditVerification Ok(long count) => new(true, count, null, null);
}

public static class AuditChain
{
    /// <summary>
    /// Walks the entries in sequence order and names the first that does not follow from its predecessor:
    /// a gap in the sequence, a previous-hash that is not the predecessor's hash, or a hash that does not match
    /// the entry's own fields.
    /// </summary>
    public static AuditVerification Verify(IEnumerable<AuditEntry> entriesInOrder)
    {
        ArgumentNullException.ThrowIfNull(entriesInOrder);
        long expectedSequence = 1;
        var expectedPrevious = AuditEntry.GenesisHash;
        long checkedCount = 0;
        foreach (var entry in entriesInOrder)
        {
            if (entry.Sequence != expectedSequence)
                return Broken(entry, checkedCount, $"expected sequence {expectedSequence}, found {entry.Sequence} (entries missing or reordered)");
            if (!string.Equals(entry.PreviousHash, expectedPrevious, StringComparison.Ordinal))
                return Broken(entry, checkedCount, "its previous-hash does not match the hash of the entry before it");
            if (!string.Equals(entry.ComputeHash(), entry.Hash, StringComparison.Ordinal))
                return Broken(entry, checkedCount, "its contents do not match its hash (the entry was altered)");
            expectedPrevious = entry.Hash;
            expectedSequence++;
            checkedCount++;
        }

        return AuditVerification.Ok(checkedCount);
    }

    private static AuditVerification Broken(AuditEntry entry, long checkedCount, string problem) =>
        new(false, checkedCount, entry.Sequence, $"Entry {entry.Sequence}: {problem}.");
}
