using DeviceTrust.Application.Updates.Rollouts;

namespace DeviceTrust.Web.Components.Pages.Updates;

/// <summary>One wave as the wizard edits it; the planner validates it (<see cref="WavePlan"/>).</summary>
public sealed class WaveInput
{
    public int Size { get; set; } = 10;
    public bool Percent { get; set; }
    public int Success { get; set; } = 90;
    public int Error { get; set; } = 10;
    public bool Auto { get; set; }

    public WavePlan ToPlan() => new(Size, Percent, Success, Error, Auto);
}
