using System.Threading.Channels;
using DeviceTrust.Web.Components.Shared;

namespace DeviceTrust.Web.Tests.Components;

/// <summary>
/// The helper on its own, with loads the test holds and completes: a refresh never supersedes a load in flight, and the
/// requests made during one make exactly one reload after it.
/// </summary>
/// <remarks>
/// Each test runs on the thread pool, with no synchronization context, and its loads complete their awaiters inline: the
/// helper has taken each step by the time the test's SetResult returns, so the test can look right after it.
/// </remarks>
public sealed class CoalescingRefreshTests
{
    private readonly Channel<TaskCompletionSource<int>> _reloads = Channel.CreateUnbounded<TaskCompletionSource<int>>();
    private readonly CoalescingRefresh _refresh;

    public CoalescingRefreshTests() => _refresh = new CoalescingRefresh(() =>
    {
        // Like a grid's reload: it starts a load, which reports itself, and ends when that load is in.
        var load = new TaskCompletionSource<int>();
        _reloads.Writer.TryWrite(load);
        return _refresh!.Track(load.Task);
    });

    private static Task OffContext(Func<Task> test) => Task.Run(test, Xunit.TestContext.Current.CancellationToken);

    private TaskCompletionSource<int> Reloaded()
    {
        Assert.True(_reloads.Reader.TryRead(out var load), "a reload was expected");
        return load;
    }

    private void AssertNoReload() => Assert.False(_reloads.Reader.TryRead(out _), "no reload was expected");

    [Fact]
    public Task RequestAsync_NothingInFlight_ReloadsAtOnce() => OffContext(async () =>
    {
        var request = _refresh.RequestAsync();

        Reloaded().SetResult(1);
        await request;
        AssertNoReload();
    });

    [Fact]
    public Task RequestAsync_ManyDuringALoad_MakeExactlyOneReloadAfterIt() => OffContext(async () =>
    {
        var first = new TaskCompletionSource<int>();
        _ = _refresh.Track(first.Task);

        var requests = Enumerable.Range(0, 10).Select(_ => _refresh.RequestAsync()).ToList();
        // None of them touches the load in flight; all but the first return at once, having marked a reload as due.
        AssertNoReload();
        Assert.All(requests.Skip(1), r => Assert.True(r.IsCompletedSuccessfully));
        Assert.False(requests[0].IsCompleted);

        first.SetResult(1);
        Reloaded().SetResult(2);
        await requests[0];
        AssertNoReload();
    });

    [Fact]
    public Task RequestAsync_DuringTheFollowUpReload_MakesOneMoreAfterIt() => OffContext(async () =>
    {
        var request = _refresh.RequestAsync();
        var reload = Reloaded();

        Assert.True(_refresh.RequestAsync().IsCompletedSuccessfully);
        Assert.True(_refresh.RequestAsync().IsCompletedSuccessfully);
        AssertNoReload();
        reload.SetResult(1);
        Reloaded().SetResult(2);

        await request;
        AssertNoReload();
    });

    [Fact]
    public Task RequestAsync_ALoadStartedElsewhereMeanwhile_WaitsForThatOneToo() => OffContext(async () =>
    {
        var first = new TaskCompletionSource<int>();
        _ = _refresh.Track(first.Task);
        var request = _refresh.RequestAsync();

        // The user sorts while the first load runs: the grid drops that load for a new one, which the refresh must not cancel.
        var sorted = new TaskCompletionSource<int>();
        _ = _refresh.Track(sorted.Task);
        first.SetResult(1);
        AssertNoReload();

        sorted.SetResult(2);
        Reloaded().SetResult(3);
        await request;
        AssertNoReload();
    });

    [Fact]
    public Task RequestAsync_AfterAFailedLoad_StillReloads() => OffContext(async () =>
    {
        var failed = new TaskCompletionSource<int>();
        _ = _refresh.Track(failed.Task);
        var request = _refresh.RequestAsync();

        failed.SetException(new InvalidOperationException("database unavailable"));
        Reloaded().SetResult(1);
        await request;
    });

    [Fact]
    public async Task RequestAsync_AfterAReloadThatThrew_RunsAgain()
    {
        var calls = 0;
        var refresh = new CoalescingRefresh(() => ++calls == 1 ? throw new InvalidOperationException("grid gone") : Task.CompletedTask);

        await Assert.ThrowsAsync<InvalidOperationException>(refresh.RequestAsync);
        await refresh.RequestAsync();
        Assert.Equal(2, calls);
    }
}
