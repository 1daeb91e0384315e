namespace DeviceTrust.Web.Components.Shared;

/// <summary>
/// Refreshes a live view without starving its load. A refresh never cancels a load in flight: it waits for that
/// load, and every request made meanwhile folds into one reload after it. A view under a steady stream of changes
/// therefore still finishes a load, and loads at most once more for all the changes that came during it.
/// </summary>
/// <remarks>
/// Loads the helper did not start itself (a grid's first load, a sort, a page, a filter) are reported with
/// <see cref="Track{T}"/>, so that refreshes wait for them too instead of superseding them.
/// </remarks>
public sealed class CoalescingRefresh(Func<Task> reload)
{
    private readonly Lock _lock = new();
    private Task _load = Task.CompletedTask;
    private bool _running;
    private bool _requested;

    /// <summary>Reports a load in flight, whoever started it; returns it unchanged.</summary>
    public Task<T> Track<T>(Task<T> load)
    {
        lock (_lock) _load = load;
        return load;
    }

    /// <summary>
    /// Asks for a refresh. The first request runs the reloads; a request made while they run only marks one more as
    /// due and returns at once.
    /// </summary>
    public async Task RequestAsync()
    {
        lock (_lock)
        {
            _requested = true;
            if (_running) return;
            _running = true;
        }

        try
        {
            while (await NextReloadDueAsync()) await reload();
        }
        catch
        {
            // A failed reload leaves any request made meanwhile due; the next request runs it.
            lock (_lock) _running = false;
            throw;
        }
    }

    /// <summary>
    /// Waits until no load is in flight, then says whether a reload was asked for since the last one. When none was,
    /// it ends the run in the same step, so a request cannot slip in between and be left unserved.
    /// </summary>
    private async Task<bool> NextReloadDueAsync()
    {
        while (true)
        {
            Task load;
            lock (_lock) load = _load;
            // How the load ended is its owner's business (it shows the error); here it only has to be over. The
            // continuation stays on the caller's context: the reload touches the component.
            await load.ConfigureAwait(ConfigureAwaitOptions.ContinueOnCapturedContext | ConfigureAwaitOptions.SuppressThrowing);
            lock (_lock)
            {
                if (_load != load) continue;
                if (!_requested)
                {
                    _running = false;
                    return false;
                }

                _requested = false;
                return true;
            }
        }
    }
}
