using System.Security.Cryptography;
using System.Text.Json;
using DeviceTrust.Suit;

namespace DeviceTrust.Cli.Suit;

/// <summary>
/// The JSON description <c>suit build</c> takes, the draft's example generator input (suit-wg/manifest-spec, the
/// examples' .json files) as far as <see cref="SuitManifestBuilder"/> builds it:
/// <code>
/// { "manifest-version": 1, "manifest-sequence-number": 1,
///   "description": { "en-US": { "manifest-description": "…", "update-description": "…" } },
///   "components": [ { "install-id": ["00"], "vendor-id": "UUID", "class-id": "UUID", "uri": "http://…",
///                     "bootable": true, "description": { "en-US": { "vendor-name": "…", "component-version": "…" } },
///                     "install-digest": {…}, "install-size": 34768 } ] }
/// </code>
/// One image per component, in order. Each image's SHA-256 and size are computed from the image file: install-digest
/// and install-size in the description are not used (a value that differs gets a note). Every component has the first
/// one's vendor-id and class-id (the builder's model: one vendor and class per manifest). Members the builder cannot
/// express (slot, download-id, load-id, severable, reference-uri, …) are refused by name rather than ignored.
/// </summary>
internal static class SuitDescription
{
    private static readonly Dictionary<string, int> ManifestTexts = new(StringComparer.Ordinal)
    {
        ["manifest-description"] = SuitTextKeys.ManifestDescription,
        ["update-description"] = SuitTextKeys.UpdateDescription,
        ["json-source"] = SuitTextKeys.ManifestJsonSource,
        ["yaml-source"] = SuitTextKeys.ManifestYamlSource,
    };

    private static readonly Dictionary<string, int> ComponentTexts = new(StringComparer.Ordinal)
    {
        ["vendor-name"] = SuitTextKeys.VendorName,
        ["model-name"] = SuitTextKeys.ModelName,
        ["vendor-domain"] = SuitTextKeys.VendorDomain,
        ["model-info"] = SuitTextKeys.ModelInfo,
        ["component-description"] = SuitTextKeys.ComponentDescription,
        ["component-version"] = SuitTextKeys.ComponentVersion,
    };

    private static readonly string[] TopMembers = ["components", "manifest-version", "manifest-sequence-number", "description"];

    private static readonly string[] ComponentMembers =
        ["install-id", "vendor-id", "class-id", "uri", "bootable", "description", "install-digest", "install-size"];

