using System.Formats.Cbor;

namespace DeviceTrust.Cose.Cbor;

/// <summary>
/// Writes a labelled map in RFC 8949 §4.2.1 core deterministic order: keys sorted by the bytewise lexicographic
/// order of their encodings. CborWriter's Canonical mode sorts shorter keys first (RFC 7049 §3.9), which differs
/// once keys have encodings of different lengths (-1 is 0x20 and 24 is 0x1818), so the entries are sorted here.
/// Values are written with definite lengths and shortest heads, as CborWriter always does; a nested map is
/// written through its own DeterministicMapWriter and added with <see cref="AddEncoded"/>.
/// </summary>
public sealed class DeterministicMapWriter
{
    private readonly List<(byte[] Key, byte[] Value)> _entries = [];
    private readonly HashSet<CoseLabel> _labels = [];

    public int Count => _entries.Count;

    /// <exception cref="ArgumentException">The label is already in the map.</exception>
    public DeterministicMapWriter Add(CoseLabel label, Action<CborWriter> writeValue)
    {
        ArgumentNullException.ThrowIfNull(writeValue);
        var writer = new CborWriter(CborConformanceMode.Strict, convertIndefiniteLengthEncodings: true);
        writeValue(writer);
        return AddEncoded(label, writer.Encode());
    }

    /// <summary>Adds a value that is already one encoded CBOR item, such as a nested map.</summary>
    /// <exception cref="ArgumentException">The label is already in the map.</exception>
    public DeterministicMapWriter AddEncoded(CoseLabel label, ReadOnlySpan<byte> encodedValue)
    {
        if (!_labels.Add(label))
            throw new ArgumentException($"Label {label} is already in the map (RFC 8949 §5.6: keys are unique).", nameof(label));
        var key = new CborWriter();
        WriteLabel(key, label);
        _entries.Add((key.Encode(), encodedValue.ToArray()));
        return this;
    }

    /// <exception cref="ArgumentException">The writer is in a canonical mode, which would re-sort the keys its own way.</exception>
    public void WriteTo(CborWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (writer.ConformanceMode is CborConformanceMode.Canonical or CborConformanceMode.Ctap2Canonical)
            throw new ArgumentException("A Canonical or Ctap2Canonical CborWriter re-sorts map keys shorter-first; use Strict or Lax.", nameof(writer));
        writer.WriteStartMap(_entries.Count);
        foreach (var (key, value) in _entries.OrderBy(entry => entry.Key, ByteOrder.Instance))
        {
            writer.WriteEncodedValue(key);
            writer.WriteEncodedValue(value);
        }
        writer.WriteEndMap();
    }

    public byte[] Encode()
    {
        var writer = new CborWriter(CborConformanceMode.Strict);
        WriteTo(writer);
        return writer.Encode();
    }

    /// <summary>Writes a label as its CBOR int or tstr (RFC 9052 §1.5).</summary>
    public static void WriteLabel(CborWriter writer, CoseLabel label)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (label.Integer is { } number)
            writer.WriteInt64(number);
        else
            writer.WriteTextString(label.Text!);
    }

    private sealed class ByteOrder : IComparer<byte[]>
    {
        public static readonly ByteOrder Instance = new();

        public int Compare(byte[]? x, byte[]? y) => x.AsSpan().SequenceCompareTo(y);
    }
}
