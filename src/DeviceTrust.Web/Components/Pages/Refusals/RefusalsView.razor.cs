using DeviceTrust.Application.Common;
using DeviceTrust.Application.Refusals;
using DeviceTrust.Application.Refusals.ListRefusals;
using DeviceTrust.Domain.Refusals;
using DeviceTrust.Web.Auth;
using DeviceTrust.Web.Components.Shared;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;

namespace DeviceTrust.Web.Components.Pages.Refusals;

/// <summary>
/// The refusal table, its filters and the 24-hour summary. Live: a write of the refusal recorder (at most one a second)
/// or an acknowledgement reloads the summary and, through <see cref="CoalescingRefresh"/>, the grid, without cancelling a
/// load in flight. The empty state shows only after a load that completed with no rows.
/// </summary>
public partial class RefusalsView
{
    private static readonly RenderFragment Pending = builder =>
    {
        builder.OpenElement(0, "div");
        builder.AddAttribute(1, "class", "mud-text-secondary pa-2");
        builder.AddAttribute(2, "data-testid", "refusal-table-loading");
        builder.AddContent(3, "Loading refusals…");
        builder.CloseElement();
    };

    private static readonly Dictionary<string, RefusalSort> SortColumns = new()
    {
        [nameof(RefusalRow.LastSeenAt)] = RefusalSort.LastSeen,
        [nameof(RefusalRow.Count)] = RefusalSort.Count,
    };

    private readonly CoalescingRefresh _refresh;
    private readonly BarChartOptions _chartOptions = new() { ShowLegend = false, YAxisTicks = 1 };
    private MudDataGrid<RefusalRow>? _grid;
    private IDisposable? _subscription;
    private RefusalSummary? _summary;
    private List<ChartSeries<double>> _chartSeries = [];
    private string[] _chartLabels = [];
    private string? _search;
    private string? _source;
    private RefusalCategory? _category;
    private RefusalEndpoint? _endpoint;
    private RefusalStatus? _status;
    private int _withinHours = 24;
    private int _total;
    private int _loadsInFlight;
    private bool _loadedEmpty;
    private ErrorDescription? _error;
    private IReadOnlyList<RefusalRow> _shown = [];
    private bool _disposed;

    public RefusalsView() => _refresh = new CoalescingRefresh(ReloadAsync);

    /// <summary>Shows the acknowledge actions (security officers); the use case checks the role again.</summary>
    [Parameter] public bool CanAcknowledge { get; set; }

    [CascadingParameter] private Task<AuthenticationState> AuthState { get; set; } = default!;

    protected override Task OnInitializedAsync() => LoadSummaryAsync();

    protected override void OnAfterRender(bool firstRender)
    {
        if (firstRender) _subscription = Notifier.Subscribe(OnRefusalsChangedAsync);
    }

    // The notifier calls on the publisher's thread; the reload runs on the circuit's.
    private Task OnRefusalsChangedAsync(RefusalsChanged change) =>
        _disposed ? Task.CompletedTask : InvokeAsync(async () =>
        {
            await LoadSummaryAsync();
            StateHasChanged();
            await _refresh.RequestAsync();
        });

    private async Task<Actor> ActorAsync() => (await AuthState).User.ToActor();

    private async Task LoadSummaryAsync()
    {
        try
        {
            _summary = await Queries.SummaryAsync(await ActorAsync());
            _chartLabels = _summary.ByCategory.Select(c => RefusalText.Category(c.Category)).ToArray();
            _chartSeries = [new ChartSeries<double> { Name = "Requests", Data = _summary.ByCategory.Select(c => (double)c.Requests).ToArray() }];
            // About five gridlines whatever the volume: one per request is unreadable once a flood comes in.
            _chartOptions.YAxisTicks = (int)Math.Max(1, Math.Ceiling(_summary.ByCategory.Select(c => c.Requests).DefaultIfEmpty(1).Max() / 5.0));
        }
        catch (Exception e) when (ErrorDescriptions.Describe(e) is { } error)
        {
            _error = error;
        }
    }

    private Task<GridData<RefusalRow>> TrackedLoadAsync(GridState<RefusalRow> state, CancellationToken cancellationToken) =>
        _refresh.Track(LoadAsync(state, cancellationToken));

