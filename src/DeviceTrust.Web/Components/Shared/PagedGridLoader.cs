using DeviceTrust.Application.Common;
using MudBlazor;

namespace DeviceTrust.Web.Components.Shared;

/// <summary>
/// The loads of a live, server-paged MudDataGrid, kept the way <see cref="DeviceTable"/> keeps them: every load is
/// tracked so a live refresh waits for it (<see cref="CoalescingRefresh"/>); a superseded or failed load keeps the last
/// good rows; only a load that came back empty may say so (<see cref="LoadedEmpty"/>); an expected error is kept for
/// <see cref="ErrorAlert"/>. The owning component sets <see cref="Grid"/> with @ref and passes <see cref="LoadAsync"/>
/// as ServerData.
/// </summary>
public sealed class PagedGridLoader<T>
{
    private readonly Func<GridState<T>, CancellationToken, Task<PagedResult<T>>> _load;
    private readonly Action _changed;
    private readonly CoalescingRefresh _refresh;
    private int _loadsInFlight;
    private bool _disposed;

    /// <param name="load">Reads one page.</param>
    /// <param name="changed">The owner's StateHasChanged: the count, the busy flag and the error are the owner's to render.</param>
    public PagedGridLoader(Func<GridState<T>, CancellationToken, Task<PagedResult<T>>> load, Action changed)
    {
        _load = load;
        _changed = changed;
        _refresh = new CoalescingRefresh(ReloadAsync);
    }

    public MudDataGrid<T>? Grid { get; set; }
    public int Total { get; private set; }
    public IReadOnlyList<T> Shown { get; private set; } = [];
    public bool Busy => _loadsInFlight > 0;
    public bool LoadedEmpty { get; private set; }
    public ErrorDescription? Error { get; private set; }

    /// <summary>The grid's ServerData: every load, whoever starts it (first render, page, filter, live refresh).</summary>
    public Task<GridData<T>> LoadAsync(GridState<T> state, CancellationToken cancellationToken) => _refresh.Track(LoadCoreAsync(state, cancellationToken));

    /// <summary>Loads at once, superseding a load in flight: for the user's own changes (a filter), which the grid must end up showing.</summary>
    public Task ReloadAsync() => _disposed || Grid is null ? Task.CompletedTask : Grid.ReloadServerData();

    /// <summary>A live refresh: waits for the load in flight; the requests meanwhile make one reload.</summary>
    public Task RefreshAsync() => _refresh.RequestAsync();

    public void Dispose() => _disposed = true;

    private async Task<GridData<T>> LoadCoreAsync(GridState<T> state, CancellationToken cancellationToken)
    {
        _loadsInFlight++;
        _changed();
        try
        {
            var page = await _load(state, cancellationToken);
            // An answer that came in after all belongs to a query the grid has dropped: it must not become "the last good".
            cancellationToken.ThrowIfCancellationRequested();
            Total = page.TotalCount;
            Shown = page.Items;
            LoadedEmpty = page.Items.Count == 0;
            Error = null;
            return new GridData<T> { Items = page.Items, TotalItems = page.TotalCount };
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return LastGood();
        }
        catch (Exception e) when (ErrorDescriptions.Describe(e) is { } error)
        {
            Error = error;
            LoadedEmpty = false;
            return LastGood();
        }
        finally
        {
            _loadsInFlight--;
            _changed();
        }
    }

    private GridData<T> LastGood() => new() { Items = Shown, TotalItems = Total };
}
