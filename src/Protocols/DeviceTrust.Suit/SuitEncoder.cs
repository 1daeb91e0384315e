using System.Formats.Cbor;
using DeviceTrust.Cose;
using DeviceTrust.Cose.Cbor;

namespace DeviceTrust.Suit;

/// <summary>
/// Encodes the decoded model back to CBOR, deterministically (RFC 8949 §4.2.1): a decoded envelope re-encodes to the
/// bytes it was decoded from, since decoding accepts only deterministic encodings and keeps what it does not interpret.
/// Hand-written: no library here encodes SUIT.
/// </summary>
internal static class SuitEncoder
{
    /// <summary>SUIT_Digest = [ algorithm-id, digest-bytes ].</summary>
    public static byte[] Digest(SuitDigest digest) => SuitWriting.Encode(writer =>
    {
        writer.WriteStartArray(2);
        writer.WriteInt64(digest.Algorithm);
        writer.WriteByteString(digest.Bytes.Span);
        writer.WriteEndArray();
    });

    public static byte[] Sequence(SuitCommandSequence sequence) => SuitWriting.Encode(writer =>
    {
        writer.WriteStartArray(sequence.Commands.Count * 2);
        foreach (var command in sequence.Commands)
        {
            writer.WriteInt64(command.Code);
            writer.WriteEncodedValue(Argument(command));
        }
        writer.WriteEndArray();
    });

    internal static byte[] Argument(SuitCommand command) => command switch
    {
        SuitReportingCommand reporting => SuitWriting.Encode(w => w.WriteUInt64((ulong)reporting.Policy)),
        SuitSetComponentIndex index => SuitWriting.Encode(w => WriteIndex(w, index)),
        SuitParametersCommand parameters => Parameters(parameters.Parameters),
        SuitTryEach tryEach => SuitWriting.Encode(w =>
        {
            w.WriteStartArray(tryEach.Candidates.Count + (tryEach.EmptyAllowed ? 1 : 0));
            foreach (var candidate in tryEach.Candidates)
                w.WriteByteString(Sequence(candidate));
            if (tryEach.EmptyAllowed)
                w.WriteNull();
            w.WriteEndArray();
        }),
        SuitRunSequence run => SuitWriting.Wrap(Sequence(run.Sequence)),
        SuitCustomCommand custom => custom.EncodedArgument.ToArray(),
        _ => throw new InvalidOperationException($"No encoding for {command.GetType().Name}."),
    };

    // IndexArg /= uint / true / [+uint]
    private static void WriteIndex(CborWriter writer, SuitSetComponentIndex index)
    {
        if (index.AllComponents)
        {
            writer.WriteBoolean(true);
            return;
        }
        if (!index.IsList && index.Indexes.Count == 1)
        {
            writer.WriteUInt64(index.Indexes[0]);
            return;
        }
        writer.WriteStartArray(index.Indexes.Count);
        foreach (var value in index.Indexes)
            writer.WriteUInt64(value);
        writer.WriteEndArray();
    }

    public static byte[] Parameters(SuitParameters parameters)
    {
        var map = new DeterministicMapWriter();
        foreach (var label in parameters.Labels)
        {
            if (parameters.Others.TryGetValue(label, out var encoded))
                map.AddEncoded(label, encoded.Span);
            else
                map.AddEncoded(label, Parameter(parameters, label.Integer!.Value));
        }
        return map.Encode();
    }

    private static byte[] Parameter(SuitParameters parameters, long key) => SuitWriting.Encode(writer =>
    {
        switch (parameters.Values[key])
        {
            case byte[] bytes:
                if (key == SuitParameterKeys.VendorId && parameters.VendorIdIsPen)
                    writer.WriteTag((CborTag)SuitTags.PrivateEnterpriseNumber);
                writer.WriteByteString(bytes);
                break;
            case SuitDigest digest:
                writer.WriteByteString(Digest(digest));
                break;
            case ulong number:
                writer.WriteUInt64(number);
                break;
            case bool flag:
                writer.WriteBoolean(flag);
                break;
            case string text:
                writer.WriteTextString(text);
                break;
            default:
                throw new InvalidOperationException($"No encoding for parameter {key}.");
        }
    });

    public static byte[] Common(SuitCommon common)
    {
        var map = new DeterministicMapWriter();
        if (common.EncodedDependencies is { } dependencies)
            map.AddEncoded(SuitCommonKeys.Dependencies, dependencies.Span);
        if (common.Components.Count > 0)
            map.Add(SuitCommonKeys.Components, writer =>
            {
                writer.WriteStartArray(common.Components.Count);
                foreach (var component in common.Components)
                    writer.WriteEncodedValue(SuitWriting.ByteStrings(component));
                writer.WriteEndArray();
            });
        if (common.SharedSequence is { } shared)
            map.AddEncoded(SuitCommonKeys.SharedSequence, SuitWriting.Wrap(Sequence(shared)));
        foreach (var (label, value) in common.Extensions)
            map.AddEncoded(label, value.Span);
        return map.Encode();
    }

    /// <summary>SUIT_Text_Map = { + language => { int => tstr, * SUIT_Component_Identifier => { int => tstr } } }.</summary>
    public static byte[] Text(SuitText text) => SuitWriting.Map(text.Languages.Select(language =>
        (SuitWriting.Encode(w => w.WriteTextString(language.Key)), Language(language.Value))));

