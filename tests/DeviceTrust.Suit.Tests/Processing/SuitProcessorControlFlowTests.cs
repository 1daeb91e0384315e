using DeviceTrust.Suit.Processing;
using DeviceTrust.Suit.Reports;
using static DeviceTrust.Suit.Tests.Processing.TestManifests;
using static DeviceTrust.Suit.Tests.SuitBuilder;

namespace DeviceTrust.Suit.Tests.Processing;

/// <summary>
/// Control flow (draft-ietf-suit-manifest-37 §6.4, §6.5 and the try-each, run-sequence and soft-failure sections):
/// try-each candidates, soft failure scoped to its sequence, run-sequence, component index true, set-parameters,
/// and commands or parameters the processor does not know. Each manifest's install section is the sequence under test.
/// </summary>
public sealed class SuitProcessorControlFlowTests
{
    private static readonly byte[] Shared = Sequence(
        Override((SuitParameterKeys.VendorId, Bytes(VendorId)), (SuitParameterKeys.ClassId, Bytes(ClassId))),
        Condition(SuitCommandCodes.ConditionVendorIdentifier));

    private static readonly (int, byte[]) WriteHello = Override((SuitParameterKeys.Content, Bytes("hello"u8.ToArray())));

    private static Task<SuitProcessingResult> RunInstall(TestPlatform platform, params (int, byte[])[] install) =>
        RunInstall(platform, [[0x00]], install);

    private static Task<SuitProcessingResult> RunInstall(TestPlatform platform, byte[][] components, params (int, byte[])[] install) =>
        new SuitProcessor(platform).UpdateAsync(Signed(Manifest(3, components, Shared, (SuitManifestKeys.Install, Sequence(install)))),
            TestContext.Current.CancellationToken);

    private static byte[] SlotCandidate(ulong slot, string uri) => Sequence(
        Override((SuitParameterKeys.ComponentSlot, Uint(slot))),
        Condition(SuitCommandCodes.ConditionComponentSlot, 5),
        Override((SuitParameterKeys.Uri, Text(uri))));

    [Fact]
    public async Task TryEach_FirstCandidateFails_SecondCandidateRunsAndTheFirstLeavesNoParameters()
    {
        var platform = Device();
        platform.Slots["00"] = 1;

        var result = await RunInstall(platform, TryEach(false, SlotCandidate(0, "https://a.example/0"), SlotCandidate(1, "https://a.example/1")));

        Assert.True(result.Succeeded, result.Failure?.Message);
        Assert.Equal(1UL, result.Parameters[0].ComponentSlot);
        Assert.Equal("https://a.example/1", result.Parameters[0].Uri);
        // Policy 5 records the slot condition on success only: the second candidate's, at its offset in the section.
        var record = Assert.Single(result.Records.OfType<SuitRecord>(), r => r.Section == SuitManifestKeys.Install);
        var first = SlotCandidate(0, "https://a.example/0");
        var tryEachHeads = 1 + 1 + 1; // install array head, code 15, the try-each array head
        var candidateStart = (ulong)(tryEachHeads + Wrap(first).Length + (Wrap(first).Length - first.Length));
        Assert.Equal(candidateStart + OffsetOf(1, Override((SuitParameterKeys.ComponentSlot, Uint(1)))), record.Offset);
    }

    [Fact]
    public async Task TryEach_NoCandidateSucceedsWithoutNil_ConditionFailedAtTheTryEach()
    {
        var platform = Device();
        platform.Slots["00"] = 2;
        (int, byte[])[] install = [WriteHello, TryEach(false, SlotCandidate(0, "a:"), SlotCandidate(1, "b:"))];

        var result = await RunInstall(platform, install);

        var failure = Assert.IsType<SuitProcessingFailure>(result.Failure);
        Assert.Equal(SuitReportReason.ConditionFailed, failure.Reason);
        Assert.Equal(SuitProcessingError.NoCandidateSucceeded, failure.Code);
        Assert.Equal(OffsetOf(1, install), failure.Record.Offset);
        Assert.Null(result.Parameters[0].ComponentSlot);
    }

