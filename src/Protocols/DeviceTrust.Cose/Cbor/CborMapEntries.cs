using System.Formats.Cbor;

namespace DeviceTrust.Cose.Cbor;

/// <summary>
/// A labelled map read one entry at a time from the strict reader it is in: the rules of <see cref="CborLabelledMap"/>
/// (int / tstr labels, unique by value, in order and from a closed set when the options ask), checked as each label comes,
/// and each value read by the caller from that same reader, so a decoder that turns values into typed ones (EAT
/// claims-sets) passes over the bytes once. The reader checks by the strict rules what the caller reads, and
/// <see cref="ReadEncodedValue"/> what it keeps undecoded; the caller must read or keep each value before the next label.
/// <code>
/// label = int / tstr                                                         ; RFC 9052 §1.5, RFC 8392 §7
/// map   = { * label => any }
/// </code>
/// </summary>
public sealed class CborMapEntries
{
    private readonly CborReader _reader;
    private readonly CborMapOptions _options;
    private readonly int _depth;
    // The labels so far: a list while the map is small (most are), a set beyond, so a hostile map of thousands of
    // labels is not checked in quadratic time.
    private readonly List<CoseLabel> _labels;
    private HashSet<CoseLabel>? _labelSet;
    private const int ListedLabels = 16;
    private ReadOnlyMemory<byte> _previousKey;
    private CoseLabel _label;

    // Labels are a few bytes each: read by one strict reader per thread, reset over each key, not a new reader each time.
    [ThreadStatic] private static CborReader? t_labelReader;

    private CborMapEntries(CborReader reader, string? where, CborPath? path, CborMapOptions options, int? count)
    {
        _reader = reader;
        _where = where;
        _path = path;
        _options = options;
        _depth = reader.CurrentDepth;
        _labels = new List<CoseLabel>(Math.Min(count ?? 4, ListedLabels));
    }

    // The map's path as given, or as a CborPath formatted the first time an error names it.
    private string? _where;
    private readonly CborPath? _path;

    /// <summary>The path of the map, the root of the paths in its errors.</summary>
    public string Where => _where ??= _path?.ToString()!;

    /// <summary>How many labels have been read so far.</summary>
    public int Count => _labels.Count;

    /// <summary>Reads the start of the map that is the next item of <paramref name="reader"/>.</summary>
    /// <exception cref="ArgumentException">The reader is not in CborConformanceMode.Strict.</exception>
    /// <exception cref="CborFormatException">The next item is not a map, or is malformed.</exception>
    public static CborMapEntries Start(CborReader reader, string where, CborMapOptions? options = null) =>
        StartAt(reader, where, null, options);

    /// <summary>Like <see cref="Start(CborReader, string, CborMapOptions?)"/>, with the path formatted only if an error
    /// names it.</summary>
    /// <exception cref="ArgumentException">The reader is not in CborConformanceMode.Strict.</exception>
    /// <exception cref="CborFormatException">The next item is not a map, or is malformed.</exception>
    public static CborMapEntries Start(CborReader reader, CborPath where, CborMapOptions? options = null) =>
        StartAt(reader, null, where, options);

    private static CborMapEntries StartAt(CborReader reader, string? where, CborPath? path, CborMapOptions? options)
    {
        ArgumentNullException.ThrowIfNull(reader);
        if (reader.ConformanceMode != CborConformanceMode.Strict)
            throw new ArgumentException("The values of a labelled map are read by a reader in CborConformanceMode.Strict.", nameof(reader));
        try
        {
            if (reader.PeekState() != CborReaderState.StartMap)
                StrictCbor.ExpectState(reader, CborReaderState.StartMap, where ?? path?.ToString()!, "a map");
            var count = reader.ReadStartMap();
            return new CborMapEntries(reader, where, path, options ?? CborMapOptions.Open, count);
        }
        catch (Exception e) when (StrictCbor.IsLowerLevel(e))
        {
            throw StrictCbor.Wrap(where ?? path?.ToString()!, e);
        }
    }

    /// <summary>Reads the next label, leaving the reader at its value; false at the end of the map, which it reads.</summary>
    /// <exception cref="CborFormatException">A label is not int / tstr, repeats, or is out of order or unknown (as the
    /// options ask); the map is malformed; or the value before was not read whole.</exception>
    public bool Next(out CoseLabel label)
    {
        if (_reader.CurrentDepth != _depth)
            throw new InvalidOperationException($"The value before the next label of {Where} was not read whole.");
        try
        {
            if (_reader.PeekState() == CborReaderState.EndMap)
            {
                _reader.ReadEndMap();
                label = default;
                return false;
            }
            // Without the reader's own duplicate check (by encoding), so that a repeated label is reported below by name.
            var key = _reader.ReadEncodedValue(disableConformanceModeChecks: true);
            label = ReadLabel(key);
            // By value, not by encoding: 1 and 0x1801 are the same label (RFC 8949 §5.6: keys are compared as values).
            if (!AddLabel(label))
                throw new CborFormatException(Where, $"duplicate label {label} (RFC 8949 §5.6, RFC 9052 §3: labels in a map MUST be unique)");
            // Compared first, so that the path and the label are put in words only for the error.
            if (_options.DeterministicOrder && _labels.Count > 1 && _previousKey.Span.SequenceCompareTo(key.Span) >= 0)
                KeyOrder.Check(_previousKey, key, Where, label.ToString());
            if (_options.KnownLabels is { } known && !known.Contains(label))
                throw new CborFormatException(Where, $"label {label} is not allowed here");
            _previousKey = key;
            _label = label;
            return true;
        }
        catch (Exception e) when (StrictCbor.IsLowerLevel(e))
        {
            throw StrictCbor.Wrap(Where, e);
        }
    }

