using DeviceTrust.Cli.Dev;
using DeviceTrust.Cli.Tests.Infrastructure;
using DeviceTrust.Cli.Tests.Voucher;
using Microsoft.AspNetCore.Http;

namespace DeviceTrust.Cli.Tests.Network;

/// <summary><c>dev idevid</c> against a fake of the development API; the real one is in DeviceTrust.Web.Tests.</summary>
public sealed class DevIdevidRunnerTests : IAsyncLifetime
{
    private FakeDevApi _api = null!;

    public async ValueTask InitializeAsync() => _api = await FakeDevApi.StartAsync();

    [Fact]
    public async Task DevIdevid_Minted_WritesTheFourFiles()
    {
        using var folder = new TempFolder();

        var run = await NetworkCli.RunAsync("dev", "idevid", "--server", _api.Url.ToString(), "--token", "dt_officer",
            "--manufacturer", "Kumo Devices", "--serial", "KUMO-1", "--out-dir", folder.PathOf("out"));

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("IDevID: SERIALNUMBER=KUMO-1", run.Output, StringComparison.Ordinal);
        Assert.All(new[] { IdevidFiles.PrivateKey, IdevidFiles.Certificate, IdevidFiles.Chain, IdevidFiles.Masa },
            name => Assert.True(File.Exists(folder.PathOf(Path.Combine("out", name))), name));
        Assert.Equal("KUMO-1", Assert.Single(_api.Calls).Body.GetProperty("serialNumber").GetString());
    }

    [Fact]
    public async Task DevIdevid_Refused_ExitsRefusedAndWritesNothing()
    {
        using var folder = new TempFolder();
        _api.Answer = _ => Results.Problem(title: "Not Found", detail: "No simulated manufacturer 'Nobody'.", statusCode: 404);

        var run = await NetworkCli.RunAsync("dev", "idevid", "--server", _api.Url.ToString(), "--token", "dt_officer",
            "--manufacturer", "Nobody", "--serial", "N-1", "--out-dir", folder.PathOf("out"));

        Assert.Equal(ExitCodes.Refused, run.ExitCode);
        Assert.Contains("error: dev idevid refused: HTTP 404 Not Found: No simulated manufacturer 'Nobody'.", run.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(folder.PathOf("out")));
    }

    public async ValueTask DisposeAsync() => await _api.DisposeAsync();
}
