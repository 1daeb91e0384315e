using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace DeviceTrust.Simulator.Device;

/// <summary>
/// Reading the server's hub requests ("Attest", "UpdateAvailable") as a device must: trusting nothing. A path a request
/// names is one of the device listener's, with one id segment in it; never another path, a query or another host.
/// </summary>
internal static class HubArguments
{
    private static readonly SearchValues<char> IdCharacters = SearchValues.Create("0123456789abcdefABCDEF-");

    public static bool TryText(JsonElement request, string name, [NotNullWhen(true)] out string? text, [NotNullWhen(false)] out string? problem)
    {
        if (request.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } found)
        {
            (text, problem) = (found, null);
            return true;
        }
        (text, problem) = (null, $"{name} is missing or not a string");
        return false;
    }

    /// <summary>Whether <paramref name="path"/> is <paramref name="prefix"/>, one id (the characters of a UUID), and <paramref name="suffix"/>.</summary>
    public static bool IsIdPath(string path, string prefix, string suffix = "")
    {
        if (!path.StartsWith(prefix, StringComparison.Ordinal) || !path.EndsWith(suffix, StringComparison.Ordinal) || path.Length < prefix.Length + suffix.Length)
            return false;
        var id = path.AsSpan()[prefix.Length..^suffix.Length];
        return id.Length is > 0 and <= 64 && !id.ContainsAnyExcept(IdCharacters);
    }

    public static string Shorten(string text) => text.Length <= 80 ? text : text[..80] + "...";
}
