using System.Formats.Cbor;
using DeviceTrust.Cose;
using DeviceTrust.Cose.Cbor;
using static DeviceTrust.Attestation.Eat.EatCborReading;

namespace DeviceTrust.Attestation.Eat;

// submods both ways (RFC 9711 §4.2.18): claims-sets inside claims-sets, bounded by MaxSubmoduleDepth.
public sealed partial record EatClaimsSet
{
    // RFC 9711 §4.2.18: submods = { + text => Submodule }.
    private static Dictionary<string, EatSubmodule> ReadSubmodules(CborReader reader, string where, string parent, int depth)
    {
        var entries = CborMapEntries.Start(reader, where);
        var submodules = new Dictionary<string, EatSubmodule>();
        while (entries.Next(out var label))
        {
            var name = TextKey(label, where);
            var path = $"{parent}/submods/{name}";
            submodules.Add(name, entries.ReadValue((valueReader, p) => ReadSubmodule(valueReader, p, depth), path));
        }
        return submodules.Count > 0 ? submodules : throw Fail(where, "submods must hold at least one submodule (RFC 9711 §4.2.18)");
    }

    private static EatSubmodule ReadSubmodule(CborReader reader, string where, int depth)
    {
        switch (reader.PeekState())
        {
            case CborReaderState.StartMap:
                if (depth >= MaxSubmoduleDepth)
                    throw Fail(where, $"submods nest deeper than {MaxSubmoduleDepth} claims-sets");
                return new EatClaimsSubmodule(Read(reader, where, depth + 1));
            case CborReaderState.ByteString:
                var token = reader.ReadByteString();
                return token.Length > 0 ? new EatNestedCborToken(token)
                    : throw Fail(where, "a nested CBOR token cannot be empty (RFC 9711 §4.2.18.2)");
            case CborReaderState.TextString:
                return new EatNestedJsonToken(reader.ReadTextString());
            case CborReaderState.StartArray:
                return new EatDetachedDigest(ReadDigest(reader, where, allowTextAlgorithm: true));
            case var state:
                throw Fail(where, $"a submodule is a claims-set (map), a nested token (bstr or tstr) or a detached digest " +
                    $"(array) (RFC 9711 §4.2.18), found {StrictCbor.Describe(state)}");
        }
    }

    /// <summary><c>[ alg : int (/ text), digest : bstr ]</c>: Detached-Submodule-Digest (RFC 9711 §4.2.18.2) or SUIT_Digest.</summary>
    internal static EatDigest ReadDigest(CborReader reader, string where, bool allowTextAlgorithm)
    {
        StartTuple(reader, where, 2, 2, "[ algorithm, digest ]");
        var algorithm = allowTextAlgorithm && reader.PeekState() == CborReaderState.TextString
            ? CoseLabel.Of(reader.ReadTextString())
            : CoseLabel.Of(Integer(reader, $"{where}/0"));
        var digest = Bytes(reader, $"{where}/1");
        reader.ReadEndArray();
        return new EatDigest(algorithm, digest);
    }

    private static void WriteSubmodules(CborWriter writer, IReadOnlyDictionary<string, EatSubmodule> submodules, int depth)
    {
        var map = new DeterministicMapWriter();
        foreach (var (name, submodule) in submodules)
        {
            map.Add(CoseLabel.Of(name), w =>
            {
                switch (submodule)
                {
                    case EatClaimsSubmodule claims:
                        w.WriteEncodedValue(Write(claims.Claims, depth + 1));
                        break;
                    case EatNestedCborToken token:
                        w.WriteByteString(token.Token);
                        break;
                    case EatNestedJsonToken token:
                        w.WriteTextString(token.Token);
                        break;
                    case EatDetachedDigest detached:
                        WriteDigest(w, detached.Digest);
                        break;
                    default:
                        throw new ArgumentException($"Submodule \"{name}\" is null or of an unknown kind.");
                }
            });
        }
        map.WriteTo(writer);
    }

    internal static void WriteDigest(CborWriter writer, EatDigest digest)
    {
        writer.WriteStartArray(2);
        DeterministicMapWriter.WriteLabel(writer, digest.Algorithm);
        writer.WriteByteString(digest.Value);
        writer.WriteEndArray();
    }
}