    private static byte[] Language(SuitTextLanguage language) => SuitWriting.Map(
        Texts(language.Texts).Concat(language.Components.Select(component =>
            (SuitWriting.ByteStrings(component.ComponentId), SuitWriting.Map(Texts(component.Texts))))));

    private static IEnumerable<(byte[] Key, byte[] Value)> Texts(IReadOnlyDictionary<long, string> texts) =>
        texts.Select(text => (SuitWriting.Encode(w => w.WriteInt64(text.Key)), SuitWriting.Encode(w => w.WriteTextString(text.Value))));

    /// <summary>The manifest; each member in <paramref name="sever"/> that the manifest holds inline is written as the
    /// SUIT_Digest of its bstr-wrapped encoding, and that encoding is returned for the envelope to carry.</summary>
    public static byte[] Manifest(SuitManifest manifest, SuitSeverableMembers sever, IDictionary<int, byte[]> severed)
    {
        var map = new DeterministicMapWriter();
        map.Add(SuitManifestKeys.Version, w => w.WriteUInt64(manifest.Version));
        map.Add(SuitManifestKeys.SequenceNumber, w => w.WriteUInt64(manifest.SequenceNumber));
        map.AddEncoded(SuitManifestKeys.Common, SuitWriting.Wrap(Common(manifest.Common)));
        if (manifest.ReferenceUri is { } uri)
            map.Add(SuitManifestKeys.ReferenceUri, w => w.WriteTextString(uri));
        if (manifest.ComponentId is { } componentId)
            map.AddEncoded(SuitManifestKeys.ComponentId, SuitWriting.ByteStrings(componentId));
        AddSequence(map, SuitManifestKeys.Validate, manifest.Validate);
        AddSequence(map, SuitManifestKeys.Load, manifest.Load);
        AddSequence(map, SuitManifestKeys.Invoke, manifest.Invoke);
        AddSeverable(map, SuitManifestKeys.PayloadFetch, manifest.PayloadFetch, Sequence, sever.HasFlag(SuitSeverableMembers.PayloadFetch), severed);
        AddSeverable(map, SuitManifestKeys.Install, manifest.Install, Sequence, sever.HasFlag(SuitSeverableMembers.Install), severed);
        AddSeverable(map, SuitManifestKeys.Text, manifest.Text, Text, sever.HasFlag(SuitSeverableMembers.Text), severed);
        foreach (var (label, value) in manifest.Extensions)
            map.AddEncoded(label, value.Span);
        return map.Encode();
    }

    private static void AddSequence(DeterministicMapWriter map, int key, SuitCommandSequence? sequence)
    {
        if (sequence is not null)
            map.AddEncoded(key, SuitWriting.Wrap(Sequence(sequence)));
    }

    private static void AddSeverable<T>(DeterministicMapWriter map, int key, SuitSeverable<T>? member, Func<T, byte[]> encode,
        bool sever, IDictionary<int, byte[]> severed) where T : class
    {
        if (member is null)
            return;
        if (member.Inline is not { } inline)
        {
            map.AddEncoded(key, Digest(member.Digest!));
            return;
        }
        var wrapped = SuitWriting.Wrap(encode(inline));
        if (!sever)
        {
            map.AddEncoded(key, wrapped);
            return;
        }
        // draft-ietf-suit-manifest-37, "Severable Elements": the digest is over the bstr-wrapped member, its head included.
        map.AddEncoded(key, Digest(SuitDigest.Sha256Of(wrapped)));
        severed[key] = wrapped;
    }

    /// <summary>SUIT_Authentication = [ bstr .cbor SUIT_Digest, * bstr .cbor COSE_Sign1_Tagged ].</summary>
    public static byte[] Authentication(SuitAuthentication authentication) =>
        Authentication(Digest(authentication.Digest), authentication.Signatures.Select(s => s.Encoded.ToArray()).ToList());

    public static byte[] Authentication(byte[] encodedDigest, IReadOnlyList<byte[]> signatures) => SuitWriting.Encode(writer =>
    {
        writer.WriteStartArray(1 + signatures.Count);
        writer.WriteByteString(encodedDigest);
        foreach (var signature in signatures)
            writer.WriteByteString(signature);
        writer.WriteEndArray();
    });

    /// <summary>The envelope from its encoded parts: authentication wrapper and manifest (each bstr-wrapped here),
    /// severed members (already bstr-wrapped), integrated payloads and extensions.</summary>
    public static byte[] Envelope(bool tagged, byte[] authentication, byte[] wrappedManifest, IReadOnlyDictionary<int, byte[]> severed,
        IReadOnlyDictionary<string, ReadOnlyMemory<byte>> payloads, IReadOnlyDictionary<long, ReadOnlyMemory<byte>> extensions)
    {
        var map = new DeterministicMapWriter();
        map.AddEncoded(SuitEnvelopeKeys.AuthenticationWrapper, SuitWriting.Wrap(authentication));
        map.AddEncoded(SuitEnvelopeKeys.Manifest, wrappedManifest);
        foreach (var (key, wrapped) in severed)
            map.AddEncoded(key, wrapped);
        foreach (var (name, payload) in payloads)
            map.Add(CoseLabel.Of(name), w => w.WriteByteString(payload.Span));
        foreach (var (key, value) in extensions)
            map.AddEncoded(CoseLabel.Of(key), value.Span);
        return SuitWriting.Encode(writer =>
        {
            if (tagged)
                writer.WriteTag((CborTag)SuitTags.Envelope);
            map.WriteTo(writer);
        });
    }
}
