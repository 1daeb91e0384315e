using System.Formats.Cbor;

namespace DeviceTrust.Cose.Cbor;

/// <summary>
/// The strict CBOR entry point of the protocol libraries (STYLE.md "Protocol libraries"). CborConformanceMode.Strict
/// refuses identical duplicate map keys, invalid UTF-8 and long-form simple values; this adds what it does not check
/// (empty input, trailing bytes, the stricter <see cref="CborRules"/> a profile asks for) and turns every exception
/// System.Formats.Cbor raises into a <see cref="CborFormatException"/> naming where the defect is.
/// </summary>
public static class StrictCbor
{
    /// <summary>A reader over <paramref name="data"/> in CborConformanceMode.Strict.</summary>
    public static CborReader Reader(ReadOnlyMemory<byte> data) => new(data, CborConformanceMode.Strict);

    /// <summary>
    /// Decodes <paramref name="data"/> as exactly one CBOR item: checks <paramref name="rules"/>, runs
    /// <paramref name="read"/> on a strict reader, then refuses any byte left over. All or nothing. The reader is lent
    /// for the call only: <paramref name="read"/> must not keep it.
    /// </summary>
    /// <param name="where">The name of the item, the root of every path in an error, e.g. "COSE_Sign1".</param>
    /// <exception cref="CborFormatException">The input is empty, malformed, breaks the rules, or has trailing bytes.</exception>
    public static T Decode<T>(ReadOnlyMemory<byte> data, string where, Func<CborReader, T> read, CborRules rules = CborRules.Strict)
    {
        ArgumentNullException.ThrowIfNull(read);
        return DecodeAt(data, where, read, static (reader, read) => read(reader), rules);
    }

    /// <summary>Like <see cref="Decode{T}(ReadOnlyMemory{byte}, string, Func{CborReader, T}, CborRules)"/>, with the
    /// path formatted only if an error names it.</summary>
    /// <exception cref="CborFormatException">The input is empty, malformed, breaks the rules, or has trailing bytes.</exception>
    public static T Decode<T>(ReadOnlyMemory<byte> data, CborPath where, Func<CborReader, T> read, CborRules rules = CborRules.Strict)
    {
        ArgumentNullException.ThrowIfNull(read);
        return DecodeAt(data, where, read, static (reader, read) => read(reader), rules);
    }

    /// <summary>Like <see cref="Decode{T}(ReadOnlyMemory{byte}, CborPath, Func{CborReader, T}, CborRules)"/>;
    /// <paramref name="read"/> is given <paramref name="state"/>, so that it need not capture it.</summary>
    /// <exception cref="CborFormatException">The input is empty, malformed, breaks the rules, or has trailing bytes.</exception>
    public static T Decode<TState, T>(ReadOnlyMemory<byte> data, CborPath where, TState state, Func<CborReader, TState, T> read,
        CborRules rules = CborRules.Strict)
    {
        ArgumentNullException.ThrowIfNull(read);
        return DecodeAt(data, where, state, read, rules);
    }

    private static T DecodeAt<TPath, TState, T>(ReadOnlyMemory<byte> data, TPath at, TState state, Func<CborReader, TState, T> read,
        CborRules rules) where TPath : class
    {
        if (data.IsEmpty)
            throw new CborFormatException(PathText(at), "empty input", 0);
        if (rules != CborRules.Strict)
            CborEncodingCheck.Check(data, at, rules);

        var reader = RentReader(data);
        try
        {
            T result;
            try
            {
                result = read(reader, state);
            }
            catch (Exception e) when (IsLowerLevel(e))
            {
                throw new CborFormatException(PathText(at), Describe(e), data.Length - reader.BytesRemaining, e);
            }
            if (reader.BytesRemaining != 0)
                ExpectEnd(reader, PathText(at), data.Length);
            return result;
        }
        finally
        {
            ReturnReader(reader);
        }
    }

    // A string path is itself; a CborPath is formatted here, when an error names it.
    private static string PathText<TPath>(TPath at) where TPath : class => at?.ToString()!;

    // Strict readers are reused on each thread rather than made for every item: a reader that has read maps and arrays
    // keeps its nesting stack and its duplicate-key sets, which a new one allocates again (a token decodes a dozen items).
    // Nested decodes (a value decoded inside the read of another) take the next reader of the pool.
    [ThreadStatic] private static Stack<CborReader>? t_readers;

    private const int PooledReaders = 8;

    private static CborReader RentReader(ReadOnlyMemory<byte> data)
    {
        if (t_readers is { } readers && readers.TryPop(out var reader))
        {
            reader.Reset(data);
            return reader;
        }
        return Reader(data);
    }

    private static void ReturnReader(CborReader reader)
    {
        // Emptied, so that a pooled reader does not keep the caller's bytes alive.
        reader.Reset(ReadOnlyMemory<byte>.Empty);
        var readers = t_readers ??= new Stack<CborReader>(PooledReaders);
        if (readers.Count < PooledReaders)
            readers.Push(reader);
    }

    /// <summary>Runs <paramref name="read"/> over a reader the caller holds, wrapping the reader's exceptions.</summary>
    /// <exception cref="CborFormatException">The reader refused the input.</exception>
    public static T Guard<T>(string where, Func<T> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        try
        {
            return read();
        }
        catch (Exception e) when (IsLowerLevel(e))
        {
            throw Wrap(where, e);
        }
    }

