using System.Formats.Cbor;
using DeviceTrust.Cose.Cbor;

namespace DeviceTrust.Suit;

/// <summary>
/// The human-readable text of a manifest, per language: texts about the manifest and texts about each component.
/// <code>
/// SUIT_Text_Map = { + suit-text-language-key => SUIT_Text_LMap }   ; language tag, tstr
/// SUIT_Text_LMap = { SUIT_Text_Keys,                               ; int => tstr
///                    * SUIT_Component_Identifier => { SUIT_Text_Component_Keys } }  ; int => tstr
/// </code>
/// Not read through CborLabelledMap: component identifiers are arrays, which its labels (int / tstr) cannot be.
/// </summary>
public sealed class SuitText
{
    private SuitText(IReadOnlyDictionary<string, SuitTextLanguage> languages) => Languages = languages;

    /// <summary>The texts by language tag, e.g. "en-US".</summary>
    public IReadOnlyDictionary<string, SuitTextLanguage> Languages { get; }

    // Text is rare in a manifest: its paths are formatted as it is read, from the one given here.
    internal static SuitText Read(CborReader reader, CborPath where) => Read(reader, where.ToString());

    private static SuitText Read(CborReader reader, string where)
    {
        SuitReading.Expect(reader, CborReaderState.StartMap, where, "a SUIT_Text_Map");
        reader.ReadStartMap();
        var languages = new Dictionary<string, SuitTextLanguage>(StringComparer.Ordinal);
        while (reader.PeekState() != CborReaderState.EndMap)
        {
            var language = SuitReading.Text(reader, $"{where}/key {languages.Count}");
            if (!languages.TryAdd(language, ReadLanguage(reader, $"{where}/\"{language}\"")))
                throw SuitReading.Fail(where, $"duplicate language \"{language}\"");
        }
        reader.ReadEndMap();
        if (languages.Count == 0)
            throw SuitReading.Fail(where, "the text map holds at least one language");
        return new SuitText(languages);
    }

    private static SuitTextLanguage ReadLanguage(CborReader reader, string where)
    {
        SuitReading.Expect(reader, CborReaderState.StartMap, where, "a SUIT_Text_LMap");
        reader.ReadStartMap();
        var texts = new Dictionary<long, string>();
        var components = new List<SuitComponentText>();
        while (reader.PeekState() != CborReaderState.EndMap)
        {
            if (reader.PeekState() == CborReaderState.StartArray)
            {
                var id = SuitReading.Array(reader, $"{where}/component {components.Count}", 0, SuitReading.Bytes);
                components.Add(new SuitComponentText(id, ReadTexts(reader, $"{where}/component {components.Count}")));
                continue;
            }
            var key = SuitReading.Integer(reader, where);
            if (!texts.TryAdd(key, SuitReading.Text(reader, $"{where}/{key}")))
                throw SuitReading.Fail(where, $"duplicate key {key}");
        }
        reader.ReadEndMap();
        return new SuitTextLanguage(texts, components);
    }

    private static Dictionary<long, string> ReadTexts(CborReader reader, string where)
    {
        SuitReading.Expect(reader, CborReaderState.StartMap, where, "a map of component texts");
        reader.ReadStartMap();
        var texts = new Dictionary<long, string>();
        while (reader.PeekState() != CborReaderState.EndMap)
        {
            var key = SuitReading.Integer(reader, where);
            if (!texts.TryAdd(key, SuitReading.Text(reader, $"{where}/{key}")))
                throw SuitReading.Fail(where, $"duplicate key {key}");
        }
        reader.ReadEndMap();
        return texts;
    }
}

/// <summary>The texts of one language: about the manifest (<see cref="SuitTextKeys"/>) and about each component.</summary>
public sealed record SuitTextLanguage(IReadOnlyDictionary<long, string> Texts, IReadOnlyList<SuitComponentText> Components);

/// <summary>The texts about one component, by SUIT_Text_Component_Keys.</summary>
public sealed record SuitComponentText(IReadOnlyList<byte[]> ComponentId, IReadOnlyDictionary<long, string> Texts);
