using DeviceTrust.Suit.Reports;

namespace DeviceTrust.Suit.Processing;

/// <summary>Which procedure a <see cref="SuitProcessor"/> ran (draft-ietf-suit-manifest-37 "SUIT_Command_Sequence":
/// "Goals 1,2,3 form the Update Procedure. Goals 3,4,5 form the Invocation Procedure.").</summary>
public enum SuitProcedure
{
    /// <summary>payload-fetch, install, validate.</summary>
    Update,

    /// <summary>validate, load, invoke.</summary>
    Invoke,
}

/// <summary>The processor's own failure codes, reported as suit-report-result-code: "an internal error code that is
/// provided for debugging reasons ... not intended for interoperability" (draft-ietf-suit-report). The interoperable
/// reason is <see cref="SuitProcessingFailure.Reason"/>.</summary>
public enum SuitProcessingError
{
    Rollback = 1,
    ComponentUnsupported = 2,
    SeveredMemberMissing = 3,
    CommandUnsupported = 4,
    ParameterUnsupported = 5,
    ConditionFailed = 6,
    ParameterMissing = 7,
    DigestAlgorithmUnsupported = 8,
    OperationFailed = 9,
    ComponentIndexInvalid = 10,
    SoftFailureOutsideSequence = 11,
    NoCandidateSucceeded = 12,
}

/// <summary>The command that ended the procedure: where (a <see cref="SuitRecord"/>), the report reason, the processor's
/// code and a message for logs.</summary>
public sealed record SuitProcessingFailure(SuitRecord Record, SuitReportReason Reason, SuitProcessingError Code, string Message);

/// <summary>
/// What a procedure did: success, or the <see cref="Failure"/>; the records the commands' reporting policies asked for,
/// in the order they ran; and the parameters each component held at the end (one table per component of the manifest).
/// </summary>
public sealed class SuitProcessingResult
{
    internal SuitProcessingResult(SuitProcedure procedure, SuitEnvelope envelope, SuitProcessingFailure? failure,
        IReadOnlyList<SuitReportEntry> records, IReadOnlyList<SuitParameterTable> parameters, bool commandsRan)
    {
        Procedure = procedure;
        ManifestDigest = envelope.Authentication.Digest;
        ReferenceUri = envelope.Manifest.ReferenceUri;
        SequenceNumber = envelope.Manifest.SequenceNumber;
        Failure = failure;
        Records = records;
        Parameters = parameters;
        CommandsRan = commandsRan;
    }

    public SuitProcedure Procedure { get; }

    /// <summary>The digest of the manifest that ran (the authentication wrapper's), which a report refers to.</summary>
    public SuitDigest ManifestDigest { get; }

    public string? ReferenceUri { get; }

    public ulong SequenceNumber { get; }

    public bool Succeeded => Failure is null;

    public SuitProcessingFailure? Failure { get; }

    public IReadOnlyList<SuitReportEntry> Records { get; }

    /// <summary>The final parameters of each component, by component index.</summary>
    public IReadOnlyList<SuitParameterTable> Parameters { get; }

    /// <summary>False when the manifest was refused before any command ran (rollback, an unsupported component).</summary>
    public bool CommandsRan { get; }
}
