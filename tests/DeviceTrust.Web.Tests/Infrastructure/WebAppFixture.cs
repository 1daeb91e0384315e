namespace DeviceTrust.Web.Tests.Infrastructure;

/// <summary>One running app for the integration tests of this assembly (startup migrates and seeds, so it is shared).</summary>
public sealed class WebAppFixture : IAsyncLifetime
{
    public DeviceTrustWebFactory Factory { get; } = new();

    public ValueTask InitializeAsync()
    {
        Factory.StartServer();
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync() => await Factory.DisposeAsync();
}
