using System.Text.Json;
using DeviceTrust.Simulator.Updates;

namespace DeviceTrust.Simulator.Tests.Updates;

/// <summary>The "UpdateAvailable" argument is read trusting nothing: where the device fetches and posts, and the nonce.</summary>
public sealed class UpdateOfferTests
{
    private const string OfferId = "0193a5c1-7f00-7a3e-9c2b-5d1e8f3a4b6c";
    private const string ReleaseId = "0193a4f0-1a2b-7c3d-8e4f-5a6b7c8d9e0f";
    private const string Nonce = "q83vEjRWeJCrze8SNFZ4kA";

    [Fact]
    public void TryParse_OfferAsTheDocShowsIt_ReadsEveryMember()
    {
        var parsed = UpdateOffer.TryParse(Json(Offer()), out var offer, out var problem);

        Assert.True(parsed, problem);
        Assert.Equal(Guid.Parse(OfferId), offer!.OfferId);
        Assert.Equal(Guid.Parse(ReleaseId), offer.ReleaseId);
        Assert.Equal($"/firmware/releases/{ReleaseId}/envelope", offer.EnvelopePath);
        Assert.Equal("/firmware/reports", offer.ReportPath);
        Assert.Equal(Convert.FromHexString("ABCDEF1234567890ABCDEF1234567890"), offer.Nonce);
        Assert.Equal((3L, "1.5.0"), (offer.SequenceNumber, offer.Version));
    }

    [Fact]
    public void TryParse_WithoutDisplayMembers_ReadsTheOffer()
    {
        var parsed = UpdateOffer.TryParse(Json($$"""
            {"offerId": "{{OfferId}}", "releaseId": "{{ReleaseId}}", "envelopePath": "/firmware/releases/{{ReleaseId}}/envelope",
             "reportPath": "/firmware/reports", "nonce": "{{Nonce}}", "extra": 1}
            """), out var offer, out _);

        Assert.True(parsed);
        Assert.Equal(((long?)null, (string?)null), (offer!.SequenceNumber, offer.Version));
    }

    [Theory]
    [InlineData("[]", "not an object")]
    [InlineData("\"offer\"", "not an object")]
    [InlineData("{}", "offerId")]
    public void TryParse_NotAnOffer_IsRefused(string json, string named)
    {
        Assert.False(UpdateOffer.TryParse(Json(json), out var offer, out var problem));
        Assert.Null(offer);
        Assert.Contains(named, problem);
    }

    [Theory]
    [InlineData("offerId", "\"42\"", "UUID")]
    [InlineData("releaseId", "7", "releaseId")]
    [InlineData("envelopePath", "\"https://evil.example/firmware/releases/1/envelope\"", "envelopePath")]
    [InlineData("envelopePath", "\"/firmware/releases/../../hubs/envelope\"", "envelopePath")]
    [InlineData("envelopePath", "\"/firmware/releases/abc/envelope?x=1\"", "envelopePath")]
    [InlineData("envelopePath", "\"/firmware/images/abc\"", "envelopePath")]
    [InlineData("reportPath", "\"/firmware/reports/../../admin\"", "reportPath")]
    [InlineData("reportPath", "\"https://evil.example/firmware/reports\"", "reportPath")]
    [InlineData("nonce", "\"q83vEjRWeJA\"", "8 bytes")]
    [InlineData("nonce", "\"q83vEjRWeJCrze8SNFZ4kKvN7xI0VniQq83vEjRWeJCr\"", "33 bytes")]
    [InlineData("nonce", "\"not base64url!\"", "base64url")]
    [InlineData("nonce", "null", "nonce")]
    [InlineData("sequenceNumber", "-1", "sequenceNumber")]
    [InlineData("sequenceNumber", "\"3\"", "sequenceNumber")]
    [InlineData("version", "15", "version")]
    public void TryParse_MemberMalformed_IsRefusedNamingIt(string member, string value, string named)
    {
        var parsed = UpdateOffer.TryParse(Json(Offer(member, value)), out var offer, out var problem);

        Assert.False(parsed);
        Assert.Null(offer);
        Assert.Contains(named, problem);
    }

    private static string Offer(string? member = null, string? value = null)
    {
        var members = new Dictionary<string, string>
        {
            ["offerId"] = $"\"{OfferId}\"",
            ["releaseId"] = $"\"{ReleaseId}\"",
            ["envelopePath"] = $"\"/firmware/releases/{ReleaseId}/envelope\"",
            ["reportPath"] = "\"/firmware/reports\"",
            ["nonce"] = $"\"{Nonce}\"",
            ["sequenceNumber"] = "3",
            ["version"] = "\"1.5.0\"",
        };
        if (member is not null)
            members[member] = value!;
        return "{" + string.Join(", ", members.Select(m => $"\"{m.Key}\": {m.Value}")) + "}";
    }

    private static JsonElement Json(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
