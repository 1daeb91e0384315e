using DeviceTrust.Suit.Reports;

namespace DeviceTrust.Suit.Processing;

/// <summary>The directives that run nested sequences (draft-ietf-suit-manifest-37 "suit-directive-try-each",
/// "suit-directive-run-sequence", "suit-parameter-soft-failure"). A nested sequence that fails softly leaves the
/// parameters as they were before it ("simply halts with no side-effects"); the records it made stay in the log.</summary>
internal sealed partial class SuitInterpreter
{
    // "(break if (exec(seq) is not error)) for-each seq in arg else assert(0)", soft failure True in each candidate.
    private async Task<SuitProcessingFailure?> TryEachAsync(SuitTryEach tryEach, ulong offset, long section, int component)
    {
        for (var candidate = 0; candidate < tryEach.Candidates.Count; candidate++)
        {
            var saved = Snapshot();
            var scope = new Scope(section, [component], softFailure: true, nested: true);
            var (outcome, failure) = await RunAsync(tryEach.Candidates[candidate], SuitSequenceLayout.NestedStart(tryEach, offset, candidate), scope);
            if (outcome == Outcome.Completed)
                return null;
            if (outcome == Outcome.Failed)
                return failure;
            _parameters = saved;
        }
        return tryEach.EmptyAllowed ? null
            : Fail(section, offset, component, SuitReportReason.ConditionFailed, SuitProcessingError.NoCandidateSucceeded,
                "no try-each candidate completed", SuitRecordProperties.Empty);
    }

    // Soft failure defaults to False; on a soft failure run-sequence "simply halts with no side-effects".
    private async Task<SuitProcessingFailure?> RunSequenceAsync(SuitRunSequence run, ulong offset, long section, int component)
    {
        var saved = Snapshot();
        var scope = new Scope(section, [component], softFailure: false, nested: true);
        var (outcome, failure) = await RunAsync(run.Sequence, SuitSequenceLayout.NestedStart(run, offset, 0), scope);
        if (outcome == Outcome.SoftFailed)
            _parameters = saved;
        return failure;
    }

    private SuitParameterTable[] Snapshot() => [.. _parameters.Select(p => p.Copy())];
}
