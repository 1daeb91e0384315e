using DeviceTrust.E2E.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace DeviceTrust.E2E.Tests;

public sealed class AuditLogTests(AppFixture app) : BrowserTest(app)
{
    [Fact]
    public async Task SecurityOfficer_VerifiesChain_IntactAndSignInsListed()
    {
        var fleet = await SignInAsync(DevUsers.SecurityOfficer);
        var audit = await fleet.GoToAuditAsync();

        await audit.VerifyChainAsync();
        await Expect(audit.VerifyResult).ToHaveAttributeAsync("data-intact", "true");
        await ScreenshotAsync("audit");

        await audit.SearchAsync("user.signed-in");
        await Expect(audit.Rows.Filter(new() { HasText = "user:security" }).First).ToBeVisibleAsync();
        await ScreenshotAsync("audit-search");
    }

    [Fact]
    public async Task SecurityOfficer_OpensUsers_SeesEachDevUserWithTheirRole()
    {
        var fleet = await SignInAsync(DevUsers.SecurityOfficer);
        await Expect(fleet.CurrentUser).ToContainTextAsync("security · SecurityOfficer");

        var users = await fleet.GoToUsersAsync();

        await Expect(users.Role(DevUsers.Operator)).ToHaveTextAsync("Operator");
        await Expect(users.Role(DevUsers.SecurityOfficer)).ToHaveTextAsync("SecurityOfficer");
        await Expect(users.Role(DevUsers.Auditor)).ToHaveTextAsync("Auditor");
        await ScreenshotAsync("users");
    }
}
