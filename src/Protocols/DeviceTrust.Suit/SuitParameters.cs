using System.Formats.Cbor;
using DeviceTrust.Cose;
using DeviceTrust.Cose.Cbor;

namespace DeviceTrust.Suit;

/// <summary>
/// The parameters of an override-parameters or set-parameters directive, each decoded to its type; a parameter this
/// library does not know is kept in <see cref="Others"/> as encoded CBOR (the processor reports parameter-unsupported).
/// <code>
/// SUIT_Parameters //= (suit-parameter-vendor-identifier => RFC4122_UUID / cbor-pen)
/// SUIT_Parameters //= (suit-parameter-class-identifier => RFC4122_UUID)
/// SUIT_Parameters //= (suit-parameter-image-digest => bstr .cbor SUIT_Digest)
/// SUIT_Parameters //= (suit-parameter-component-slot => uint)
/// SUIT_Parameters //= (suit-parameter-strict-order => bool)
/// SUIT_Parameters //= (suit-parameter-soft-failure => bool)
/// SUIT_Parameters //= (suit-parameter-image-size => uint)
/// SUIT_Parameters //= (suit-parameter-content => bstr)
/// SUIT_Parameters //= (suit-parameter-uri => tstr)
/// SUIT_Parameters //= (suit-parameter-source-component => uint)
/// SUIT_Parameters //= (suit-parameter-invoke-args => bstr)
/// SUIT_Parameters //= (suit-parameter-device-identifier => RFC4122_UUID)
/// SUIT_Parameters //= (suit-parameter-fetch-arguments => bstr)
/// RFC4122_UUID = bstr .size 16
/// cbor-pen = #6.112(bstr)
/// </code>
/// </summary>
public sealed class SuitParameters
{
    private const int UuidLength = 16;

    private readonly Dictionary<long, object> _values = [];
    private readonly Dictionary<CoseLabel, ReadOnlyMemory<byte>> _others = [];

    private SuitParameters()
    {
    }

    /// <summary>Every parameter key, in encoded order.</summary>
    public IReadOnlyList<CoseLabel> Labels { get; private set; } = [];

    /// <summary>The typed value of each known parameter: byte[] for UUIDs, bstr and PEN values; <see cref="SuitDigest"/>;
    /// ulong; bool; string.</summary>
    public IReadOnlyDictionary<long, object> Values => _values;

    /// <summary>Parameters this library does not interpret, as encoded CBOR.</summary>
    public IReadOnlyDictionary<CoseLabel, ReadOnlyMemory<byte>> Others => _others;

    public byte[]? VendorId => Get<byte[]>(SuitParameterKeys.VendorId);

    /// <summary>Whether <see cref="VendorId"/> is a private enterprise number (tag 112) rather than a UUID.</summary>
    public bool VendorIdIsPen { get; private set; }

    public byte[]? ClassId => Get<byte[]>(SuitParameterKeys.ClassId);

    public SuitDigest? ImageDigest => Get<SuitDigest>(SuitParameterKeys.ImageDigest);

    public ulong? ComponentSlot => GetNumber(SuitParameterKeys.ComponentSlot);

    public bool? StrictOrder => _values.TryGetValue(SuitParameterKeys.StrictOrder, out var v) ? (bool)v : null;

    public bool? SoftFailure => _values.TryGetValue(SuitParameterKeys.SoftFailure, out var v) ? (bool)v : null;

    public ulong? ImageSize => GetNumber(SuitParameterKeys.ImageSize);

    public byte[]? Content => Get<byte[]>(SuitParameterKeys.Content);

    public string? Uri => Get<string>(SuitParameterKeys.Uri);

    public ulong? SourceComponent => GetNumber(SuitParameterKeys.SourceComponent);

    public byte[]? InvokeArgs => Get<byte[]>(SuitParameterKeys.InvokeArgs);

    public byte[]? DeviceId => Get<byte[]>(SuitParameterKeys.DeviceId);

    public byte[]? FetchArguments => Get<byte[]>(SuitParameterKeys.FetchArguments);

    private T? Get<T>(long key) where T : class => _values.TryGetValue(key, out var value) ? (T)value : null;

    private ulong? GetNumber(long key) => _values.TryGetValue(key, out var value) ? (ulong)value : null;

    internal static SuitParameters Read(CborReader reader, CborPath where)
    {
        var parameters = new SuitParameters();
        var labels = new List<CoseLabel>();
        var entries = CborMapEntries.Start(reader, where);
        while (entries.Next(out var label))
        {
            labels.Add(label);
            if (label.Integer is not { } key || !SuitParameterKeys.IsKnown(key))
            {
                parameters._others.Add(label, entries.ReadEncodedValue());
                continue;
            }
            var path = where.Member(key, SuitParameterKeys.Name);
            parameters._values.Add(key, entries.ReadValue((parameters, key), static (r, parameter, p) => parameter.parameters.ReadValue(r, parameter.key, p), path));
        }
        if (labels.Count == 0)
            throw SuitReading.Fail(where, "the parameters map holds at least one parameter ({+ SUIT_Parameters})");
        parameters.Labels = labels;
        return parameters;
    }

    private object ReadValue(CborReader reader, long key, CborPath where) => key switch
    {
        SuitParameterKeys.VendorId when reader.PeekState() == CborReaderState.Tag => ReadPen(reader, where),
        SuitParameterKeys.VendorId or SuitParameterKeys.ClassId or SuitParameterKeys.DeviceId => Uuid(reader, where),
        SuitParameterKeys.ImageDigest => SuitReading.Wrapped(reader, where, SuitDigest.Read).Value,
        SuitParameterKeys.ComponentSlot or SuitParameterKeys.ImageSize or SuitParameterKeys.SourceComponent =>
            SuitReading.UnsignedInteger(reader, where),
        SuitParameterKeys.StrictOrder or SuitParameterKeys.SoftFailure => SuitReading.Boolean(reader, where),
        SuitParameterKeys.Uri => SuitReading.Text(reader, where),
        _ => SuitReading.Bytes(reader, where),
    };

    private byte[] ReadPen(CborReader reader, CborPath where)
    {
        var tag = (ulong)reader.ReadTag();
        if (tag != SuitTags.PrivateEnterpriseNumber)
            throw SuitReading.Fail(where, $"a vendor id is a UUID or tag {SuitTags.PrivateEnterpriseNumber} (cbor-pen), found tag {tag}");
        VendorIdIsPen = true;
        return SuitReading.Bytes(reader, where);
    }

    private static byte[] Uuid(CborReader reader, CborPath where)
    {
        var bytes = SuitReading.Bytes(reader, where);
        return bytes.Length == UuidLength ? bytes
            : throw SuitReading.Fail(where, $"a UUID is {UuidLength} bytes (RFC4122_UUID = bstr .size 16), found {bytes.Length}");
    }
}
