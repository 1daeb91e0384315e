using System.Formats.Cbor;
using DeviceTrust.Cose;
using DeviceTrust.Cose.Cbor;

namespace DeviceTrust.Suit;

/// <summary>
/// What every command sequence of the manifest shares: the components and the shared sequence.
/// <code>
/// SUIT_Common = {
///     ? suit-dependencies => SUIT_Dependencies,               ; draft-ietf-suit-trust-domains: kept encoded
///     ? suit-components => SUIT_Components,
///     ? suit-shared-sequence => bstr .cbor SUIT_Shared_Sequence,
///     * $$SUIT_Common-extensions }
/// SUIT_Components = [ + SUIT_Component_Identifier ]
/// SUIT_Component_Identifier = [* bstr]
/// </code>
/// </summary>
public sealed class SuitCommon
{
    private SuitCommon(IReadOnlyList<IReadOnlyList<byte[]>> components, SuitCommandSequence? sharedSequence, ReadOnlyMemory<byte>? dependencies,
        IReadOnlyDictionary<CoseLabel, ReadOnlyMemory<byte>> extensions)
    {
        Extensions = extensions;
        Components = components;
        SharedSequence = sharedSequence;
        EncodedDependencies = dependencies;
    }

    /// <summary>Each component identifier, an array of byte strings; a command's component index points into this list.</summary>
    public IReadOnlyList<IReadOnlyList<byte[]>> Components { get; }

    public SuitCommandSequence? SharedSequence { get; }

    public ReadOnlyMemory<byte>? EncodedDependencies { get; }

    /// <summary>Members this library does not interpret, encoded, so that the common block re-encodes unchanged.</summary>
    public IReadOnlyDictionary<CoseLabel, ReadOnlyMemory<byte>> Extensions { get; }

    internal static SuitCommon Read(CborReader reader, CborPath where)
    {
        IReadOnlyList<IReadOnlyList<byte[]>> components = [];
        SuitCommandSequence? shared = null;
        ReadOnlyMemory<byte>? dependencies = null;
        var extensions = new Dictionary<CoseLabel, ReadOnlyMemory<byte>>();
        var entries = CborMapEntries.Start(reader, where);
        while (entries.Next(out var label))
        {
            var path = SuitReading.PathOf(where, label, SuitCommonKeys.Name);
            switch (label.Integer)
            {
                case SuitCommonKeys.Components:
                    components = entries.ReadValue((r, p) => SuitReading.Array<IReadOnlyList<byte[]>>(r, p, 1,
                        (item, itemPath) => SuitReading.Array(item, itemPath, 0, SuitReading.Bytes)), path);
                    break;
                case SuitCommonKeys.SharedSequence:
                    shared = entries.ReadValue((r, p) => SuitReading.Wrapped(r, p, (s, sp) => SuitCommandSequence.Read(s, sp, 0)).Value, path);
                    break;
                case SuitCommonKeys.Dependencies:
                    dependencies = entries.ReadEncodedValue(path);
                    break;
                default:
                    extensions.Add(label, entries.ReadEncodedValue(path));
                    break;
            }
        }
        return new SuitCommon(components, shared, dependencies, extensions);
    }
}
