namespace DeviceTrust.Simulator.Device;

/// <summary>
/// Misbehaviour a device can be told to show, so the server can be exercised against lossy, buggy and hostile devices.
/// Settable per device and at runtime through <see cref="SimulatedDevice.Faults"/>.
/// </summary>
public sealed record FaultInjection
{
    public static FaultInjection None { get; } = new();

    /// <summary>Probability (0..1) that a telemetry reading is silently skipped.</summary>
    public double DropRate { get; init; }

    /// <summary>Probability (0..1) that a telemetry message is replaced by a malformed or out-of-range one.</summary>
    public double MalformedRate { get; init; }

    /// <summary>Connect with a secret the server cannot know; the device should end up Rejected.</summary>
    public bool WrongSecret { get; init; }

    /// <summary>Keep the connection open but stop sending telemetry, like a hung sensor task.</summary>
    public bool Silent { get; init; }

    internal void Validate()
    {
        if (DropRate is < 0 or > 1 || double.IsNaN(DropRate))
        {
            throw new ArgumentOutOfRangeException(
                nameof(DropRate), DropRate, "Expected a probability between 0 and 1.");
        }

        if (MalformedRate is < 0 or > 1 || double.IsNaN(MalformedRate))
        {
            throw new ArgumentOutOfRangeException(
                nameof(MalformedRate), MalformedRate, "Expected a probability between 0 and 1.");
        }
    }
}
