using System.Net;
using System.Text.RegularExpressions;

namespace DeviceTrust.Web.Tests.Infrastructure;

/// <summary>An HttpClient with its own cookie jar that signs in through the real login form, antiforgery token and all.</summary>
public static partial class BrowserlessClient
{
    public static HttpClient Anonymous(DeviceTrustWebFactory factory) =>
        new(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = factory.BaseAddress };

    public static async Task<HttpClient> SignedInAsync(DeviceTrustWebFactory factory, string userName, string? password = null)
    {
        var client = Anonymous(factory);
        var response = await SignInAsync(client, userName, password ?? DeviceTrustWebFactory.Password);
        if (response.StatusCode != HttpStatusCode.Redirect || response.Headers.Location?.ToString().Contains("error", StringComparison.Ordinal) == true)
            throw new InvalidOperationException($"Signing in as {userName} failed: {response.StatusCode} {response.Headers.Location}");
        return client;
    }

    public static async Task<HttpResponseMessage> SignInAsync(HttpClient client, string userName, string password)
    {
        var form = await client.GetStringAsync("/account/login");
        var token = AntiforgeryField().Match(form);
        if (!token.Success) throw new InvalidOperationException("The login page has no antiforgery token.");
        return await client.PostAsync("/account/signin", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["userName"] = userName,
            ["password"] = password,
            ["returnUrl"] = "/",
            [token.Groups["name"].Value] = WebUtility.HtmlDecode(token.Groups["value"].Value),
        }));
    }

    [GeneratedRegex("""<input[^>]*name="(?<name>__RequestVerificationToken)"[^>]*value="(?<value>[^"]+)"[^>]*>""")]
    private static partial Regex AntiforgeryField();
}
