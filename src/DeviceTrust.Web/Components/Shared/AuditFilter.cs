using System.Globalization;
using DeviceTrust.Application.Audit;
using DeviceTrust.Application.Common;

namespace DeviceTrust.Web.Components.Shared;

/// <summary>
/// The audit log's filters as the page's URL carries them, so a link shows the same entries to whoever opens it. The
/// parameter names are the REST API's (GET /api/v1/audit). From and To stay as given until <see cref="ToQuery"/>, which
/// refuses one that is not an instant, naming it, like any other bad filter.
/// </summary>
public sealed record AuditFilter
{
    public string? Search { get; init; }
    public IReadOnlyList<string> Actions { get; init; } = [];
    public string? Actor { get; init; }
    public string? TargetType { get; init; }
    public string? TargetId { get; init; }
    /// <summary>ISO 8601, UTC unless it says otherwise.</summary>
    public string? From { get; init; }
    /// <summary>ISO 8601, UTC unless it says otherwise.</summary>
    public string? To { get; init; }

    public bool IsEmpty => ToQueryParameters().Values.All(v => v is null);

    public static AuditFilter FromQuery(string? search, string[]? actions, string? actor, string? targetType, string? targetId, string? from, string? to) => new()
    {
        Search = Blank(search),
        Actions = actions?.Select(Blank).OfType<string>().Distinct(StringComparer.Ordinal).ToList() ?? [],
        Actor = Blank(actor),
        TargetType = Blank(targetType),
        TargetId = Blank(targetId),
        From = Blank(from),
        To = Blank(to),
    };

    /// <summary>The query parameters that say this filter; null removes a parameter from the URL.</summary>
    public IReadOnlyDictionary<string, object?> ToQueryParameters() => new Dictionary<string, object?>
    {
        ["search"] = Blank(Search),
        ["action"] = Actions.Count == 0 ? null : Actions.ToArray(),
        ["actor"] = Blank(Actor),
        ["targetType"] = Blank(TargetType),
        ["targetId"] = Blank(TargetId),
        ["from"] = Blank(From),
        ["to"] = Blank(To),
    };

    /// <summary>Equal for filters that select the same entries the same way (the record's own equality compares the list by reference).</summary>
    public string Key => string.Join('&', ToQueryParameters().Select(p => $"{p.Key}={(p.Value is string[] a ? string.Join('|', a) : p.Value)}"));

    public AuditQuery ToQuery(int page, int pageSize) =>
        new(page, pageSize, Search, TargetType, TargetId, Actions, Actor, ParseInstant(From, "from"), ParseInstant(To, "to"));

    /// <summary>How the URL writes an instant: ISO 8601 in UTC, to the second.</summary>
    public static string FormatInstant(DateTimeOffset at) => at.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>An ISO 8601 instant (a date-time-local value "2026-11-27T09:00" is taken as UTC); null when blank or not an instant.</summary>
    public static DateTimeOffset? TryParseInstant(string? text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at) ? at : null;

    private static DateTimeOffset? ParseInstant(string? text, string field) =>
        Blank(text) is null ? null
        : TryParseInstant(text) ?? throw RequestValidationException.For(field, $"'{text}' is not a date and time (ISO 8601, e.g. 2026-11-27T09:00:00Z).");

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