    /// <summary>Reads the value of the label just read with <paramref name="read"/>, which must read exactly that value.
    /// What the reader refuses is reported at <paramref name="path"/>.</summary>
    /// <exception cref="CborFormatException">The value is malformed, or not what <paramref name="read"/> expects.</exception>
    public T ReadValue<T>(Func<CborReader, string, T> read, string path)
    {
        ArgumentNullException.ThrowIfNull(read);
        try
        {
            return read(_reader, path);
        }
        catch (Exception e) when (StrictCbor.IsLowerLevel(e))
        {
            throw StrictCbor.Wrap(path, e);
        }
    }

    /// <summary>Like <see cref="ReadValue{T}(Func{CborReader, string, T}, string)"/>, with the path formatted only if an
    /// error names it.</summary>
    /// <exception cref="CborFormatException">The value is malformed, or not what <paramref name="read"/> expects.</exception>
    public T ReadValue<T>(Func<CborReader, CborPath, T> read, CborPath path)
    {
        ArgumentNullException.ThrowIfNull(read);
        try
        {
            return read(_reader, path);
        }
        catch (Exception e) when (StrictCbor.IsLowerLevel(e))
        {
            throw StrictCbor.Wrap(path?.ToString()!, e);
        }
    }

    /// <summary>Like <see cref="ReadValue{T}(Func{CborReader, CborPath, T}, CborPath)"/>; <paramref name="read"/> is given
    /// <paramref name="state"/>, so that it need not capture it.</summary>
    /// <exception cref="CborFormatException">The value is malformed, or not what <paramref name="read"/> expects.</exception>
    public T ReadValue<TState, T>(TState state, Func<CborReader, TState, CborPath, T> read, CborPath path)
    {
        ArgumentNullException.ThrowIfNull(read);
        try
        {
            return read(_reader, state, path);
        }
        catch (Exception e) when (StrictCbor.IsLowerLevel(e))
        {
            throw StrictCbor.Wrap(path?.ToString()!, e);
        }
    }

    /// <summary>The value of the label just read as its encoded CBOR, checked by the strict rules unless
    /// <paramref name="checkedAlready"/> (a map it came from checked it).</summary>
    /// <param name="path">Where errors are reported; "{Where}/{label}" when null.</param>
    /// <exception cref="CborFormatException">The value is malformed or not strict CBOR.</exception>
    public ReadOnlyMemory<byte> ReadEncodedValue(string? path = null, bool checkedAlready = false) =>
        ReadEncodedValueAt(path, checkedAlready);

    /// <summary>Like <see cref="ReadEncodedValue(string?, bool)"/>, with the path formatted only if an error names it.</summary>
    /// <exception cref="CborFormatException">The value is malformed or not strict CBOR.</exception>
    public ReadOnlyMemory<byte> ReadEncodedValue(CborPath path, bool checkedAlready = false) =>
        ReadEncodedValueAt(path, checkedAlready);

    private ReadOnlyMemory<byte> ReadEncodedValueAt(object? path, bool checkedAlready)
    {
        try
        {
            return _reader.ReadEncodedValue(disableConformanceModeChecks: checkedAlready);
        }
        catch (Exception e) when (StrictCbor.IsLowerLevel(e))
        {
            // The reader is back at the value (a failed skip restores its position). Bytes that are not well-formed CBOR
            // are the map's defect, reported at its path as when maps were checked whole before their values; a strict
            // rule that a well-formed value breaks (UTF-8, a repeated key inside it) is the value's.
            if (MalformedFromHere() is { } malformed)
                throw StrictCbor.Wrap(Where, malformed);
            throw StrictCbor.Wrap(path?.ToString() ?? $"{Where}/{_label}", e);
        }
    }

    private Exception? MalformedFromHere()
    {
        try
        {
            _reader.SkipToParent(disableConformanceModeChecks: true);
            return null;
        }
        catch (Exception e) when (StrictCbor.IsLowerLevel(e))
        {
            return e;
        }
    }

    private bool AddLabel(CoseLabel label)
    {
        if (_labelSet is not null)
        {
            if (!_labelSet.Add(label))
                return false;
        }
        else if (_labels.Contains(label))
        {
            return false;
        }
        _labels.Add(label);
        if (_labelSet is null && _labels.Count > ListedLabels)
            _labelSet = [.. _labels];
        return true;
    }

    // An int or tstr label is read here, and anything else by StrictCbor.ReadLabel, which names it: so the map's path is
    // formatted only for an error. What the reader raises is wrapped at the map's path by Next, as ReadLabel would.
    private CoseLabel ReadLabel(ReadOnlyMemory<byte> key)
    {
        // A one-byte integer (-24..23, RFC 8949 §3.1: major type 0 or 1, argument in the initial byte) is most labels,
        // COSE's, CWT's and SUIT's alike: read without a reader.
        if (key.Length == 1 && key.Span[0] < 0x38 && (key.Span[0] & 0x1F) < 24)
            return CoseLabel.Of(key.Span[0] < 0x20 ? key.Span[0] : -1 - (key.Span[0] & 0x1F));
        var reader = t_labelReader ??= StrictCbor.Reader(key);
        reader.Reset(key);
        return reader.PeekState() switch
        {
            CborReaderState.UnsignedInteger or CborReaderState.NegativeInteger => CoseLabel.Of(reader.ReadInt64()),
            CborReaderState.TextString => CoseLabel.Of(reader.ReadTextString()),
            _ => StrictCbor.ReadLabel(reader, Where),
        };
    }
}
