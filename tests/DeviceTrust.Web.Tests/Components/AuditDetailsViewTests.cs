using DeviceTrust.Web.Components.Shared;

namespace DeviceTrust.Web.Tests.Components;

/// <summary>How an audit entry's details read: labelled fields from JSON, text otherwise, old entries' escaped JSON unwrapped.</summary>
public sealed class AuditDetailsViewTests
{
    private static AuditField Field(AuditDetailsView view, string label) => Assert.Single(view.Fields, f => f.Label == label);

    [Fact]
    public void Parse_FlatObject_LabelledFieldsInOrderWithThePrettyJson()
    {
        var view = AuditDetailsView.Parse("""{"from":"Enrolled","to":"Operational","reason":"first connection","deviceClass":"Kumo Meter M7"}""");

        Assert.Equal(["From", "To", "Reason", "Device class"], view.Fields.Select(f => f.Label));
        Assert.All(view.Fields, f => Assert.Equal(AuditFieldKind.Text, f.Kind));
        Assert.Equal("Kumo Meter M7", Field(view, "Device class").Value);
        Assert.Null(view.Text);
        Assert.Equal("{\n  \"from\": \"Enrolled\",\n  \"to\": \"Operational\",\n  \"reason\": \"first connection\",\n  \"deviceClass\": \"Kumo Meter M7\"\n}",
            view.RawJson!.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Parse_NestedObject_NestedLabelledFields()
    {
        var view = AuditDetailsView.Parse("""{"status":true,"reason":"LDevID installed","context":{"serialNumber":"KUMO-M7-00001","attempt":{"n":2}}}""");

        var context = Field(view, "Context");
        Assert.Equal(AuditFieldKind.Group, context.Kind);
        Assert.Equal(["Serial number", "Attempt"], context.Children.Select(c => c.Label));
        Assert.Equal("KUMO-M7-00001", context.Children[0].Value);
        Assert.Equal(new AuditField("N", AuditFieldKind.Text, "2"), Assert.Single(context.Children[1].Children));
        Assert.Equal("yes", Field(view, "Status").Value);
    }

    [Fact]
    public void Parse_EscapedJsonStringFromAnOldEntry_ReadAsTheJsonItCarries()
    {
        // Before the trail stored a pledge's reason-context as JSON, it stored it as a string of escaped JSON.
        var view = AuditDetailsView.Parse("""{"status":false,"reason":"voucher rejected","context":"{\"pinned\":\"no\",\"tries\":[1,2]}"}""");

        var context = Field(view, "Context");
        Assert.Equal(AuditFieldKind.Group, context.Kind);
        Assert.Equal("no", Assert.Single(context.Children, c => c.Label == "Pinned").Value);
        Assert.Equal(["1", "2"], Assert.Single(context.Children, c => c.Label == "Tries").Children.Select(c => c.Value));
        Assert.Equal("no", Field(view, "Status").Value);
    }

    [Fact]
    public void Parse_WholeEntryAsAnEscapedJsonString_Unwrapped()
    {
        var view = AuditDetailsView.Parse("\"{\\\"reason\\\":\\\"double encoded\\\"}\"");

        Assert.Equal("double encoded", Field(view, "Reason").Value);
        Assert.NotNull(view.RawJson);
    }

    [Fact]
    public void Parse_Arrays_ListsOfValuesAndOfNumberedObjects()
    {
        var view = AuditDetailsView.Parse("""{"deviceClasses":["Acme Thermo T1","Kumo Meter M7"],"grants":[{"right":"Add"},{"right":"Remove"}],"none":[]}""");

        var classes = Field(view, "Device classes");
        Assert.Equal(AuditFieldKind.List, classes.Kind);
        Assert.Equal(["Acme Thermo T1", "Kumo Meter M7"], classes.Children.Select(c => c.Value));
        Assert.All(classes.Children, c => Assert.Equal("", c.Label));
        var grants = Field(view, "Grants");
        Assert.Equal(["#1", "#2"], grants.Children.Select(c => c.Label));
        Assert.Equal("Remove", grants.Children[1].Children.Single().Value);
        Assert.Equal(AuditFieldKind.Empty, Field(view, "None").Kind);
    }

    [Theory]
    [InlineData("from 10.0.0.1")]
    [InlineData("{not json")]
    [InlineData("plain words, no JSON at all")]
    public void Parse_NotJson_ShownAsTextWithoutRawJson(string details)
    {
        var view = AuditDetailsView.Parse(details);

        Assert.Equal(details, view.Text);
        Assert.Empty(view.Fields);
        Assert.Null(view.RawJson);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Parse_Nothing_NothingToShow(string? details)
    {
        var view = AuditDetailsView.Parse(details);

        Assert.Empty(view.Fields);
        Assert.Null(view.Text);
        Assert.Null(view.RawJson);
    }

    [Fact]
    public void Parse_JsonScalar_ShownAsText()
    {
        Assert.Equal("a quoted note", AuditDetailsView.Parse("\"a quoted note\"").Text);
        Assert.Equal("42", AuditDetailsView.Parse("42").Text);
    }

    [Fact]
    public void Parse_LongHexAndFingerprints_IdentifiersWithTheWholeValue()
    {
        var fingerprint = new string('a', 64);
        var serial = "57011E7ABCADE844FF00AA11BB22CC33";
        var view = AuditDetailsView.Parse($$"""{"certificateSerial":"{{serial}}","Fingerprint":"{{fingerprint}}","shortHex":"1A2B","masa":"https://localhost:5443/masa/0198c3a1-aaaa-7bbb-8ccc-123456789abc/.well-known/brski/requestvoucher"}""");

        Assert.Equal(new AuditField("Certificate serial", AuditFieldKind.Identifier, serial), Field(view, "Certificate serial"));
        Assert.Equal(new AuditField("Fingerprint", AuditFieldKind.Identifier, fingerprint), Field(view, "Fingerprint"));
        Assert.Equal(AuditFieldKind.Text, Field(view, "Short hex").Kind);
        Assert.Equal(AuditFieldKind.Identifier, Field(view, "MASA").Kind);
    }

    [Fact]
    public void Parse_VeryLongText_KeptWholeAsWrappingText()
    {
        var reason = string.Join(' ', Enumerable.Repeat("the operator explained at length", 100));

        var field = Field(AuditDetailsView.Parse($$"""{"reason":"{{reason}}"}"""), "Reason");

        Assert.Equal(new AuditField("Reason", AuditFieldKind.Text, reason), field);
    }

    [Fact]
    public void Parse_Instants_ShownInUtcToTheSecond()
    {
        var view = AuditDetailsView.Parse("""{"notAfter":"2027-12-06T16:48:02.123+09:00","expiresOn":"2026-11-28T07:52:31Z","when":"2026-13-99T00:00"}""");

        Assert.Equal("2027-12-06 07:48:02 UTC", Field(view, "Not after").Value);
        Assert.Equal("2026-11-28 07:52:31 UTC", Field(view, "Expires on").Value);
        Assert.Equal("2026-13-99T00:00", Field(view, "When").Value);
    }

    [Theory]
    [InlineData("certificateSerial", "Certificate serial")]
    [InlineData("idevid", "IDevID")]
    [InlineData("IdevidSubject", "IDevID subject")]
    [InlineData("authenticated_by", "Authenticated by")]
    [InlineData("domain-ca-fingerprint", "Domain CA fingerprint")]
    [InlineData("ietf-voucher:voucher", "ietf-voucher:voucher")]
    public void Humanize_Keys_ReadAsLabels(string key, string label) => Assert.Equal(label, AuditDetailsView.Humanize(key));
}