    /// <summary>What System.Formats.Cbor raised, as a <see cref="CborFormatException"/> at <paramref name="where"/>.</summary>
    internal static CborFormatException Wrap(string where, Exception e, long? offset = null) =>
        new(where, Describe(e), offset, e);

    /// <exception cref="CborFormatException">The next item is not of the <paramref name="expected"/> kind.</exception>
    public static void ExpectState(CborReader reader, CborReaderState expected, string where, string what)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var state = reader.PeekState();
        if (state != expected)
            throw new CborFormatException(where, $"{what} expected, found {Describe(state)}");
    }

    /// <exception cref="CborFormatException">The next item is not an integer (major type 0 or 1).</exception>
    public static void ExpectInteger(CborReader reader, string where)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var state = reader.PeekState();
        if (state is not (CborReaderState.UnsignedInteger or CborReaderState.NegativeInteger))
            throw new CborFormatException(where, $"an integer expected, found {Describe(state)}");
    }

    /// <summary>The next item as a text string.</summary>
    /// <exception cref="CborFormatException">It is another kind of item, named in the error at <paramref name="where"/>.</exception>
    public static string ReadText(CborReader reader, string where)
    {
        ExpectState(reader, CborReaderState.TextString, where, "a text string");
        return reader.ReadTextString();
    }

    /// <summary>The next item as a byte string.</summary>
    /// <exception cref="CborFormatException">It is another kind of item.</exception>
    public static byte[] ReadBytes(CborReader reader, string where)
    {
        ExpectState(reader, CborReaderState.ByteString, where, "a byte string");
        return reader.ReadByteString();
    }

    /// <summary>The next item as a boolean.</summary>
    /// <exception cref="CborFormatException">It is another kind of item.</exception>
    public static bool ReadBoolean(CborReader reader, string where)
    {
        ExpectState(reader, CborReaderState.Boolean, where, "a boolean");
        return reader.ReadBoolean();
    }

    /// <summary>The next item as an unsigned integer (major type 0).</summary>
    /// <exception cref="CborFormatException">It is another kind of item, or beyond 2^64-1.</exception>
    public static ulong ReadUnsignedInteger(CborReader reader, string where)
    {
        ExpectState(reader, CborReaderState.UnsignedInteger, where, "an unsigned integer");
        return reader.ReadUInt64();
    }

    /// <summary>The next item as an integer (major type 0 or 1) that fits an Int64.</summary>
    /// <exception cref="CborFormatException">It is another kind of item.</exception>
    public static long ReadInteger(CborReader reader, string where)
    {
        ExpectInteger(reader, where);
        return reader.ReadInt64();
    }

    /// <exception cref="CborFormatException">Bytes follow the item the reader has read.</exception>
    public static void ExpectEnd(CborReader reader, string where) => ExpectEnd(reader, where, null);

    /// <summary>Reads a map label: <c>label = int / tstr</c> (RFC 9052 §1.5, RFC 8392 §7, RFC 9711 §4).</summary>
    /// <exception cref="CborFormatException">The next item is neither an integer nor a text string.</exception>
    public static CoseLabel ReadLabel(CborReader reader, string where)
    {
        ArgumentNullException.ThrowIfNull(reader);
        try
        {
            return reader.PeekState() switch
            {
                CborReaderState.UnsignedInteger or CborReaderState.NegativeInteger => CoseLabel.Of(reader.ReadInt64()),
                CborReaderState.TextString => CoseLabel.Of(reader.ReadTextString()),
                var state => throw new CborFormatException(where, $"label must be int or tstr (RFC 9052 §1.5), found {Describe(state)}"),
            };
        }
        catch (Exception e) when (IsLowerLevel(e))
        {
            throw Wrap(where, e);
        }
    }

    /// <summary>A reader state in words for messages, e.g. "a byte string".</summary>
    public static string Describe(CborReaderState state) => state switch
    {
        CborReaderState.UnsignedInteger or CborReaderState.NegativeInteger => "an integer",
        CborReaderState.ByteString or CborReaderState.StartIndefiniteLengthByteString => "a byte string",
        CborReaderState.TextString or CborReaderState.StartIndefiniteLengthTextString => "a text string",
        CborReaderState.StartArray => "an array",
        CborReaderState.StartMap => "a map",
        CborReaderState.Tag => "a tag",
        CborReaderState.Null => "null",
        CborReaderState.Boolean => "a boolean",
        CborReaderState.Finished => "the end of the input",
        _ => state.ToString(),
    };

    private static void ExpectEnd(CborReader reader, string where, int? length)
    {
        ArgumentNullException.ThrowIfNull(reader);
        if (reader.BytesRemaining != 0)
            throw new CborFormatException(where, $"{reader.BytesRemaining} trailing byte(s) after the CBOR item",
                length - reader.BytesRemaining);
    }

    // What CborReader raises: CborContentException for malformed or non-conforming data, InvalidOperationException for
    // "not the type you asked for" and truncation, OverflowException for integers out of range, and a plain
    // FormatException from value parsers. Derived format exceptions are the libraries' own and pass through.
    internal static bool IsLowerLevel(Exception e) =>
        e is CborContentException or InvalidOperationException or OverflowException || e.GetType() == typeof(FormatException);

    private static string Describe(Exception e) => e switch
    {
        CborContentException => $"malformed CBOR ({e.Message})",
        OverflowException => $"integer out of range ({e.Message})",
        FormatException => $"malformed value ({e.Message})",
        _ => $"unexpected CBOR ({e.Message})",
    };
}