    [Fact]
    public async Task TryEach_NoCandidateSucceedsWithNil_Continues()
    {
        var platform = Device();
        platform.Slots["00"] = 2;

        var result = await RunInstall(platform, TryEach(true, SlotCandidate(0, "a:"), SlotCandidate(1, "b:")),
            WriteHello, Directive(SuitCommandCodes.DirectiveWrite));

        Assert.True(result.Succeeded, result.Failure?.Message);
        Assert.Equal("hello"u8.ToArray(), platform.Contents["00"]);
    }

    [Fact]
    public async Task TryEach_CandidateTurnsSoftFailureOff_ItsConditionFailureEndsTheProcedure()
    {
        var platform = Device();
        var hard = Sequence(Override((SuitParameterKeys.SoftFailure, Bool(false))), Condition(SuitCommandCodes.ConditionAbort));

        var result = await RunInstall(platform, TryEach(false, hard, Sequence(WriteHello)), Directive(SuitCommandCodes.DirectiveWrite));

        var failure = Assert.IsType<SuitProcessingFailure>(result.Failure);
        Assert.Equal(SuitReportReason.ConditionFailed, failure.Reason);
        Assert.Equal(SuitProcessingError.ConditionFailed, failure.Code);
        Assert.Empty(platform.Changes);
    }

    [Fact]
    public async Task RunSequence_SoftFailure_HaltsTheSequenceWithoutSideEffectsAndContinues()
    {
        var platform = Device();
        var soft = Sequence(
            Override((SuitParameterKeys.SoftFailure, Bool(true))),
            Override((SuitParameterKeys.Uri, Text("https://never.example/"))),
            Condition(SuitCommandCodes.ConditionAbort),
            Directive(SuitCommandCodes.DirectiveFetch));

        var result = await RunInstall(platform, RunSequence(soft), WriteHello, Directive(SuitCommandCodes.DirectiveWrite));

        Assert.True(result.Succeeded, result.Failure?.Message);
        Assert.Equal(["write 00", "installed 3"], platform.Log);
        Assert.Null(result.Parameters[0].Uri);
    }

    [Fact]
    public async Task RunSequence_ConditionFailsWithoutSoftFailure_FailsAtTheNestedCommandsOffset()
    {
        var platform = Device();
        (int, byte[])[] inner = [WriteHello, Condition(SuitCommandCodes.ConditionAbort)];
        var nested = Sequence(inner);

        var result = await RunInstall(platform, RunSequence(nested), Directive(SuitCommandCodes.DirectiveWrite));

        var failure = Assert.IsType<SuitProcessingFailure>(result.Failure);
        Assert.Equal(SuitReportReason.ConditionFailed, failure.Reason);
        // install array head, run-sequence code 32 (0x18 0x20), the bstr head, then the abort inside the nested sequence.
        var bstrHead = Wrap(nested).Length - nested.Length;
        Assert.Equal((ulong)(1 + 2 + bstrHead) + OffsetOf(1, inner), failure.Record.Offset);
        Assert.Empty(platform.Changes);
    }

    [Fact]
    public async Task SoftFailure_SetOutsideTryEachAndRunSequence_Aborts()
    {
        var result = await RunInstall(Device(), Override((SuitParameterKeys.SoftFailure, Bool(true))), Condition(SuitCommandCodes.ConditionAbort));

        Assert.Equal(SuitProcessingError.SoftFailureOutsideSequence, result.Failure?.Code);
    }

    [Fact]
    public async Task UnknownCommand_CommandUnsupportedAtItsOffset()
    {
        var platform = Device();
        (int, byte[])[] install = [WriteHello, (-300, Cbor(w => w.WriteInt32(0))), Directive(SuitCommandCodes.DirectiveWrite)];

        var result = await RunInstall(platform, install);

        var failure = Assert.IsType<SuitProcessingFailure>(result.Failure);
        Assert.Equal(SuitReportReason.CommandUnsupported, failure.Reason);
        Assert.Equal(SuitManifestKeys.Install, failure.Record.Section);
        Assert.Equal(OffsetOf(1, install), failure.Record.Offset);
        Assert.Empty(platform.Changes);
    }

