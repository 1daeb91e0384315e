using DeviceTrust.Suit.Reports;

namespace DeviceTrust.Suit.Processing;

/// <summary>
/// Runs command sequences of one procedure (draft-ietf-suit-manifest-37 §6.4 "Abstract Machine Description", §6.5
/// "Special Cases of Component Index"): the parameter table per component, the component index, soft failure scoped to
/// each sequence, try-each and run-sequence, and the records each command's reporting policy asks for.
/// </summary>
internal sealed partial class SuitInterpreter
{
    private readonly ISuitPlatform _platform;
    private readonly SuitEnvelope _envelope;
    private readonly IReadOnlyList<IReadOnlyList<byte[]>> _components;
    private readonly CancellationToken _cancellationToken;
    private readonly List<SuitReportEntry> _records = [];
    private SuitParameterTable[] _parameters;

    public SuitInterpreter(ISuitPlatform platform, SuitEnvelope envelope, CancellationToken cancellationToken)
    {
        _platform = platform;
        _envelope = envelope;
        _components = envelope.Manifest.Common.Components;
        _cancellationToken = cancellationToken;
        // §6.1: "the manifest processor clears all parameter storage" before the procedure.
        _parameters = [.. _components.Select(_ => new SuitParameterTable())];
    }

    public IReadOnlyList<SuitReportEntry> Records => _records;

    public IReadOnlyList<SuitParameterTable> Parameters => _parameters;

    private enum Outcome { Completed, SoftFailed, Failed }

    // One running sequence: its section, the components its commands address, and its soft-failure flag, which
    // "is scoped to the enclosing SUIT_Command_Sequence" and is not inherited by nested sequences.
    private sealed class Scope(long section, IReadOnlyList<int> selection, bool softFailure, bool nested)
    {
        public long Section { get; } = section;
        public IReadOnlyList<int> Selection { get; set; } = selection;
        public bool SoftFailure { get; set; } = softFailure;
        public bool Nested { get; } = nested;
    }

    /// <summary>Runs a section's sequence from the start, with component index 0 and soft failure off.</summary>
    public async Task<SuitProcessingFailure?> RunSectionAsync(long section, SuitCommandSequence sequence)
    {
        var (_, failure) = await RunAsync(sequence, 0, new Scope(section, [0], softFailure: false, nested: false));
        return failure;
    }

    private async Task<(Outcome, SuitProcessingFailure?)> RunAsync(SuitCommandSequence sequence, ulong start, Scope scope)
    {
        var offsets = SuitSequenceLayout.CommandOffsets(sequence, start);
        for (var i = 0; i < sequence.Commands.Count; i++)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            if (await RunCommandAsync(sequence.Commands[i], offsets[i], scope) is not { } failure)
                continue;
            // "The Interpreter does not Abort if the Soft Failure flag is set when a Condition reports failure";
            // a directive's failure aborts regardless.
            return failure.Reason == SuitReportReason.ConditionFailed && scope.SoftFailure
                ? (Outcome.SoftFailed, null)
                : (Outcome.Failed, failure);
        }
        return (Outcome.Completed, null);
    }

    private async Task<SuitProcessingFailure?> RunCommandAsync(SuitCommand command, ulong offset, Scope scope)
    {
        switch (command)
        {
            case SuitSetComponentIndex index:
                return SetIndex(index, offset, scope);
            case SuitParametersCommand parameters:
                return SetParameters(parameters, offset, scope);
            case SuitTryEach or SuitRunSequence:
                // §6.5: try-each and run-sequence run once per selected component, each time with that integer index.
                foreach (var component in scope.Selection)
                {
                    var failure = command is SuitTryEach tryEach
                        ? await TryEachAsync(tryEach, offset, scope.Section, component)
                        : await RunSequenceAsync((SuitRunSequence)command, offset, scope.Section, component);
                    if (failure is not null)
                        return failure;
                }
                return null;
            case SuitReportingCommand reporting when scope.Section == SuitManifestKeys.Common && !IsSharedCommand(reporting.Code):
                // SUIT_Shared_Sequence = [ + ( SUIT_Condition // SUIT_Shared_Commands ) ]: "The common command sequence
                // MUST NOT have any side-effects outside of setting parameter values."
                return Fail(scope, offset, scope.Selection[0], SuitReportReason.CommandUnsupported, SuitProcessingError.CommandUnsupported,
                    $"{reporting.Name} is not allowed in the shared sequence");
            case SuitReportingCommand reporting:
                foreach (var component in scope.Selection)
                {
                    if (await ExecuteAsync(reporting, offset, scope.Section, component) is { } failure)
                        return failure;
                }
                return null;
            default:
                return Fail(scope, offset, scope.Selection[0], SuitReportReason.CommandUnsupported, SuitProcessingError.CommandUnsupported,
                    $"command {command.Code} is not supported");
        }
    }

    // IndexArg /= uint / true / [+uint]
    private SuitProcessingFailure? SetIndex(SuitSetComponentIndex index, ulong offset, Scope scope)
    {
        if (index.AllComponents)
        {
            scope.Selection = [.. Enumerable.Range(0, _components.Count)];
            return null;
        }
        foreach (var i in index.Indexes)
        {
            if (i >= (ulong)_components.Count)
                return Fail(scope, offset, scope.Selection[0], SuitReportReason.ComponentUnsupported, SuitProcessingError.ComponentIndexInvalid,
                    $"component index {i} is not in the manifest's {_components.Count} component(s)");
        }
        scope.Selection = [.. index.Indexes.Select(i => (int)i)];
        return null;
    }

    private SuitProcessingFailure? SetParameters(SuitParametersCommand command, ulong offset, Scope scope)
    {
        var parameters = command.Parameters;
        if (parameters.Others.Count > 0)
            return Fail(scope, offset, scope.Selection[0], SuitReportReason.ParameterUnsupported, SuitProcessingError.ParameterUnsupported,
                $"parameter {parameters.Others.Keys.First()} is not supported");
        if (parameters.SoftFailure is { } soft)
        {
            // "It MUST NOT be set outside of suit-directive-try-each or suit-directive-run-sequence, modifying
            // suit-parameter-soft-failure outside of these circumstances causes an Abort."
            if (!scope.Nested)
                return Fail(scope, offset, scope.Selection[0], SuitReportReason.OperationFailed, SuitProcessingError.SoftFailureOutsideSequence,
                    "soft-failure is set outside try-each and run-sequence");
            scope.SoftFailure = soft;
        }
        // strict-order may be ignored: this processor always runs commands in order.
        var onlyUnset = command.Code == SuitCommandCodes.DirectiveSetParameters;
        foreach (var component in scope.Selection)
            _parameters[component].Apply(parameters, onlyUnset);
        return null;
    }

    private static bool IsSharedCommand(long code) => code is not (SuitCommandCodes.DirectiveFetch or SuitCommandCodes.DirectiveWrite
        or SuitCommandCodes.DirectiveCopy or SuitCommandCodes.DirectiveSwap or SuitCommandCodes.DirectiveInvoke);

    private SuitComponent Component(int index) => new(index, _components[index], _parameters[index].ComponentSlot);

    private static SuitProcessingFailure Fail(Scope scope, ulong offset, int component, SuitReportReason reason,
        SuitProcessingError code, string message) => Fail(scope.Section, offset, component, reason, code, message, SuitRecordProperties.Empty);

    internal static SuitProcessingFailure Fail(long section, ulong offset, int component, SuitReportReason reason,
        SuitProcessingError code, string message, SuitRecordProperties properties) =>
        new(new SuitRecord([], section, offset, (ulong)component, properties), reason, code, message);
}
