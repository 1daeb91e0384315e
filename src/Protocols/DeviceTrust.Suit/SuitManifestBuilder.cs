using System.Formats.Cbor;
using DeviceTrust.Cose;
using DeviceTrust.Cose.Cbor;

namespace DeviceTrust.Suit;

/// <summary>One image of a manifest: the component it goes to, its SHA-256 digest and size, and where to fetch it
/// from (a URI, or "#key" for an integrated payload); without a URI the image is only validated, as in example 0.</summary>
public sealed record SuitImage(IReadOnlyList<byte[]> ComponentId, ReadOnlyMemory<byte> Sha256Digest, ulong Size)
{
    public string? Uri { get; init; }
}

/// <summary>
/// Builds a manifest with the command sequences of the draft's examples (draft-ietf-suit-manifest-37 Appendix B):
/// shared sequence [override-parameters {vendor-id, class-id, image-digest, image-size}, condition-vendor-identifier,
/// condition-class-identifier], validate [condition-image-match], install [override-parameters {uri}, directive-fetch,
/// condition-image-match] for an image with a URI, invoke [directive-invoke]. With more than one component each
/// group starts with directive-set-component-index. Conditions ask for records and system information on success and
/// failure (15, as the examples do); fetch and invoke a record on failure (2).
/// </summary>
public sealed class SuitManifestBuilder(ulong sequenceNumber, byte[] vendorId, byte[] classId)
{
    private const SuitReportingPolicy ConditionPolicy = SuitReportingPolicy.RecordOnSuccess | SuitReportingPolicy.RecordOnFailure
        | SuitReportingPolicy.SysInfoOnSuccess | SuitReportingPolicy.SysInfoOnFailure;
    private const SuitReportingPolicy DirectivePolicy = SuitReportingPolicy.RecordOnFailure;

    private readonly List<SuitImage> _images = [];
    private readonly SortedDictionary<string, Dictionary<long, string>> _texts = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, Dictionary<int, Dictionary<long, string>>> _componentTexts = new(StringComparer.Ordinal);
    private int? _invoke;

    public SuitManifestBuilder AddImage(SuitImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        _images.Add(image);
        return this;
    }

    /// <summary>Invokes the image at <paramref name="imageIndex"/> after validation.</summary>
    public SuitManifestBuilder Invoke(int imageIndex)
    {
        _invoke = imageIndex;
        return this;
    }

    /// <summary>A text about the manifest (<see cref="SuitTextKeys"/>, e.g. manifest-description 1) in a language.</summary>
    public SuitManifestBuilder Text(string language, int key, string text)
    {
        (_texts.TryGetValue(language, out var texts) ? texts : _texts[language] = [])[key] = text;
        return this;
    }

    /// <summary>A text about the component of image <paramref name="imageIndex"/> (e.g. vendor-name 1) in a language.</summary>
    public SuitManifestBuilder ComponentText(string language, int imageIndex, int key, string text)
    {
        var byComponent = _componentTexts.TryGetValue(language, out var found) ? found : _componentTexts[language] = [];
        (byComponent.TryGetValue(imageIndex, out var texts) ? texts : byComponent[imageIndex] = [])[key] = text;
        return this;
    }

    /// <exception cref="InvalidOperationException">No image, or an index that names no image.</exception>
    public SuitManifest Build()
    {
        if (_images.Count == 0)
            throw new InvalidOperationException("A manifest needs at least one image.");
        if (_invoke is { } invoke && (invoke < 0 || invoke >= _images.Count))
            throw new InvalidOperationException($"Image {invoke} to invoke does not exist.");
        var map = new DeterministicMapWriter();
        map.Add(SuitManifestKeys.Version, w => w.WriteInt32(SuitManifestKeys.SupportedVersion));
        map.Add(SuitManifestKeys.SequenceNumber, w => w.WriteUInt64(sequenceNumber));
        map.AddEncoded(SuitManifestKeys.Common, SuitWriting.Wrap(Common()));
        map.AddEncoded(SuitManifestKeys.Validate, SuitWriting.Wrap(Sequence(_images.Select((_, i) => Group(i,
            Condition(SuitCommandCodes.ConditionImageMatch))))));
        if (_invoke is { } index)
            map.AddEncoded(SuitManifestKeys.Invoke, SuitWriting.Wrap(Sequence([Group(index, Directive(SuitCommandCodes.DirectiveInvoke))])));
        var fetched = _images.Select((image, i) => (image, i)).Where(x => x.image.Uri is not null).ToList();
        if (fetched.Count > 0)
            map.AddEncoded(SuitManifestKeys.Install, SuitWriting.Wrap(Sequence(fetched.Select(x => Group(x.i,
                Override(p => p.Add(SuitParameterKeys.Uri, w => w.WriteTextString(x.image.Uri!))),
                Directive(SuitCommandCodes.DirectiveFetch),
                Condition(SuitCommandCodes.ConditionImageMatch))))));
        if (_texts.Count > 0 || _componentTexts.Count > 0)
            map.AddEncoded(SuitManifestKeys.Text, SuitWriting.Wrap(TextMap()));
        return SuitManifest.Decode(map.Encode());
    }

