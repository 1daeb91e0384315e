namespace DeviceTrust.Enrollment.Tests.Pki;

/// <summary>A clock that stays where a test puts it (the test project has no Microsoft.Extensions.TimeProvider.Testing).</summary>
public sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}
