using System.Formats.Cbor;

namespace DeviceTrust.Cose.Cbor;

/// <summary>
/// A CBOR map keyed by labels, read strictly and all at once; each value stays as its encoded CBOR until a typed
/// accessor reads it, and every error names its path (<see cref="Where"/>/label). COSE header buckets and COSE_Key
/// (RFC 9052 §3, §7), CWT and EAT claims-sets (RFC 8392 §7, RFC 9711 §4) and SUIT maps all have this shape:
/// <code>
/// label = int / tstr                                                         ; RFC 9052 §1.5, RFC 8392 §7
/// map   = { * label => any }
/// </code>
/// </summary>
public sealed class CborLabelledMap
{
    private readonly Dictionary<CoseLabel, ReadOnlyMemory<byte>> _values;
    private readonly List<CoseLabel> _labels;

    // The reader a typed accessor of a map is reading one of its values with, on this thread. Every value a map holds is
    // strict CBOR (checked when the map, or a map it came from, was parsed), so a map read from that reader needs no
    // second strict pass over its values: nested maps (submods, SUIT sequences) are validated once, not once per level.
    // By reader identity: a reader over other bytes (a bstr's content decoded as CBOR) is not this one and is checked.
    [ThreadStatic] private static CborReader? t_readingValue;

    private CborLabelledMap(string where, Dictionary<CoseLabel, ReadOnlyMemory<byte>> values, List<CoseLabel> labels)
    {
        Where = where;
        _values = values;
        _labels = labels;
    }

    /// <summary>The path of the map, the root of the paths in its errors.</summary>
    public string Where { get; }

    public int Count => _labels.Count;

    /// <summary>The labels in the order they were encoded.</summary>
    public IReadOnlyList<CoseLabel> Labels => _labels;

    public static CborLabelledMap Empty(string where) => new(where, [], []);

    /// <summary>Decodes <paramref name="data"/> as exactly one labelled map.</summary>
    /// <exception cref="CborFormatException">Not one well-formed map by the rules and options given.</exception>
    public static CborLabelledMap Decode(ReadOnlyMemory<byte> data, string where, CborMapOptions? options = null,
        CborRules rules = CborRules.Strict) =>
        StrictCbor.Decode(data, where, reader => Read(reader, where, options), rules);

    /// <summary>Reads the next item of <paramref name="reader"/> as a labelled map.</summary>
    /// <exception cref="CborFormatException">The item is not a map, a label is not int / tstr, repeats, is out of
    /// order or unknown (as <paramref name="options"/> asks), or a value is not strict CBOR.</exception>
    public static CborLabelledMap Read(CborReader reader, string where, CborMapOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        options ??= CborMapOptions.Open;
        try
        {
            StrictCbor.ExpectState(reader, CborReaderState.StartMap, where, "a map");
            if (reader.ConformanceMode != CborConformanceMode.Strict)
            {
                // A reader in another mode would check the values by other rules: the map is taken whole and checked by
                // the strict ones alone. Taken without that reader's own checks, so that a repeated label is named below.
                var encoded = reader.ReadEncodedValue(disableConformanceModeChecks: true);
                return Parse(StrictCbor.Reader(encoded), where, options, validateValues: true);
            }
            return Parse(reader, where, options, validateValues: !ReferenceEquals(reader, t_readingValue));
        }
        catch (Exception e) when (StrictCbor.IsLowerLevel(e))
        {
            throw StrictCbor.Wrap(where, e);
        }
    }

    public bool Contains(CoseLabel label) => _values.ContainsKey(label);

    public bool TryGetEncodedValue(CoseLabel label, out ReadOnlyMemory<byte> encodedValue) =>
        _values.TryGetValue(label, out encodedValue);

    /// <summary>The path of a value, e.g. "manifest/3" for label 3 of the map at "manifest".</summary>
    public string PathOf(CoseLabel label) => $"{Where}/{label}";

    /// <summary>Reads the value of a present label with <paramref name="read"/>; it must consume exactly that value.</summary>
    /// <param name="where">The path for errors; <see cref="PathOf"/> when null.</param>
    /// <exception cref="CborFormatException">The label is absent, or the value is not what <paramref name="read"/> expects.</exception>
    public T Read<T>(CoseLabel label, Func<CborReader, T> read, string? where = null)
    {
        ArgumentNullException.ThrowIfNull(read);
        return Read(label, (reader, _) => read(reader), where);
    }

    /// <summary>Like <see cref="Read{T}(CoseLabel, Func{CborReader, T}, string?)"/>; <paramref name="read"/> is also
    /// given the value's path, for the errors it raises itself.</summary>
    public T Read<T>(CoseLabel label, Func<CborReader, string, T> read, string? where = null)
    {
        ArgumentNullException.ThrowIfNull(read);
        if (!_values.TryGetValue(label, out var encoded))
            throw Missing(label);
        var path = where ?? PathOf(label);
        return StrictCbor.Decode(encoded, path, reader =>
        {
            var outer = t_readingValue;
            t_readingValue = reader;
            try
            {
                return read(reader, path);
            }
            finally
            {
                t_readingValue = outer;
            }
        });
    }

    public long? GetInt64(CoseLabel label) => Contains(label) ? RequireInt64(label) : null;

    /// <exception cref="CborFormatException">Absent, not an integer, or beyond a 64-bit signed integer.</exception>
    public long RequireInt64(CoseLabel label) => Read(label, (reader, where) =>
    {
        StrictCbor.ExpectInteger(reader, where);
        return reader.ReadInt64();
    });

    public string? GetText(CoseLabel label) => Contains(label) ? RequireText(label) : null;

    /// <exception cref="CborFormatException">Absent or not a definite-length text string.</exception>
    public string RequireText(CoseLabel label) => Read(label, (reader, where) =>
    {
        StrictCbor.ExpectState(reader, CborReaderState.TextString, where, "a text string");
        return reader.ReadTextString();
    });

    public byte[]? GetBytes(CoseLabel label) => Contains(label) ? RequireBytes(label) : null;

    /// <exception cref="CborFormatException">Absent or not a definite-length byte string.</exception>
    public byte[] RequireBytes(CoseLabel label) => Read(label, (reader, where) =>
    {
        StrictCbor.ExpectState(reader, CborReaderState.ByteString, where, "a byte string");
        return reader.ReadByteString();
    });

    public CborLabelledMap? GetMap(CoseLabel label, CborMapOptions? options = null) =>
        Contains(label) ? RequireMap(label, options) : null;

    /// <summary>A nested labelled map; its paths continue this one's ("manifest/3/2").</summary>
    /// <exception cref="CborFormatException">Absent, not a map, or a malformed map.</exception>
    public CborLabelledMap RequireMap(CoseLabel label, CborMapOptions? options = null) =>
        Read(label, (reader, where) => Read(reader, where, options));

    // One pass over the map with the strict reader it is read from: each value is checked strictly as it is skipped
    // (unless a map it came from already checked it), and its bytes are kept for the typed accessors.
    private static CborLabelledMap Parse(CborReader reader, string where, CborMapOptions options, bool validateValues)
    {
        var entries = CborMapEntries.Start(reader, where, options);
        var values = new Dictionary<CoseLabel, ReadOnlyMemory<byte>>();
        var labels = new List<CoseLabel>();
        while (entries.Next(out var label))
        {
            values.Add(label, entries.ReadEncodedValue(checkedAlready: !validateValues));
            labels.Add(label);
        }
        return new CborLabelledMap(where, values, labels);
    }

    private CborFormatException Missing(CoseLabel label) => new(Where, $"label {label} is missing");
}
