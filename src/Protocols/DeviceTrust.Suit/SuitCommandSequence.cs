using System.Formats.Cbor;
using DeviceTrust.Cose.Cbor;

namespace DeviceTrust.Suit;

/// <summary>
/// A decoded command sequence: a flat array of (code, argument) pairs, in order.
/// <code>
/// SUIT_Command_Sequence = [ + ( SUIT_Condition // SUIT_Directive // SUIT_Command_Custom ) ]
/// SUIT_Shared_Sequence  = [ + ( SUIT_Condition // SUIT_Shared_Commands ) ]
/// </code>
/// </summary>
public sealed class SuitCommandSequence
{
    private SuitCommandSequence(IReadOnlyList<SuitCommand> commands) => Commands = commands;

    public IReadOnlyList<SuitCommand> Commands { get; }

    internal static SuitCommandSequence Read(CborReader reader, CborPath where, int nesting)
    {
        if (nesting > SuitReading.MaxNesting)
            throw SuitReading.Fail(where, $"command sequences nested more than {SuitReading.MaxNesting} deep");
        SuitReading.Expect(reader, CborReaderState.StartArray, where, "a command sequence array");
        var count = reader.ReadStartArray();
        if (count is { } n && n % 2 != 0)
            throw SuitReading.Fail(where, $"a command sequence is (code, argument) pairs, found {n} items");
        var commands = new List<SuitCommand>();
        for (var index = 0; reader.PeekState() != CborReaderState.EndArray; index += 2)
        {
            // The code's own path ("where/index") is made only for the error.
            if (reader.PeekState() is not (CborReaderState.UnsignedInteger or CborReaderState.NegativeInteger))
                SuitReading.Integer(reader, where.Item(index));
            var code = reader.ReadInt64();
            var path = where.Item(index + 1, SuitCommandCodes.Name(code));
            commands.Add(ReadCommand(reader, code, path, nesting));
        }
        reader.ReadEndArray();
        if (commands.Count == 0)
            throw SuitReading.Fail(where, "a command sequence holds at least one command");
        return new SuitCommandSequence(commands);
    }

    private static SuitCommand ReadCommand(CborReader reader, long code, CborPath where, int nesting) => code switch
    {
        SuitCommandCodes.ConditionVendorIdentifier or SuitCommandCodes.ConditionClassIdentifier
            or SuitCommandCodes.ConditionImageMatch or SuitCommandCodes.ConditionComponentSlot
            or SuitCommandCodes.ConditionCheckContent or SuitCommandCodes.ConditionAbort
            or SuitCommandCodes.ConditionDeviceIdentifier or SuitCommandCodes.DirectiveWrite
            or SuitCommandCodes.DirectiveFetch or SuitCommandCodes.DirectiveCopy
            or SuitCommandCodes.DirectiveInvoke or SuitCommandCodes.DirectiveSwap =>
            new SuitReportingCommand(code, (SuitReportingPolicy)SuitReading.UnsignedInteger(reader, where)),
        SuitCommandCodes.DirectiveSetComponentIndex => ReadIndex(reader, where),
        SuitCommandCodes.DirectiveOverrideParameters or SuitCommandCodes.DirectiveSetParameters =>
            new SuitParametersCommand(code, SuitParameters.Read(reader, where)),
        SuitCommandCodes.DirectiveTryEach => ReadTryEach(reader, where, nesting),
        SuitCommandCodes.DirectiveRunSequence =>
            new SuitRunSequence(SuitReading.Wrapped(reader, where, (inner, path) => Read(inner, path, nesting + 1)).Value),
        _ => new SuitCustomCommand(code, reader.ReadEncodedValue()),
    };

    // IndexArg /= uint / true / [+uint]
    private static SuitSetComponentIndex ReadIndex(CborReader reader, CborPath where)
    {
        switch (reader.PeekState())
        {
            case CborReaderState.UnsignedInteger:
                return new SuitSetComponentIndex([reader.ReadUInt64()], AllComponents: false);
            case CborReaderState.Boolean:
                if (!reader.ReadBoolean())
                    throw SuitReading.Fail(where, "the component index is a uint, true or [+uint], not false");
                return new SuitSetComponentIndex([], AllComponents: true);
            default:
                return new SuitSetComponentIndex(SuitReading.Array(reader, where, 1, SuitReading.UnsignedInteger), AllComponents: false) { IsList = true };
        }
    }

    // SUIT_Directive_Try_Each_Argument = [ 2* bstr .cbor SUIT_Command_Sequence, ?nil ]
    private static SuitTryEach ReadTryEach(CborReader reader, CborPath where, int nesting)
    {
        SuitReading.Expect(reader, CborReaderState.StartArray, where, "a try-each array");
        reader.ReadStartArray();
        var candidates = new List<SuitCommandSequence>();
        var emptyAllowed = false;
        while (reader.PeekState() != CborReaderState.EndArray)
        {
            var path = where.Item(candidates.Count);
            if (emptyAllowed)
                throw SuitReading.Fail(path, "nil may only end a try-each argument");
            if (reader.PeekState() == CborReaderState.Null)
            {
                reader.ReadNull();
                emptyAllowed = true;
                continue;
            }
            candidates.Add(SuitReading.Wrapped(reader, path, (inner, p) => Read(inner, p, nesting + 1)).Value);
        }
        reader.ReadEndArray();
        if (candidates.Count < 2)
            throw SuitReading.Fail(where, $"try-each needs at least 2 command sequences, found {candidates.Count}");
        return new SuitTryEach(candidates, emptyAllowed);
    }
}
