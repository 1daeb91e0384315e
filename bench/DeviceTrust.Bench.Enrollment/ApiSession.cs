using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using DeviceTrust.Simulator.Provisioning;

namespace DeviceTrust.Bench.Enrollment;

/// <summary>
/// A dev user's API client: signed in through the login form (antiforgery token and all), then a one-day API token
/// from POST /api/v1/me/tokens sent as Bearer on every call.
/// </summary>
internal static partial class ApiSession
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <exception cref="InvalidOperationException">The sign-in or the token request was refused.</exception>
    public static async Task<HttpClient> SignInAsync(Uri server, string userName, string password, CancellationToken cancellationToken)
    {
        using var browser = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false })
        {
            BaseAddress = server,
        };
        var form = await browser.GetStringAsync("/account/login", cancellationToken);
        var antiforgery = AntiforgeryField().Match(form);
        if (!antiforgery.Success) throw new InvalidOperationException($"{server}account/login has no antiforgery token.");
        using var signIn = await browser.PostAsync("/account/signin", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["userName"] = userName,
            ["password"] = password,
            ["returnUrl"] = "/",
            [antiforgery.Groups["name"].Value] = WebUtility.HtmlDecode(antiforgery.Groups["value"].Value),
        }), cancellationToken);
        // Success and failure both redirect; a failure's target names the error.
        if (signIn.StatusCode != HttpStatusCode.Redirect || signIn.Headers.Location?.ToString().Contains("error", StringComparison.Ordinal) != false)
            throw new InvalidOperationException($"Signing in as '{userName}' failed: {(int)signIn.StatusCode} {signIn.Headers.Location}");

        var created = await PostAsync<CreatedToken>(browser, "/api/v1/me/tokens", new { name = "enrollment bench", expiresInDays = 1 }, cancellationToken);
        var api = new HttpClient { BaseAddress = server };
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", created.Token);
        return api;
    }

    /// <exception cref="InvalidOperationException">Not answered 2xx; the message carries the problem details.</exception>
    public static async Task<T> PostAsync<T>(HttpClient client, string path, object body, CancellationToken cancellationToken)
    {
        using var response = await client.PostAsJsonAsync(path, body, Json, cancellationToken);
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"POST {path}: {await ServerReplies.ReadErrorAsync(response, cancellationToken)}");
        return await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken)
            ?? throw new InvalidOperationException($"POST {path}: an empty answer.");
    }

    private sealed record CreatedToken(string Token);

    [GeneratedRegex("""<input[^>]*name="(?<name>__RequestVerificationToken)"[^>]*value="(?<value>[^"]+)"[^>]*>""")]
    private static partial Regex AntiforgeryField();
}
