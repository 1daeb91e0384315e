namespace DeviceTrust.Suit.Processing;

/// <summary>
/// The parameters one component holds while a procedure runs (draft-ietf-suit-manifest-37 "SUIT_Parameters": "Most
/// parameters are scoped to a specific component"). Values are typed as <see cref="SuitParameters.Values"/> gives them:
/// byte[] for UUIDs and byte strings, <see cref="SuitDigest"/>, ulong, string. Strict Order and Soft Failure are the
/// processor's, not a component's, and are not kept here.
/// </summary>
public sealed class SuitParameterTable
{
    private readonly Dictionary<long, object> _values;

    internal SuitParameterTable() => _values = [];

    private SuitParameterTable(Dictionary<long, object> values) => _values = new Dictionary<long, object>(values);

    public IReadOnlyDictionary<long, object> Values => _values;

    public byte[]? VendorId => Get<byte[]>(SuitParameterKeys.VendorId);

    public byte[]? ClassId => Get<byte[]>(SuitParameterKeys.ClassId);

    public byte[]? DeviceId => Get<byte[]>(SuitParameterKeys.DeviceId);

    public SuitDigest? ImageDigest => Get<SuitDigest>(SuitParameterKeys.ImageDigest);

    public ulong? ImageSize => Number(SuitParameterKeys.ImageSize);

    public ulong? ComponentSlot => Number(SuitParameterKeys.ComponentSlot);

    public byte[]? Content => Get<byte[]>(SuitParameterKeys.Content);

    public string? Uri => Get<string>(SuitParameterKeys.Uri);

    public ulong? SourceComponent => Number(SuitParameterKeys.SourceComponent);

    public byte[]? InvokeArgs => Get<byte[]>(SuitParameterKeys.InvokeArgs);

    public byte[]? FetchArguments => Get<byte[]>(SuitParameterKeys.FetchArguments);

    /// <summary>directive-override-parameters: <c>current.params[k] := v for-each k,v in arg</c>; with
    /// <paramref name="onlyUnset"/> (directive-set-parameters) a parameter already set keeps its value.</summary>
    internal void Apply(SuitParameters parameters, bool onlyUnset)
    {
        foreach (var (key, value) in parameters.Values)
        {
            if (IsProcessorParameter(key) || (onlyUnset && _values.ContainsKey(key)))
                continue;
            _values[key] = value;
        }
    }

    internal static bool IsProcessorParameter(long key) => key is SuitParameterKeys.StrictOrder or SuitParameterKeys.SoftFailure;

    internal SuitParameterTable Copy() => new(_values);

    private T? Get<T>(long key) where T : class => _values.TryGetValue(key, out var value) ? (T)value : null;

    private ulong? Number(long key) => _values.TryGetValue(key, out var value) ? (ulong)value : null;
}