    private async Task<GridData<RefusalRow>> LoadAsync(GridState<RefusalRow> state, CancellationToken cancellationToken)
    {
        _loadsInFlight++;
        try
        {
            var sort = state.SortDefinitions.FirstOrDefault();
            var query = new RefusalQuery(state.Page, state.PageSize,
                sort is not null && SortColumns.TryGetValue(sort.SortBy, out var by) ? by : RefusalSort.LastSeen, sort?.Descending ?? true,
                _category, _endpoint, _status, _source, _search, Since: _withinHours > 0 ? Time.GetUtcNow().AddHours(-_withinHours) : null);
            var page = await Queries.ListAsync(query, await ActorAsync(), cancellationToken);
            // An answer that came in after all belongs to a query the grid has dropped: it must not become "the last good".
            cancellationToken.ThrowIfCancellationRequested();
            (_total, _shown, _loadedEmpty, _error) = (page.TotalCount, page.Items, page.Items.Count == 0, null);
            return new GridData<RefusalRow> { Items = page.Items, TotalItems = page.TotalCount };
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return LastGood();
        }
        catch (Exception e)
        {
            _error = ErrorDescriptions.Describe(e) ?? new ErrorDescription(500, "Error.", "The refusals could not be loaded: " + e.Message);
            _loadedEmpty = false;
            return LastGood();
        }
        finally
        {
            _loadsInFlight--;
            StateHasChanged();
        }
    }

    private GridData<RefusalRow> LastGood() => new() { Items = _shown, TotalItems = _total };

    private Task ReloadAsync() => _disposed || _grid is null ? Task.CompletedTask : _grid.ReloadServerData();

    private Task OnSearchChanged(string? value) { _search = value; return ReloadAsync(); }
    private Task OnSourceChanged(string? value) { _source = value; return ReloadAsync(); }
    private Task OnCategoryChanged(RefusalCategory? value) { _category = value; return ReloadAsync(); }
    private Task OnEndpointChanged(RefusalEndpoint? value) { _endpoint = value; return ReloadAsync(); }
    private Task OnStatusChanged(RefusalStatus? value) { _status = value; return ReloadAsync(); }
    private Task OnWithinChanged(int value) { _withinHours = value; return ReloadAsync(); }

    private async Task AcknowledgeAsync(RefusalRow refusal)
    {
        var what = $"{RefusalText.Category(refusal.Category)} at the {RefusalText.Endpoint(refusal.Endpoint)} from {refusal.SourceAddress}"
                   + (refusal.SerialNumber is { } serial ? $" ({serial})" : "") + $", {refusal.Count:N0} requests";
        if (await AskNoteAsync("Acknowledge refusal", $"Acknowledge {what}? Say what it is; repeats keep counting.") is not { } note) return;
        await DecideAsync(async actor =>
        {
            await Acknowledgements.AcknowledgeAsync(refusal.Id, note, actor);
            return "Acknowledged";
        });
    }

    private async Task AcknowledgeSourceAsync(string source)
    {
        if (await AskNoteAsync("Acknowledge source", $"Acknowledge every open refusal from {source}?") is not { } note) return;
        await DecideAsync(async actor => $"Acknowledged {await Acknowledgements.AcknowledgeSourceAsync(source, note, actor)} refusals from {source}");
    }

    private async Task<string?> AskNoteAsync(string title, string message)
    {
        var parameters = new DialogParameters<ReasonDialog>
        {
            { d => d.Message, message }, { d => d.Action, "Acknowledge" }, { d => d.ActionColor, Color.Primary },
        };
        var dialog = await Dialogs.ShowAsync<ReasonDialog>(title, parameters, new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        return await dialog.Result is { Canceled: false, Data: string note } ? note : null;
    }

    private async Task DecideAsync(Func<Actor, Task<string>> decide)
    {
        try
        {
            Snackbar.Add(await decide(await ActorAsync()), Severity.Success);
        }
        catch (Exception e) when (ErrorDescriptions.Describe(e) is { } error)
        {
            Snackbar.AddError(error);
        }
        await LoadSummaryAsync();
        await _refresh.RequestAsync();
    }

    public void Dispose()
    {
        _disposed = true;
        _subscription?.Dispose();
        GC.SuppressFinalize(this);
    }
}
