using System.Formats.Cbor;
using DeviceTrust.Cose;
using DeviceTrust.Cose.Cbor;

namespace DeviceTrust.Suit;

/// <summary>
/// A decoded SUIT manifest. Members this library does not know are kept encoded in <see cref="Extensions"/>.
/// <code>
/// SUIT_Manifest = {
///     suit-manifest-version         => 1,
///     suit-manifest-sequence-number => uint,
///     suit-common                   => bstr .cbor SUIT_Common,
///     ? suit-reference-uri          => tstr,
///     ? suit-manifest-component-id  => SUIT_Component_Identifier,
///     ? suit-validate => bstr .cbor SUIT_Command_Sequence,
///     ? suit-load     => bstr .cbor SUIT_Command_Sequence,
///     ? suit-invoke   => bstr .cbor SUIT_Command_Sequence,
///     SUIT_Severable_Members_Choice,                 ; payload-fetch, install, text
///     * $$SUIT_Manifest_Extensions }
/// </code>
/// </summary>
public sealed class SuitManifest
{
    private readonly Dictionary<CoseLabel, ReadOnlyMemory<byte>> _extensions = [];

    private SuitManifest()
    {
    }

    public ulong Version { get; private set; }

    public ulong SequenceNumber { get; private set; }

    public SuitCommon Common { get; private set; } = null!;

    public string? ReferenceUri { get; private set; }

    public IReadOnlyList<byte[]>? ComponentId { get; private set; }

    public SuitCommandSequence? Validate { get; private set; }

    public SuitCommandSequence? Load { get; private set; }

    public SuitCommandSequence? Invoke { get; private set; }

    public SuitSeverable<SuitCommandSequence>? PayloadFetch { get; private set; }

    public SuitSeverable<SuitCommandSequence>? Install { get; private set; }

    public SuitSeverable<SuitText>? Text { get; private set; }

    /// <summary>Members this library does not interpret (e.g. uninstall, 24, of draft-ietf-suit-trust-domains), encoded.</summary>
    public IReadOnlyDictionary<CoseLabel, ReadOnlyMemory<byte>> Extensions => _extensions;

    /// <summary>The manifest encoded deterministically (RFC 8949 §4.2.1), without its byte-string wrapping; a decoded
    /// manifest encodes to the bytes it was decoded from.</summary>
    public byte[] Encode() => SuitEncoder.Manifest(this, SuitSeverableMembers.None, new Dictionary<int, byte[]>());

    /// <summary>Decodes a SUIT_Manifest on its own (untagged), as strictly as inside an envelope.</summary>
    /// <exception cref="SuitFormatException">The input is not a well-formed, deterministically encoded manifest.</exception>
    public static SuitManifest Decode(ReadOnlySpan<byte> encoded)
    {
        const string where = "SUIT_Manifest";
        var copy = encoded.ToArray();
        return SuitFormatException.Guard(where, () => SuitReading.Decode(copy, where, r => Read(r, CborPath.Root(where))));
    }

    /// <summary>The severable member (payload-fetch 16, install 20, text 23) of this manifest, or null when absent.</summary>
    internal SuitDigest? SeveredDigest(int key) => key switch
    {
        SuitManifestKeys.PayloadFetch => PayloadFetch?.Digest,
        SuitManifestKeys.Install => Install?.Digest,
        SuitManifestKeys.Text => Text?.Digest,
        _ => null,
    };

    internal bool HasInline(int key) => key switch
    {
        SuitManifestKeys.PayloadFetch => PayloadFetch?.Inline is not null,
        SuitManifestKeys.Install => Install?.Inline is not null,
        SuitManifestKeys.Text => Text?.Inline is not null,
        _ => false,
    };

    internal static SuitManifest Read(CborReader reader, CborPath where)
    {
        // In an envelope the manifest is untagged (suit-manifest => bstr .cbor SUIT_Manifest); tag 1070 is for a
        // manifest alone, and CborMapEntries refuses it here as "a map expected, found a tag".
        var manifest = new SuitManifest();
        var entries = CborMapEntries.Start(reader, where);
        var seen = new HashSet<long>();
        while (entries.Next(out var label))
        {
            var path = SuitReading.PathOf(where, label, SuitManifestKeys.Name);
            if (label.Integer is not { } key)
            {
                manifest._extensions.Add(label, entries.ReadEncodedValue(path));
                continue;
            }
            seen.Add(key);
            entries.ReadValue((manifest, key, label), static (r, member, p) => member.manifest.ReadMember(r, member.key, member.label, p), path);
        }
        foreach (var required in (int[])[SuitManifestKeys.Version, SuitManifestKeys.SequenceNumber, SuitManifestKeys.Common])
        {
            if (!seen.Contains(required))
                throw SuitReading.Fail(where, $"{required} ({SuitManifestKeys.Name(required)}) is missing");
        }
        return manifest;
    }

    private bool ReadMember(CborReader reader, long key, CoseLabel label, CborPath where)
    {
        switch (key)
        {
            case SuitManifestKeys.Version:
                Version = SuitReading.UnsignedInteger(reader, where);
                if (Version != SuitManifestKeys.SupportedVersion)
                    throw SuitReading.Fail(where, $"manifest-version must be {SuitManifestKeys.SupportedVersion}, found {Version}");
                break;
            case SuitManifestKeys.SequenceNumber:
                SequenceNumber = SuitReading.UnsignedInteger(reader, where);
                break;
            case SuitManifestKeys.Common:
                Common = SuitReading.Wrapped(reader, where, SuitCommon.Read).Value;
                break;
            case SuitManifestKeys.ReferenceUri:
                ReferenceUri = SuitReading.Text(reader, where);
                break;
            case SuitManifestKeys.ComponentId:
                ComponentId = SuitReading.Array(reader, where, 0, SuitReading.Bytes);
                break;
            case SuitManifestKeys.Validate:
                Validate = Sequence(reader, where);
                break;
            case SuitManifestKeys.Load:
                Load = Sequence(reader, where);
                break;
            case SuitManifestKeys.Invoke:
                Invoke = Sequence(reader, where);
                break;
            case SuitManifestKeys.PayloadFetch:
                PayloadFetch = Severable(reader, where, Sequence);
                break;
            case SuitManifestKeys.Install:
                Install = Severable(reader, where, Sequence);
                break;
            case SuitManifestKeys.Text:
                Text = Severable(reader, where, (r, p) => SuitReading.Wrapped(r, p, SuitText.Read).Value);
                break;
            default:
                _extensions.Add(label, reader.ReadEncodedValue());
                break;
        }
        return true;
    }

    internal static SuitCommandSequence Sequence(CborReader reader, CborPath where) =>
        SuitReading.Wrapped(reader, where, (r, p) => SuitCommandSequence.Read(r, p, 0)).Value;

    // SUIT_Digest / bstr .cbor T: a severed member is the digest array in place of the byte string.
    private static SuitSeverable<T> Severable<T>(CborReader reader, CborPath where, Func<CborReader, CborPath, T> inline) where T : class =>
        reader.PeekState() == CborReaderState.StartArray
            ? new SuitSeverable<T>(null, SuitDigest.Read(reader, where))
            : new SuitSeverable<T>(inline(reader, where), null);
}
