namespace DeviceTrust.Suit.Processing;

/// <summary>
/// Where each command sits in its section, for suit-record-section-offset: "the number of bytes into the current section
/// at which the current command is located" (draft-ietf-suit-report "The SUIT Record"). Offsets count from the first
/// byte of the section's SUIT_Command_Sequence (the content of its bstr, without the bstr head) to the command's code;
/// a command inside try-each or run-sequence gets its offset in the section too, through the bstr that nests it. The
/// decoded sequence re-encodes to the bytes it came from (deterministic CBOR), so the lengths are those of the input.
/// </summary>
internal static class SuitSequenceLayout
{
    /// <summary>The offset of each command of <paramref name="sequence"/>, which starts at <paramref name="start"/>.</summary>
    public static ulong[] CommandOffsets(SuitCommandSequence sequence, ulong start)
    {
        var commands = sequence.Commands;
        var offsets = new ulong[commands.Count];
        var position = start + HeadLength((ulong)commands.Count * 2);
        for (var i = 0; i < commands.Count; i++)
        {
            offsets[i] = position;
            position += IntegerLength(commands[i].Code) + (ulong)SuitEncoder.Argument(commands[i]).Length;
        }
        return offsets;
    }

    /// <summary>Where the sequence nested in <paramref name="command"/> (run-sequence's, or try-each's candidate
    /// <paramref name="candidate"/>) starts, the command being at <paramref name="commandOffset"/>.</summary>
    public static ulong NestedStart(SuitCommand command, ulong commandOffset, int candidate)
    {
        var position = commandOffset + IntegerLength(command.Code);
        switch (command)
        {
            case SuitRunSequence run:
                return position + HeadLength((ulong)SuitEncoder.Sequence(run.Sequence).Length);
            case SuitTryEach tryEach:
                position += HeadLength((ulong)(tryEach.Candidates.Count + (tryEach.EmptyAllowed ? 1 : 0)));
                for (var i = 0; i < candidate; i++)
                    position += (ulong)SuitWriting.Wrap(SuitEncoder.Sequence(tryEach.Candidates[i])).Length;
                return position + HeadLength((ulong)SuitEncoder.Sequence(tryEach.Candidates[candidate]).Length);
            default:
                throw new InvalidOperationException($"{command.Name} nests no sequence.");
        }
    }

    private static ulong IntegerLength(long value) => HeadLength(value >= 0 ? (ulong)value : (ulong)(-1 - value));

    // The length of a CBOR head carrying argument n in its shortest form (RFC 8949 §3, §4.2.1).
    private static ulong HeadLength(ulong n) => n switch
    {
        < 24 => 1,
        <= byte.MaxValue => 2,
        <= ushort.MaxValue => 3,
        <= uint.MaxValue => 5,
        _ => 9,
    };
}
