using DeviceTrust.E2E.Infrastructure;

namespace DeviceTrust.E2E.Tests;

public sealed class ApiTokenTests(AppFixture app) : BrowserTest(app)
{
    [Fact]
    public async Task Operator_CreatesToken_ItAuthenticatesUntilRevoked()
    {
        var name = $"e2e-{Guid.NewGuid().ToString("N")[..8]}";
        var fleet = await SignInAsync(DevUsers.Operator);
        var profile = await fleet.GoToProfileAsync();

        var token = await profile.CreateTokenAsync(name);
        await ScreenshotAsync("profile");

        // A context of its own: no sign-in cookie, only the bearer token.
        var bearer = await App.ApiRequest.NewContextAsync(new()
        {
            BaseURL = App.BaseUrl.ToString(),
            ExtraHTTPHeaders = new Dictionary<string, string> { ["Authorization"] = $"Bearer {token}" },
        });
        await using var _ = bearer;
        var api = new DevicesApi(bearer);

        var withToken = await api.ListAsync();
        Assert.Equal(200, withToken.Status);
        Assert.NotEmpty((await withToken.JsonAsync())!.Value.GetProperty("items").EnumerateArray());

        await profile.RevokeTokenAsync(name);
        await ScreenshotAsync("profile-revoked");

        Assert.Equal(401, (await api.ListAsync()).Status);
    }
}
