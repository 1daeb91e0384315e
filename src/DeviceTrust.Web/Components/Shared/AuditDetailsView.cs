using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace DeviceTrust.Web.Components.Shared;

public enum AuditFieldKind
{
    /// <summary>A value that reads as words or a number; it may wrap.</summary>
    Text,
    /// <summary>A long token (hash, fingerprint, certificate serial, URL): monospace, cut with an ellipsis, copyable.</summary>
    Identifier,
    /// <summary>null, or an empty object or array.</summary>
    Empty,
    /// <summary>A nested object: its members are <see cref="AuditField.Children"/>.</summary>
    Group,
    /// <summary>An array: its items are <see cref="AuditField.Children"/>, unlabelled unless they are objects.</summary>
    List,
}

/// <summary>One labelled value of an audit entry's details.</summary>
public sealed record AuditField(string Label, AuditFieldKind Kind, string Value = "", IReadOnlyList<AuditField>? Children = null)
{
    public IReadOnlyList<AuditField> Children { get; init; } = Children ?? [];
}

/// <summary>
/// An audit entry's details as a person reads them: JSON as labelled fields (nested objects nested, arrays as lists),
/// with the stored JSON pretty-printed beside; anything else as text. Entries written before the trail stored a pledge's
/// reason-context as nested JSON hold it as a string of escaped JSON: such strings are read as the JSON they carry.
/// </summary>
public sealed partial class AuditDetailsView
{
    private const int IdentifierMinLength = 24;
    private const int LongTokenLength = 48;

    private static readonly JsonSerializerOptions Pretty = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly Dictionary<string, string> Acronyms = new(StringComparer.OrdinalIgnoreCase)
    {
        ["id"] = "ID", ["idevid"] = "IDevID", ["ldevid"] = "LDevID", ["masa"] = "MASA", ["ca"] = "CA", ["tpa"] = "TPA", ["url"] = "URL",
        ["uri"] = "URI", ["csr"] = "CSR", ["est"] = "EST", ["crl"] = "CRL", ["api"] = "API", ["ip"] = "IP", ["sha256"] = "SHA-256",
    };

    private AuditDetailsView(IReadOnlyList<AuditField> fields, string? text, string? rawJson)
    {
        Fields = fields;
        Text = text;
        RawJson = rawJson;
    }

    /// <summary>The labelled fields of JSON details; empty for text.</summary>
    public IReadOnlyList<AuditField> Fields { get; }

    /// <summary>Details that are not a JSON object or array, as stored.</summary>
    public string? Text { get; }

    /// <summary>The stored JSON, pretty-printed; null for text.</summary>
    public string? RawJson { get; }

    public static AuditDetailsView Parse(string? details)
    {
        if (string.IsNullOrWhiteSpace(details)) return new([], null, null);
        if (!TryParse(details, out var root)) return new([], details, null);

        var raw = JsonSerializer.Serialize(root, Pretty);
        // A whole entry stored as a string of escaped JSON reads as that JSON.
        var content = root.ValueKind == JsonValueKind.String && TryParseNested(root.GetString(), out var nested) ? nested : root;
        return content.ValueKind switch
        {
            JsonValueKind.Object => new(MembersOf(content), null, raw),
            JsonValueKind.Array => new([FieldOf("Items", content)], null, raw),
            JsonValueKind.String => new([], content.GetString(), raw),
            _ => new([], content.GetRawText(), raw),
        };
    }

    private static List<AuditField> MembersOf(JsonElement obj) => obj.EnumerateObject().Select(p => FieldOf(Humanize(p.Name), p.Value, p.Name)).ToList();

    private static AuditField FieldOf(string label, JsonElement value, string? key = null)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                var members = MembersOf(value);
                return members.Count == 0 ? new(label, AuditFieldKind.Empty) : new(label, AuditFieldKind.Group, Children: members);
            case JsonValueKind.Array:
                var items = value.EnumerateArray()
                    .Select((item, i) => FieldOf(item.ValueKind == JsonValueKind.Object ? $"#{i + 1}" : "", item)).ToList();
                return items.Count == 0 ? new(label, AuditFieldKind.Empty) : new(label, AuditFieldKind.List, Children: items);
            case JsonValueKind.String:
                var text = value.GetString() ?? "";
                if (TryParseNested(text, out var nested)) return FieldOf(label, nested, key);
                if (text.Length == 0) return new(label, AuditFieldKind.Empty);
                if (IsIdentifier(key, text)) return new(label, AuditFieldKind.Identifier, text);
                return new(label, AuditFieldKind.Text, AsTimestamp(text) ?? text);
            case JsonValueKind.True:
                return new(label, AuditFieldKind.Text, "yes");
            case JsonValueKind.False:
                return new(label, AuditFieldKind.Text, "no");
            case JsonValueKind.Null:
            case JsonValueKind.Undefined:
                return new(label, AuditFieldKind.Empty);
            default:
                return new(label, AuditFieldKind.Text, value.GetRawText());
        }
    }

    /// <summary>A string that holds a JSON object or array (escaped JSON, as old entries stored it).</summary>
    private static bool TryParseNested(string? text, out JsonElement nested)
    {
        nested = default;
        var trimmed = text?.Trim();
        if (trimmed is not { Length: >= 2 } || !(trimmed[0] == '{' && trimmed[^1] == '}' || trimmed[0] == '[' && trimmed[^1] == ']')) return false;
        return TryParse(trimmed, out nested);
    }

    private static bool TryParse(string text, out JsonElement root)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            root = document.RootElement.Clone();
            return true;
        }
        catch (JsonException)
        {
            root = default;
            return false;
        }
    }

    private static bool IsIdentifier(string? key, string text)
    {
        if (text.Any(char.IsWhiteSpace)) return false;
        if (key is not null && (key.Contains("fingerprint", StringComparison.OrdinalIgnoreCase) || key.Contains("hash", StringComparison.OrdinalIgnoreCase)))
            return true;
        return text.Length >= IdentifierMinLength && HexOrBase64().IsMatch(text) || text.Length > LongTokenLength;
    }

    /// <summary>An ISO 8601 instant as the audit log shows times: UTC, to the second.</summary>
    private static string? AsTimestamp(string text) =>
        IsoInstant().IsMatch(text) && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at)
            ? at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture)
            : null;

    /// <summary>"certificateSerial" reads "Certificate serial", "idevid" "IDevID"; a namespaced key ("ietf-voucher:voucher") stays as it is.</summary>
    internal static string Humanize(string key)
    {
        if (key.Length == 0 || key.Contains(':', StringComparison.Ordinal)) return key;
        var words = WordBoundary().Replace(key, " ").Split([' ', '-', '_'], StringSplitOptions.RemoveEmptyEntries)
            .Select(w => Acronyms.TryGetValue(w, out var acronym) ? acronym : w.ToLowerInvariant()).ToList();
        if (words.Count == 0) return key;
        words[0] = char.ToUpperInvariant(words[0][0]) + words[0][1..];
        return string.Join(' ', words);
    }

    [GeneratedRegex("^(?:[0-9A-Fa-f]{2}[:-]?)+$|^[A-Za-z0-9+/_-]+=*$")]
    private static partial Regex HexOrBase64();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")]
    private static partial Regex IsoInstant();

    [GeneratedRegex("(?<=[a-z0-9])(?=[A-Z])")]
    private static partial Regex WordBoundary();
}