    private byte[] Common()
    {
        var map = new DeterministicMapWriter();
        map.Add(SuitCommonKeys.Components, w =>
        {
            w.WriteStartArray(_images.Count);
            foreach (var image in _images)
                w.WriteEncodedValue(SuitWriting.ByteStrings(image.ComponentId));
            w.WriteEndArray();
        });
        map.AddEncoded(SuitCommonKeys.SharedSequence, SuitWriting.Wrap(Sequence(_images.Select((image, i) => Group(i,
            Override(p => p
                .Add(SuitParameterKeys.VendorId, w => w.WriteByteString(vendorId))
                .Add(SuitParameterKeys.ClassId, w => w.WriteByteString(classId))
                .AddEncoded(SuitParameterKeys.ImageDigest, SuitWriting.Wrap(SuitEncoder.Digest(new SuitDigest(CoseAlgorithms.Sha256, image.Sha256Digest))))
                .Add(SuitParameterKeys.ImageSize, w => w.WriteUInt64(image.Size))),
            Condition(SuitCommandCodes.ConditionVendorIdentifier),
            Condition(SuitCommandCodes.ConditionClassIdentifier))))));
        return map.Encode();
    }

    private byte[] TextMap() => SuitWriting.Map(_texts.Keys.Union(_componentTexts.Keys).Select(language =>
    {
        var entries = new List<(byte[] Key, byte[] Value)>();
        if (_texts.TryGetValue(language, out var texts))
            entries.AddRange(texts.Select(t => Entry(t.Key, t.Value)));
        if (_componentTexts.TryGetValue(language, out var byComponent))
            entries.AddRange(byComponent.Select(c => (SuitWriting.ByteStrings(_images[c.Key].ComponentId),
                SuitWriting.Map(c.Value.Select(t => Entry(t.Key, t.Value))))));
        return (SuitWriting.Encode(w => w.WriteTextString(language)), SuitWriting.Map(entries));
    }));

    private static (byte[] Key, byte[] Value) Entry(long key, string text) =>
        (SuitWriting.Encode(w => w.WriteInt64(key)), SuitWriting.Encode(w => w.WriteTextString(text)));

    // A group of commands for one image; with several components, directive-set-component-index first.
    private IEnumerable<(int Code, byte[] Argument)> Group(int image, params (int Code, byte[] Argument)[] commands) =>
        _images.Count == 1 ? commands
            : [(SuitCommandCodes.DirectiveSetComponentIndex, SuitWriting.Encode(w => w.WriteInt32(image))), .. commands];

    private static (int, byte[]) Condition(int code) => (code, SuitWriting.Encode(w => w.WriteUInt64((ulong)ConditionPolicy)));

    private static (int, byte[]) Directive(int code) => (code, SuitWriting.Encode(w => w.WriteUInt64((ulong)DirectivePolicy)));

    private static (int, byte[]) Override(Action<DeterministicMapWriter> parameters)
    {
        var map = new DeterministicMapWriter();
        parameters(map);
        return (SuitCommandCodes.DirectiveOverrideParameters, map.Encode());
    }

    private static byte[] Sequence(IEnumerable<IEnumerable<(int Code, byte[] Argument)>> groups)
    {
        var commands = groups.SelectMany(g => g).ToList();
        return SuitWriting.Encode(writer =>
        {
            writer.WriteStartArray(commands.Count * 2);
            foreach (var (code, argument) in commands)
            {
                writer.WriteInt32(code);
                writer.WriteEncodedValue(argument);
            }
            writer.WriteEndArray();
        });
    }
}
