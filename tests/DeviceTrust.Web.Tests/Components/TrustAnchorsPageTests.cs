using System.Security.Cryptography;
using Bunit;
using DeviceTrust.Application.Common;
using DeviceTrust.Application.TrustAnchors;
using DeviceTrust.Application.TrustAnchors.AddTrustAnchor;
using DeviceTrust.Application.TrustAnchors.CreateTpa;
using DeviceTrust.Application.TrustAnchors.RetireTrustAnchor;
using DeviceTrust.Domain.Accounts;
using DeviceTrust.Domain.Trust;
using DeviceTrust.Web.Components.Pages.Trust;
using DeviceTrust.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace DeviceTrust.Web.Tests.Components;

/// <summary>The trust anchor page over the running app's real services: what each role sees.</summary>
public sealed class TrustAnchorsPageTests : BunitContext
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private static readonly Actor Officer = new("user:bunit-security", "bunit", new HashSet<string> { Roles.SecurityOfficer });
    private readonly IServiceProvider _app;

    public TrustAnchorsPageTests(WebAppFixture app)
    {
        _app = app.Factory.Services;
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddSingleton(_app.GetRequiredService<TrustAnchorQueries>());
        Services.AddSingleton(_app.GetRequiredService<RetireTrustAnchorHandler>());
    }

    private async Task<TrustAnchorSummary> AddAnchorAsync(string name)
    {
        var tpa = await _app.GetRequiredService<CreateTpaHandler>().HandleAsync(Officer, $"bUnit PKI {Guid.NewGuid():N}", null, Xunit.TestContext.Current.CancellationToken);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return await _app.GetRequiredService<AddTrustAnchorHandler>().HandleAsync(Officer,
            new AddTrustAnchorRequest(name, TrustAnchorPurpose.AttestationEndorsement, tpa.Id, [], System.Text.Encoding.ASCII.GetBytes(key.ExportSubjectPublicKeyInfoPem())),
            Xunit.TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Render_AsAuditor_ListsAnchorsWithoutChangeControls()
    {
        var anchor = await AddAnchorAsync("bUnit endorsement key (auditor)");
        AddAuthorization().SetAuthorized("auditor").SetRoles(Roles.Auditor);

        var page = Render<TrustAnchors>();

        page.WaitForAssertion(() => Assert.Contains(page.FindAll("[data-testid=anchor-name]"), e => e.TextContent == anchor.Name), Timeout);
        Assert.Empty(page.FindAll("[data-testid=anchor-add]"));
        Assert.Empty(page.FindAll("[data-testid=anchor-retire]"));
    }

    [Fact]
    public async Task Render_AsSecurityOfficer_OffersAddAndRetire()
    {
        var anchor = await AddAnchorAsync("bUnit endorsement key (officer)");
        AddAuthorization().SetAuthorized("security").SetRoles(Roles.SecurityOfficer);

        var page = Render<TrustAnchors>();

        page.WaitForAssertion(() => Assert.Contains(page.FindAll("[data-testid=anchor-name]"), e => e.TextContent == anchor.Name), Timeout);
        Assert.Single(page.FindAll("[data-testid=anchor-add]"));
        Assert.NotEmpty(page.FindAll("[data-testid=anchor-retire]"));
    }
}
