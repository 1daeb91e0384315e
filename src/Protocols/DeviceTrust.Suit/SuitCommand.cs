namespace DeviceTrust.Suit;

/// <summary>
/// One (code, argument) pair of a command sequence. Codes this library knows decode to a typed argument; any other
/// code is kept as <see cref="SuitCustomCommand"/> with its argument undecoded, not refused: whether to run it is the
/// processor's decision (it reports command-unsupported).
/// <code>
/// SUIT_Command_Sequence = [ + ( SUIT_Condition // SUIT_Directive // SUIT_Command_Custom ) ]
/// SUIT_Command_Custom = ( suit-command-custom, bstr/tstr/int/nil )
/// </code>
/// </summary>
public abstract record SuitCommand(long Code)
{
    public string Name => SuitCommandCodes.Name(Code);
}

/// <summary>Which records and system information a condition or directive asks to report.
/// <c>SUIT_Rep_Policy = uint .bits suit-reporting-bits</c>.</summary>
[Flags]
public enum SuitReportingPolicy : ulong
{
    None = 0,
    RecordOnSuccess = 1 << 0,
    RecordOnFailure = 1 << 1,
    SysInfoOnSuccess = 1 << 2,
    SysInfoOnFailure = 1 << 3,
}

/// <summary>A condition, or a directive whose argument is a reporting policy (write, fetch, copy, invoke, swap).</summary>
public sealed record SuitReportingCommand(long Code, SuitReportingPolicy Policy) : SuitCommand(Code);

/// <summary>
/// <code>
/// ( suit-directive-set-component-index, IndexArg )
/// IndexArg /= uint / true / [+uint]
/// </code>
/// </summary>
public sealed record SuitSetComponentIndex(IReadOnlyList<ulong> Indexes, bool AllComponents)
    : SuitCommand(SuitCommandCodes.DirectiveSetComponentIndex)
{
    /// <summary>Whether the argument was the array form, kept so that [0] re-encodes as [0] and not as 0.</summary>
    public bool IsList { get; init; }
}

/// <summary>override-parameters (20) or set-parameters (19): <c>{+ SUIT_Parameters}</c>.</summary>
public sealed record SuitParametersCommand(long Code, SuitParameters Parameters) : SuitCommand(Code);

/// <summary>
/// <code>
/// SUIT_Directive_Try_Each_Argument = [ 2* bstr .cbor SUIT_Command_Sequence, ?nil ]
/// </code>
/// </summary>
public sealed record SuitTryEach(IReadOnlyList<SuitCommandSequence> Candidates, bool EmptyAllowed)
    : SuitCommand(SuitCommandCodes.DirectiveTryEach);

/// <summary><c>( suit-directive-run-sequence, bstr .cbor SUIT_Command_Sequence )</c>.</summary>
public sealed record SuitRunSequence(SuitCommandSequence Sequence) : SuitCommand(SuitCommandCodes.DirectiveRunSequence);

/// <summary>A code this library does not interpret, with its argument as encoded CBOR.</summary>
public sealed record SuitCustomCommand(long Code, ReadOnlyMemory<byte> EncodedArgument) : SuitCommand(Code);
