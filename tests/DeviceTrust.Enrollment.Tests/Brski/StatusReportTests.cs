using System.Text;
using System.Text.Json;
using DeviceTrust.Enrollment.Brski;

namespace DeviceTrust.Enrollment.Tests.Brski;

/// <summary>voucher_status and enrollstatus telemetry (RFC 8995 5.7, 5.9.4).</summary>
public sealed class StatusReportTests
{
    private static StatusReport Parse(string json) => StatusReport.Parse(Encoding.UTF8.GetBytes(json));

    private static EnrollmentFormatException Refused(string json)
    {
        var error = Assert.Throws<EnrollmentFormatException>(() => Parse(json));
        Assert.Equal("BRSKI status telemetry", error.Where);
        return error;
    }

    [Fact]
    public void Parse_Rfc8995Example_ReadsEveryMember()
    {
        // RFC 8995 5.7, the example voucher status telemetry.
        var report = Parse("""
            {
              "version": 1,
              "status": false,
              "reason": "Informative human-readable message",
              "reason-context": { "additional" : "JSON" }
            }
            """);

        Assert.False(report.Status);
        Assert.Equal("Informative human-readable message", report.Reason);
        Assert.NotNull(report.ReasonContextJson);
        using var context = JsonDocument.Parse(report.ReasonContextJson);
        Assert.Equal("JSON", context.RootElement.GetProperty("additional").GetString());
    }

    [Theory]
    [InlineData("""{"version":1,"status":true}""")]
    [InlineData("""{"version":"1","status":true}""")]
    [InlineData("""{"status":true,"version":1}""")]
    public void Parse_VersionOneAsNumberOrString_Accepted(string json)
    {
        var report = Parse(json);

        Assert.Equal(new StatusReport(true, null, null), report);
    }

    [Theory]
    [InlineData("""{"status":true}""")]
    [InlineData("""{"version":2,"status":true}""")]
    [InlineData("""{"version":0,"status":true}""")]
    [InlineData("""{"version":1.5,"status":true}""")]
    [InlineData("""{"version":"2","status":true}""")]
    [InlineData("""{"version":" 1","status":true}""")]
    [InlineData("""{"version":true,"status":true}""")]
    [InlineData("""{"version":null,"status":true}""")]
    public void Parse_VersionMissingOrNotOne_Refused(string json) =>
        Assert.Contains("\"version\" must be 1", Refused(json).What, StringComparison.Ordinal);

    [Theory]
    [InlineData("""{"version":1}""")]
    [InlineData("""{"version":1,"status":"true"}""")]
    [InlineData("""{"version":1,"status":1}""")]
    [InlineData("""{"version":1,"status":null}""")]
    [InlineData("""{"version":1,"Status":true}""")]
    public void Parse_StatusMissingOrNotBoolean_Refused(string json) =>
        Assert.Contains("\"status\" is required", Refused(json).What, StringComparison.Ordinal);

    [Theory]
    [InlineData("""{"version":1,"status":false,"reason":42}""")]
    [InlineData("""{"version":1,"status":false,"reason":null}""")]
    [InlineData("""{"version":1,"status":false,"reason":["a"]}""")]
    [InlineData("""{"version":1,"status":false,"reason":{"text":"a"}}""")]
    public void Parse_ReasonNotAString_Refused(string json) =>
        Assert.Contains("\"reason\" must be a string", Refused(json).What, StringComparison.Ordinal);

    [Fact]
    public void Parse_EmptyReason_KeptAsEmpty() =>
        Assert.Equal("", Parse("""{"version":1,"status":false,"reason":""}""").Reason);

    [Fact]
    public void Parse_EscapedReason_Unescaped() =>
        Assert.Equal("bad \"pinned-domain-cert\"\né", Parse("""{"version":1,"status":false,"reason":"bad \"pinned-domain-cert\"\n\u00e9"}""").Reason);

    [Theory]
    [InlineData("""{"version":1,"status":false,"reason-context":"text"}""")]
    [InlineData("""{"version":1,"status":false,"reason-context":[1,2]}""")]
    [InlineData("""{"version":1,"status":false,"reason-context":null}""")]
    [InlineData("""{"version":1,"status":false,"reason-context":7}""")]
    public void Parse_ReasonContextNotAnObject_Refused(string json) =>
        Assert.Contains("\"reason-context\" must be an object", Refused(json).What, StringComparison.Ordinal);

    [Fact]
    public void Parse_ReasonContextObject_KeptAsItsJson()
    {
        var report = Parse("""{"version":1,"status":false,"reason-context":{"pvs-details":{"code":3,"ok":[true,false]}}}""");

        Assert.Equal("""{"pvs-details":{"code":3,"ok":[true,false]}}""", report.ReasonContextJson);
    }

    [Fact]
    public void Parse_UnknownMembers_Ignored()
    {
        // RFC 8995 5.7 leaves room for extensions; only the defined members are read.
        var report = Parse("""{"version":1,"status":true,"vendor-extension":{"x":1}}""");

        Assert.Equal(new StatusReport(true, null, null), report);
    }

    [Theory]
    [InlineData("")]
    [InlineData("status=true")]
    [InlineData("""{"version":1,"status":true""")]
    [InlineData("""{"version":1,"status":true}{}""")]
    [InlineData("""{"version":1,"status":true,}""")]
    [InlineData("""{'version':1,'status':true}""")]
    public void Parse_NotJson_RefusedAsNotJson(string text)
    {
        var error = Refused(text);

        Assert.StartsWith("not JSON", error.What, StringComparison.Ordinal);
        Assert.IsAssignableFrom<JsonException>(error.InnerException);
    }