    /// <summary>The manifest the description and images make, and notes on description values the images overrode.</summary>
    /// <exception cref="SuitDescriptionException">The description is not JSON of this shape, or does not fit the images.</exception>
    public static (SuitManifest Manifest, IReadOnlyList<string> Notes) Build(string json, IReadOnlyList<byte[]> images)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new SuitDescriptionException($"not JSON ({e.Message})");
        }
        using (document)
        {
            var root = Object(document.RootElement, "the description");
            Only(root, TopMembers, "");
            if (root.TryGetProperty("manifest-version", out var version) && !(version.TryGetInt32(out var v) && v == SuitManifestKeys.SupportedVersion))
                throw new SuitDescriptionException($"manifest-version: must be {SuitManifestKeys.SupportedVersion}");
            var sequence = root.TryGetProperty("manifest-sequence-number", out var number) && number.ValueKind == JsonValueKind.Number
                && number.TryGetUInt64(out var n) ? n : throw new SuitDescriptionException("manifest-sequence-number: an unsigned integer is required");
            var components = root.TryGetProperty("components", out var list) && list.ValueKind == JsonValueKind.Array && list.GetArrayLength() > 0
                ? list.EnumerateArray().ToList() : throw new SuitDescriptionException("components: a non-empty array is required");
            if (components.Count != images.Count)
                throw new SuitDescriptionException($"components: {components.Count} component(s) but {images.Count} --image(s); give one image per component, in order");

            var first = Object(components[0], "components[0]");
            var vendorId = Uuid(first, "vendor-id", "components[0]") ?? throw new SuitDescriptionException("components[0].vendor-id: required (a UUID)");
            var classId = Uuid(first, "class-id", "components[0]") ?? throw new SuitDescriptionException("components[0].class-id: required (a UUID)");
            var builder = new SuitManifestBuilder(sequence, vendorId, classId);
            var notes = new List<string>();
            int? bootable = null;
            for (var i = 0; i < components.Count; i++)
            {
                var where = $"components[{i}]";
                var component = Object(components[i], where);
                Only(component, ComponentMembers, where + ".");
                SameId(component, "vendor-id", vendorId, where);
                SameId(component, "class-id", classId, where);
                var digest = SHA256.HashData(images[i]);
                notes.AddRange(Overridden(component, where, digest, images[i].Length));
                builder.AddImage(new SuitImage(InstallId(component, where), digest, (ulong)images[i].Length) { Uri = Text(component, "uri", where) });
                if (component.TryGetProperty("bootable", out var boot) && boot.ValueKind == JsonValueKind.True)
                {
                    if (bootable is not null)
                        throw new SuitDescriptionException($"{where}.bootable: only one component can be invoked (components[{bootable}] is bootable too)");
                    bootable = i;
                    builder.Invoke(i);
                }
                foreach (var (language, key, text) in Texts(component, where, ComponentTexts))
                    builder.ComponentText(language, i, key, text);
            }
            foreach (var (language, key, text) in Texts(root, "", ManifestTexts))
                builder.Text(language, key, text);
            return (builder.Build(), notes);
        }
    }

    private static JsonElement Object(JsonElement element, string where) =>
        element.ValueKind == JsonValueKind.Object ? element : throw new SuitDescriptionException($"{where}: a JSON object is required");

    private static void Only(JsonElement element, string[] known, string prefix)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (!known.Contains(property.Name, StringComparer.Ordinal))
                throw new SuitDescriptionException($"{prefix}{property.Name}: not supported by suit build (it takes {string.Join(", ", known)})");
        }
    }

    private static byte[]? Uuid(JsonElement component, string name, string where) =>
        Text(component, name, where) is not { } text ? null
            : Guid.TryParse(text, out var uuid) ? uuid.ToByteArray(bigEndian: true)
            : throw new SuitDescriptionException($"{where}.{name}: \"{text}\" is not a UUID");

    private static void SameId(JsonElement component, string name, byte[] expected, string where)
    {
        if (Uuid(component, name, where) is { } id && !id.AsSpan().SequenceEqual(expected))
            throw new SuitDescriptionException($"{where}.{name}: every component has components[0]'s {name} (one vendor and class per manifest)");
    }

    private static string? Text(JsonElement element, string name, string where) =>
        !element.TryGetProperty(name, out var value) ? null
            : value.ValueKind == JsonValueKind.String ? value.GetString()
            : throw new SuitDescriptionException($"{where}.{name}: a string is required");

    // SUIT_Component_Identifier = [* bstr]: each element hex.
    private static byte[][] InstallId(JsonElement component, string where)
    {
        if (!component.TryGetProperty("install-id", out var id) || id.ValueKind != JsonValueKind.Array)
            throw new SuitDescriptionException($"{where}.install-id: an array of hex strings is required (e.g. [\"00\"])");
        return [.. id.EnumerateArray().Select((part, j) => part.ValueKind == JsonValueKind.String && Hex(part.GetString()!) is { } bytes
            ? bytes : throw new SuitDescriptionException($"{where}.install-id[{j}]: hex digits are required"))];
    }

    private static byte[]? Hex(string text)
    {
        try
        {
            return Convert.FromHexString(text);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static IEnumerable<string> Overridden(JsonElement component, string where, byte[] digest, int size)
    {
        if (component.TryGetProperty("install-size", out var given) && !(given.TryGetInt64(out var s) && s == size))
            yield return $"{where}.install-size {given} is not the image's; the image's ({size}) is used";
        if (component.TryGetProperty("install-digest", out var described)
            && !(described.ValueKind == JsonValueKind.Object && described.TryGetProperty("digest-bytes", out var bytes)
                && bytes.ValueKind == JsonValueKind.String && string.Equals(bytes.GetString(), Convert.ToHexStringLower(digest), StringComparison.OrdinalIgnoreCase)))
            yield return $"{where}.install-digest is not the image's; the image's SHA-256 ({Convert.ToHexStringLower(digest)}) is used";
    }

    private static IEnumerable<(string Language, int Key, string Text)> Texts(JsonElement element, string where, Dictionary<string, int> keys)
    {
        if (!element.TryGetProperty("description", out var description))
            yield break;
        var at = where.Length == 0 ? "description" : $"{where}.description";
        foreach (var language in Object(description, at).EnumerateObject())
        {
            foreach (var text in Object(language.Value, $"{at}.{language.Name}").EnumerateObject())
            {
                if (!keys.TryGetValue(text.Name, out var key))
                    throw new SuitDescriptionException($"{at}.{language.Name}.{text.Name}: not a text key here (one of {string.Join(", ", keys.Keys)})");
                yield return (language.Name, key, text.Value.ValueKind == JsonValueKind.String ? text.Value.GetString()!
                    : throw new SuitDescriptionException($"{at}.{language.Name}.{text.Name}: a string is required"));
            }
        }
    }
}

/// <summary>A description <c>suit build</c> cannot use: what and where (a JSON path).</summary>
internal sealed class SuitDescriptionException(string message) : Exception(message);
