using System.Text.Json;
using DeviceTrust.Application.Common;
using DeviceTrust.Application.Refusals;
using DeviceTrust.Web.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace DeviceTrust.Web.Tests.Api;

/// <summary>The one mapping of errors to problem details, as the API and the device listener answer them.</summary>
public sealed class ProblemDetailsExceptionHandlerTests
{
    [Theory]
    [InlineData("/api/v1/devices/1/state", 409, null)]
    [InlineData("/.well-known/est/simpleenroll", 503, "1")]
    [InlineData("/.well-known/brski/requestvoucher", 503, "1")]
    public async Task TryHandleAsync_LostRace_ConflictForPeopleRetryLaterForDevices(string path, int status, string? retryAfter)
    {
        var http = await HandleAsync(path, new ConflictException("Device X went from Enrolled to Operational in the meantime."));

        Assert.Equal(status, http.Response.StatusCode);
        Assert.Equal(retryAfter, http.Response.Headers.RetryAfter.FirstOrDefault());
        using var body = JsonDocument.Parse(((MemoryStream)http.Response.Body).ToArray());
        Assert.Equal("Device X went from Enrolled to Operational in the meantime.", body.RootElement.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task TryHandleAsync_UnexpectedException_LeftToTheFrameworkAsA500()
    {
        var handler = Handler(out _);

        Assert.False(await handler.TryHandleAsync(Context("/api/v1/devices", out _), new InvalidOperationException("a defect"), TestContext.Current.CancellationToken));
    }

    private static async Task<HttpContext> HandleAsync(string path, Exception exception)
    {
        var handler = Handler(out var services);
        var http = Context(path, out _, services);
        Assert.True(await handler.TryHandleAsync(http, exception, TestContext.Current.CancellationToken));
        return http;
    }

    private static ProblemDetailsExceptionHandler Handler(out IServiceProvider services)
    {
        services = new ServiceCollection().AddLogging().AddProblemDetails().BuildServiceProvider();
        return new ProblemDetailsExceptionHandler(services.GetRequiredService<IProblemDetailsService>(), new NoRefusalsExpected(), TimeProvider.System,
            NullLogger<ProblemDetailsExceptionHandler>.Instance);
    }

    private static DefaultHttpContext Context(string path, out MemoryStream body, IServiceProvider? services = null)
    {
        body = new MemoryStream();
        var http = new DefaultHttpContext { RequestServices = services ?? new ServiceCollection().BuildServiceProvider() };
        http.Request.Path = path;
        http.Response.Body = body;
        return http;
    }

    /// <summary>Only a refusal is recorded; these errors are not refusals.</summary>
    private sealed class NoRefusalsExpected : IRefusalRecorder
    {
        public void Record(RefusalReport report) => throw new InvalidOperationException("No refusal was expected.");
    }
}
