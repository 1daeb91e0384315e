using System.Formats.Cbor;
using DeviceTrust.Cose;
using DeviceTrust.Cose.Cbor;

namespace DeviceTrust.Suit;

/// <summary>
/// A decoded SUIT envelope. Decoding is strict (deterministic CBOR, RFC 8949 §4.2.1, in every bstr-wrapped member)
/// and all-or-nothing; <see cref="Verify"/> checks the digests and the signature.
/// <code>
/// SUIT_Envelope_Tagged = #6.107(SUIT_Envelope)
/// SUIT_Envelope = {
///   suit-authentication-wrapper => bstr .cbor SUIT_Authentication,
///   suit-manifest => bstr .cbor SUIT_Manifest,
///   SUIT_Severable_Manifest_Members,     ; ? payload-fetch, ? install => bstr .cbor SUIT_Command_Sequence,
///                                        ; ? text => bstr .cbor SUIT_Text_Map
///   * SUIT_Integrated_Payload,           ; tstr => bstr
///   * $$SUIT_Envelope_Extensions }
/// </code>
/// </summary>
public sealed partial class SuitEnvelope
{
    private const string Where = "SUIT_Envelope";

    private static readonly CborPath Root = CborPath.Root(Where);

    private readonly Dictionary<string, ReadOnlyMemory<byte>> _payloads = new(StringComparer.Ordinal);
    private readonly Dictionary<long, ReadOnlyMemory<byte>> _extensions = [];

    private SuitEnvelope()
    {
    }

    public bool IsTagged { get; private set; }

    public SuitAuthentication Authentication { get; private set; } = null!;

    public SuitManifest Manifest { get; private set; } = null!;

    /// <summary>The manifest member as encoded: the byte string with its head, which the manifest digest covers.</summary>
    public ReadOnlyMemory<byte> EncodedManifest { get; private set; }

    public SuitSeveredMember<SuitCommandSequence>? SeveredPayloadFetch { get; private set; }

    public SuitSeveredMember<SuitCommandSequence>? SeveredInstall { get; private set; }

    public SuitSeveredMember<SuitText>? SeveredText { get; private set; }

    /// <summary>Integrated payloads by their tstr key (a URI fragment such as "#tc").</summary>
    public IReadOnlyDictionary<string, ReadOnlyMemory<byte>> IntegratedPayloads => _payloads;

    /// <summary>Envelope members this library does not interpret, encoded.</summary>
    public IReadOnlyDictionary<long, ReadOnlyMemory<byte>> Extensions => _extensions;

    /// <summary>The install sequence to run: inline in the manifest, or the severed member carried in the envelope.
    /// Use it after <see cref="Verify"/> has checked the member against its digest.</summary>
    public SuitCommandSequence? Install => Manifest.Install?.Inline ?? SeveredInstall?.Content;

    public SuitCommandSequence? PayloadFetch => Manifest.PayloadFetch?.Inline ?? SeveredPayloadFetch?.Content;

    public SuitText? Text => Manifest.Text?.Inline ?? SeveredText?.Content;

    /// <summary>Decodes a SUIT_Envelope, tagged 107 or untagged.</summary>
    /// <exception cref="SuitFormatException">The input is not a well-formed, deterministically encoded envelope; the
    /// message names where (e.g. "SUIT_Envelope/3 (manifest)/3 (common)/2 (components)").</exception>
    public static SuitEnvelope Decode(ReadOnlySpan<byte> encoded)
    {
        // The envelope's parts refer to this copy, not to the caller's buffer.
        var copy = encoded.ToArray();
        return SuitFormatException.Guard(Where, () => SuitReading.Decode(copy, Where, Read));
    }

    private static SuitEnvelope Read(CborReader reader)
    {
        var envelope = new SuitEnvelope();
        if (reader.PeekState() == CborReaderState.Tag)
        {
            var tag = (ulong)reader.ReadTag();
            if (tag != SuitTags.Envelope)
                throw SuitReading.Fail(Where, $"tag {tag} is not the SUIT_Envelope tag {SuitTags.Envelope}");
            envelope.IsTagged = true;
        }
        var entries = CborMapEntries.Start(reader, Where);
        var seen = new HashSet<long>();
        while (entries.Next(out var label))
        {
            var path = SuitReading.PathOf(Root, label, SuitEnvelopeKeys.Name);
            if (label.Text is { } name)
            {
                envelope._payloads.Add(name, entries.ReadValue(SuitReading.Bytes, path));
                continue;
            }
            var key = label.Integer!.Value;
            seen.Add(key);
            entries.ReadValue((envelope, key), static (r, member, p) => member.envelope.ReadMember(r, member.key, p), path);
        }
        foreach (var required in (int[])[SuitEnvelopeKeys.AuthenticationWrapper, SuitEnvelopeKeys.Manifest])
        {
            if (!seen.Contains(required))
                throw SuitReading.Fail(Where, $"{required} ({SuitEnvelopeKeys.Name(required)}) is missing");
        }
        return envelope;
    }

    private bool ReadMember(CborReader reader, long key, CborPath where)
    {
        switch (key)
        {
            case SuitEnvelopeKeys.AuthenticationWrapper:
                Authentication = SuitReading.Wrapped(reader, where, SuitAuthentication.Read).Value;
                break;
            case SuitEnvelopeKeys.Manifest:
                (Manifest, EncodedManifest) = SuitReading.Wrapped(reader, where, SuitManifest.Read);
                break;
            case SuitEnvelopeKeys.PayloadFetch:
                SeveredPayloadFetch = Severed(reader, where, (r, p) => SuitCommandSequence.Read(r, p, 0));
                break;
            case SuitEnvelopeKeys.Install:
                SeveredInstall = Severed(reader, where, (r, p) => SuitCommandSequence.Read(r, p, 0));
                break;
            case SuitEnvelopeKeys.Text:
                SeveredText = Severed(reader, where, SuitText.Read);
                break;
            default:
                _extensions.Add(key, reader.ReadEncodedValue());
                break;
        }
        return true;
    }

    private static SuitSeveredMember<T> Severed<T>(CborReader reader, CborPath where, Func<CborReader, CborPath, T> read) where T : class
    {
        var (content, wrapped) = SuitReading.Wrapped(reader, where, read);
        return new SuitSeveredMember<T>(content, wrapped);
    }
}
