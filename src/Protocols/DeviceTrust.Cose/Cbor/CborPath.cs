namespace DeviceTrust.Cose.Cbor;

/// <summary>
/// Where an item is, for the error that names it ("SUIT_Envelope/3 (manifest)/3 (common)"), formatted only when an error
/// is reported: a decoder passes one down instead of formatting a string for every member it reads.
/// </summary>
public sealed class CborPath
{
    private readonly CborPath? _parent;
    private readonly string? _segment;
    private readonly long _index;
    private readonly string? _name;
    private readonly Func<long, string>? _nameOf;
    private string? _text;

    private CborPath(CborPath? parent, string? segment, long index, string? name, Func<long, string>? nameOf)
    {
        _parent = parent;
        _segment = segment;
        _index = index;
        _name = name;
        _nameOf = nameOf;
    }

    /// <summary>The root of a path: the name of the item decoded, e.g. "SUIT_Envelope".</summary>
    public static CborPath Root(string name) => new(null, name ?? throw new ArgumentNullException(nameof(name)), 0, null, null);

    /// <summary>"this/index", an array item.</summary>
    public CborPath Item(long index) => new(this, null, index, null, null);

    /// <summary>"this/index (name)", an array item or map member with a known name.</summary>
    public CborPath Item(long index, string name) => new(this, null, index, name, null);

    /// <summary>"this/key (nameOf(key))", a map member named by its registry when an error needs it.</summary>
    public CborPath Member(long key, Func<long, string> nameOf) => new(this, null, key, null, nameOf);

    /// <summary>"this/segment", e.g. a text label already in words.</summary>
    public CborPath Segment(string segment) => new(this, segment ?? throw new ArgumentNullException(nameof(segment)), 0, null, null);

    public override string ToString() => _text ??= _parent is null ? _segment! : Format(_parent.ToString());

    private string Format(string parent)
    {
        if (_segment is not null)
            return $"{parent}/{_segment}";
        var name = _name ?? _nameOf?.Invoke(_index);
        return name is null ? $"{parent}/{_index}" : $"{parent}/{_index} ({name})";
    }
}