    [Fact]
    public void Parse_InvalidUtf8_RefusedAsNotJson()
    {
        byte[] body = [.. "{\"version\":1,\"status\":false,\"reason\":\""u8, 0xC3, 0x28, .. "\"}"u8];

        var error = Assert.Throws<EnrollmentFormatException>(() => StatusReport.Parse(body));

        Assert.StartsWith("not JSON", error.What, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("""[{"version":1,"status":true}]""")]
    [InlineData("true")]
    [InlineData("\"status\"")]
    [InlineData("null")]
    public void Parse_NotAnObject_Refused(string json) =>
        Assert.Contains("not a JSON object", Refused(json).What, StringComparison.Ordinal);

    [Fact]
    public void Parse_NestedDeeperThanSixteen_RefusedAsNotJson()
    {
        static string Nested(int depth) => new string('[', depth) + new string(']', depth);

        // The report object is the first level, so 15 arrays inside it reach the limit of 16.
        Assert.False(Parse($$"""{"version":1,"status":false,"x":{{Nested(15)}}}""").Status);
        Assert.StartsWith("not JSON", Refused($$"""{"version":1,"status":false,"x":{{Nested(16)}}}""").What, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_LargerThanMaxBytes_RefusedBeforeParsing()
    {
        var prefix = "{\"version\":1,\"status\":false,\"reason\":\""u8.ToArray();
        var suffix = "\"}"u8.ToArray();
        var atLimit = Body(StatusReport.MaxBytes);
        var overLimit = Body(StatusReport.MaxBytes + 1);

        var error = Assert.Throws<EnrollmentFormatException>(() => StatusReport.Parse(overLimit));

        Assert.Contains("larger than 16384 bytes", error.What, StringComparison.Ordinal);
        Assert.Equal(StatusReport.MaxBytes - prefix.Length - suffix.Length, StatusReport.Parse(atLimit).Reason!.Length);

        byte[] Body(int length) => [.. prefix, .. Enumerable.Repeat((byte)'r', length - prefix.Length - suffix.Length), .. suffix];
    }

    [Fact]
    public void Parse_DuplicateStatus_RefusedNamingIt()
    {
        // A report that says both true and false is ambiguous; STYLE.md: protocol parsers reject duplicate keys.
        var error = Refused("""{"version":1,"status":true,"status":false}""");

        Assert.Contains("'status'", error.What, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"version":1,"version":2,"status":true}""")]
    [InlineData("""{"version":1,"status":false,"reason":"a","reason":"b"}""")]
    [InlineData("""{"version":1,"status":false,"reason-context":{"code":1,"code":2}}""")]
    public void Parse_AnyDuplicateMember_Refused(string json) =>
        Assert.StartsWith("not JSON", Refused(json).What, StringComparison.Ordinal);

    [Theory]
    [InlineData("""{"version":1,"status":false,"reason":"\ud800"}""", "reason")]
    [InlineData("""{"version":1,"status":false,"reason":"ok \udc00 not"}""", "reason")]
    [InlineData("""{"version":"\ud800","status":false}""", "version")]
    public void Parse_EscapeThatIsNotValidUtf16_RefusedNamingTheMember(string json, string member)
    {
        var error = Refused(json);

        Assert.StartsWith($"\"{member}\" is not valid text", error.What, StringComparison.Ordinal);
        Assert.IsType<InvalidOperationException>(error.InnerException);
    }

    [Fact]
    public void ToJson_Full_WritesVersionOneAndEveryMember()
    {
        var report = new StatusReport(false, "Failed to authenticate MASA certificate", """{"cert-serial":"0A1B"}""");

        using var written = JsonDocument.Parse(report.ToJson());

        var root = written.RootElement;
        Assert.Equal(["version", "status", "reason", "reason-context"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal(1, root.GetProperty("version").GetInt32());
        Assert.Equal(JsonValueKind.False, root.GetProperty("status").ValueKind);
        Assert.Equal("Failed to authenticate MASA certificate", root.GetProperty("reason").GetString());
        Assert.Equal("0A1B", root.GetProperty("reason-context").GetProperty("cert-serial").GetString());
    }

    [Fact]
    public void ToJson_StatusOnly_OmitsReasonAndContext() =>
        Assert.Equal("""{"version":1,"status":true}""", Encoding.UTF8.GetString(new StatusReport(true, null, null).ToJson()));

    [Theory]
    [InlineData(true, null, null)]
    [InlineData(false, "", null)]
    [InlineData(false, "voucher expired", """{"expires-on":"2026-11-27T09:00:00Z"}""")]
    [InlineData(false, "non-ASCII: Zürich \"quoted\" <tag>", """{"nested":{"a":[1,2.5,null,"\u00fc"]}}""")]
    [InlineData(true, null, "{}")]
    public void ToJson_ParsedBack_EqualsTheOriginal(bool status, string? reason, string? contextJson)
    {
        var report = new StatusReport(status, reason, contextJson is null ? null : Compact(contextJson));

        var parsed = StatusReport.Parse(report.ToJson());

        Assert.Equal(report, parsed);
    }

    [Fact]
    public void ToJson_OfAParsedReport_ParsesToTheSameReport()
    {
        var parsed = Parse("""{"version":"1","status":false,"reason":"r","reason-context":{ "a" : [ 1 , { "b" : "c" } ] },"ignored":0}""");

        var again = StatusReport.Parse(parsed.ToJson());

        Assert.Equal(parsed.Status, again.Status);
        Assert.Equal(parsed.Reason, again.Reason);
        Assert.Equal(Compact(parsed.ReasonContextJson!), again.ReasonContextJson);
    }

    private static string Compact(string json)
    {
        using var document = JsonDocument.Parse(json);
        return JsonSerializer.Serialize(document.RootElement);
    }
}
