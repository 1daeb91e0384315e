using System.Text.Json;

namespace DeviceTrust.Bench;

/// <summary>What the bench drivers read from the repository they run in (shared by both drivers).</summary>
internal static class RepositoryFiles
{
    /// <summary>The dev users' password, from where the app seeds it (Seed:DevPassword).</summary>
    public static async Task<string> DevPasswordAsync(string repoRoot)
    {
        var path = Path.Combine(repoRoot, "appsettings.Development.json");
        await using var file = File.OpenRead(path);
        using var settings = await JsonDocument.ParseAsync(file, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        return settings.RootElement.TryGetProperty("Seed", out var seed) && seed.TryGetProperty("DevPassword", out var password)
               && password.GetString() is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"{path} has no Seed:DevPassword.");
    }
}
