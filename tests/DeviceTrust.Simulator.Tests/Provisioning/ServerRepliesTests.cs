using System.Net;
using System.Net.Http.Headers;
using System.Text;
using DeviceTrust.Simulator.Provisioning;

namespace DeviceTrust.Simulator.Tests.Provisioning;

/// <summary>How 202 + Retry-After and problem details become typed replies (RFC 9110 10.2.3, RFC 9457), on responses built here.</summary>
public sealed class ServerRepliesTests
{
    private static readonly DateTimeOffset Now = TestPki.Now;
    private static readonly TimeSpan Fallback = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task ReadAsync_202WithDelaySeconds_IsPendingThatLong()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.Accepted);
        response.Headers.TryAddWithoutValidation("Retry-After", "30");

        var reply = await ReadAsync(response);

        Assert.Equal(TimeSpan.FromSeconds(30), Assert.IsType<ServerReply<string>.Pending>(reply).RetryAfter);
    }

    [Fact]
    public async Task ReadAsync_202WithHttpDate_IsPendingUntilThatDate()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.Accepted);
        response.Headers.RetryAfter = new RetryConditionHeaderValue(Now.AddMinutes(2));

        var reply = await ReadAsync(response);

        Assert.Equal(TimeSpan.FromMinutes(2), Assert.IsType<ServerReply<string>.Pending>(reply).RetryAfter);
    }

    [Fact]
    public async Task ReadAsync_202WithDateInThePast_IsPendingForNoTime()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.Accepted);
        response.Headers.RetryAfter = new RetryConditionHeaderValue(Now.AddMinutes(-2));

        var reply = await ReadAsync(response);

        Assert.Equal(TimeSpan.Zero, Assert.IsType<ServerReply<string>.Pending>(reply).RetryAfter);
    }

    [Fact]
    public async Task ReadAsync_202WithoutRetryAfter_IsPendingForTheFallback()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.Accepted);

        var reply = await ReadAsync(response);

        Assert.Equal(Fallback, Assert.IsType<ServerReply<string>.Pending>(reply).RetryAfter);
    }

    [Fact]
    public async Task ReadAsync_ProblemDetails_IsRefusedWithStatusTitleAndDetail()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.Forbidden)
        {
            Content = new StringContent("""{"type":"https://tools.ietf.org/html/rfc9110#section-15.5.4","title":"Refused.","status":403,"detail":"Serial X is not in this domain's inventory."}""",
                Encoding.UTF8, "application/problem+json"),
        };

        var reply = await ReadAsync(response);

        var error = Assert.IsType<ServerReply<string>.Refused>(reply).Error;
        Assert.Equal(new ProtocolError(403, "Refused.", "Serial X is not in this domain's inventory.", "https://tools.ietf.org/html/rfc9110#section-15.5.4"), error);
        Assert.True(error.IsClientError);
        Assert.Equal("HTTP 403 Refused.: Serial X is not in this domain's inventory.", error.ToString());
    }

    [Fact]
    public async Task ReadAsync_PlainTextError_IsRefusedWithTheText()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.BadGateway) { Content = new StringContent(" MASA unreachable \n") };

        var reply = await ReadAsync(response);

        var error = Assert.IsType<ServerReply<string>.Refused>(reply).Error;
        Assert.Equal(502, error.Status);
        Assert.Equal("MASA unreachable", error.Detail);
        Assert.False(error.IsClientError);
    }

    [Fact]
    public async Task ReadAsync_200_IsCompletedWithWhatTheReaderReads()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("voucher") };

        var reply = await ReadAsync(response);

        Assert.Equal("voucher", Assert.IsType<ServerReply<string>.Completed>(reply).Value);
    }

    [Theory]
    [InlineData(30, 30)]
    [InlineData(600, 120)]
    [InlineData(-5, 0)]
    public void RetryDelayFor_RetryAfter_IsBoundedByMaxRetryDelay(int retryAfterSeconds, int expectedSeconds)
    {
        var options = new PledgeOptions { MaxRetryDelay = TimeSpan.FromMinutes(2) };

        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), options.RetryDelayFor(TimeSpan.FromSeconds(retryAfterSeconds)));
    }

    private static Task<ServerReply<string>> ReadAsync(HttpResponseMessage response) =>
        ServerReplies.ReadAsync(response, (r, ct) => r.Content.ReadAsStringAsync(ct), Now, Fallback, TestContext.Current.CancellationToken);
}