    [Fact]
    public async Task UnknownParameter_ParameterUnsupported()
    {
        var result = await RunInstall(Device(), Override((-400, Bytes([1, 2]))), Directive(SuitCommandCodes.DirectiveWrite));

        Assert.Equal(SuitReportReason.ParameterUnsupported, result.Failure?.Reason);
    }

    [Fact]
    public async Task SetParameters_ParameterAlreadySet_KeepsTheOverride()
    {
        var result = await RunInstall(Device(), Override((SuitParameterKeys.Uri, Text("https://first.example/"))),
            SetParameters((SuitParameterKeys.Uri, Text("https://second.example/")), (SuitParameterKeys.InvokeArgs, Bytes([9]))));

        Assert.True(result.Succeeded, result.Failure?.Message);
        Assert.Equal("https://first.example/", result.Parameters[0].Uri);
        Assert.Equal([9], result.Parameters[0].InvokeArgs);
    }

    [Fact]
    public async Task ComponentIndexTrue_WritesEveryComponent_ThenSwapExchangesContents()
    {
        var platform = Device("00", "01");

        var result = await RunInstall(platform, [[0x00], [0x01]],
            SetAllComponents(), WriteHello, Directive(SuitCommandCodes.DirectiveWrite),
            SetIndex(1), Override((SuitParameterKeys.Content, Bytes("B"u8.ToArray()))), Directive(SuitCommandCodes.DirectiveWrite),
            Override((SuitParameterKeys.SourceComponent, Uint(0))), Directive(SuitCommandCodes.DirectiveSwap),
            Condition(SuitCommandCodes.ConditionCheckContent));

        // After the swap component 1 holds "hello", not its content parameter "B": check-content fails.
        Assert.Equal(SuitReportReason.ConditionFailed, result.Failure?.Reason);
        Assert.Equal(["write 00", "write 01", "write 01", "swap 00 <-> 01"], platform.Log);
        Assert.Equal("B"u8.ToArray(), platform.Contents["00"]);
        Assert.Equal("hello"u8.ToArray(), platform.Contents["01"]);
    }

    [Fact]
    public async Task CopyAndCheckContent_CopiedContentMatches()
    {
        var platform = Device("00", "01");

        var result = await RunInstall(platform, [[0x00], [0x01]],
            SetIndex(0), WriteHello, Directive(SuitCommandCodes.DirectiveWrite),
            SetIndex(1), WriteHello, Override((SuitParameterKeys.SourceComponent, Uint(0))), Directive(SuitCommandCodes.DirectiveCopy),
            Condition(SuitCommandCodes.ConditionCheckContent));

        Assert.True(result.Succeeded, result.Failure?.Message);
        Assert.Equal(["write 00", "copy 00 -> 01", "installed 3"], platform.Log);
    }

    [Fact]
    public async Task SharedSequence_WithADirectiveThatWrites_CommandUnsupportedAndNothingWritten()
    {
        var platform = Device();
        var shared = Sequence(WriteHello, Directive(SuitCommandCodes.DirectiveWrite));
        var envelope = Signed(Manifest(3, shared, (SuitManifestKeys.Install, Sequence(Directive(SuitCommandCodes.DirectiveWrite)))));

        var result = await new SuitProcessor(platform).UpdateAsync(envelope, TestContext.Current.CancellationToken);

        Assert.Equal(SuitReportReason.CommandUnsupported, result.Failure?.Reason);
        Assert.Equal(SuitManifestKeys.Common, result.Failure?.Record.Section);
        Assert.Empty(platform.Log);
    }

    [Fact]
    public async Task SetComponentIndex_BeyondTheComponents_ComponentUnsupported()
    {
        var result = await RunInstall(Device(), SetIndex(4), Directive(SuitCommandCodes.DirectiveWrite));

        Assert.Equal(SuitProcessingError.ComponentIndexInvalid, result.Failure?.Code);
    }
}
