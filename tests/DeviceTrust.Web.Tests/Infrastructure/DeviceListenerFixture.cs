namespace DeviceTrust.Web.Tests.Infrastructure;

/// <summary>An app with the device-facing HTTPS listener as well as the HTTP one, both on ephemeral loopback ports.</summary>
public sealed class DeviceListenerFixture : IAsyncLifetime
{
    public DeviceTrustWebFactory Factory { get; } = new(withDeviceListener: true);

    public Uri Http => Factory.Addresses.Single(a => a.Scheme == Uri.UriSchemeHttp);

    public Uri Https => Factory.Addresses.Single(a => a.Scheme == Uri.UriSchemeHttps);

    public ValueTask InitializeAsync()
    {
        Factory.StartServer();
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync() => await Factory.DisposeAsync();
}
