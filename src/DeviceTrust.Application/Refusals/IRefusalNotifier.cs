namespace DeviceTrust.Application.Refusals;

/// <summary>Refusals were recorded or acknowledged: open Refusals pages reload.</summary>
public sealed record RefusalsChanged(int Recorded, int Acknowledged);

/// <summary>
/// Publishes refusal changes to whoever listens in this process (Blazor circuits), like IFleetNotifier does for devices.
/// Handlers run on the publisher's thread: they must be quick and marshal to their own context.
/// </summary>
public interface IRefusalNotifier
{
    void Publish(RefusalsChanged change);

    IDisposable Subscribe(Func<RefusalsChanged, Task> handler);
}
