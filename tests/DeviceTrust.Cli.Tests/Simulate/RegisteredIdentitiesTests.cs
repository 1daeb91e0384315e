using System.Net;
using System.Text;
using DeviceTrust.Cli.Simulate;
using DeviceTrust.Simulator;

namespace DeviceTrust.Cli.Tests.Simulate;

/// <summary>
/// What <c>simulate</c> learns about each device from the server's API before switching it on: UEID and class-id from
/// the device's record, VendorVerified from its class's policy. The API is answered by a stub with the JSON the server writes.
/// </summary>
public sealed class RegisteredIdentitiesTests
{
    private const string Ueid = "AaGyw9Tl9gcYKTpLXG1-j5A";
    private static readonly Guid ClassId = Guid.Parse("b322e9c7-4703-55ea-9837-bb955838a83d");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("VendorVerified", true)]
    [InlineData("Endorsed", false)]
    public async Task AddAsync_ClassPolicyModel_SetsVendorVerifiedFromIt(string model, bool vendorVerified)
    {
        using var api = Api(policies: $$"""[{"deviceClass":"Kumo Gateway","manufacturer":"Kumo Devices","model":"{{model}}"},""" +
            """{"deviceClass":"Other","manufacturer":"Kumo Devices","model":"Endorsed"}]""");

        var (devices, unknown) = await RegisteredIdentities.AddAsync(api, "dt_test", [Spec()], Ct);

        var device = Assert.Single(devices);
        Assert.Empty(unknown);
        Assert.Equal(ClassId, device.ClassId);
        Assert.Equal(vendorVerified, device.VendorVerified);
    }

    [Fact]
    public async Task AddAsync_PoliciesRefused_EveryDeviceStaysEndorsed()
    {
        using var api = Api(policies: null);

        var (devices, unknown) = await RegisteredIdentities.AddAsync(api, "dt_test", [Spec()], Ct);

        var device = Assert.Single(devices);
        Assert.Empty(unknown);
        Assert.NotNull(device.Ueid);
        Assert.False(device.VendorVerified);
    }

    private static SimulatedDeviceSpec Spec() => new("KUMO-GW-00001", "Kumo Devices", [], MainsPowered: true);

    /// <param name="policies">The JSON of GET attestation/policies; null answers 403.</param>
    private static HttpClient Api(string? policies) => new(new StubApi(policies)) { BaseAddress = new Uri("http://127.0.0.1:1/") };

    private sealed class StubApi(string? policies) : HttpMessageHandler
    {
        private static readonly Guid DeviceId = Guid.Parse("6d2a2f4e-0b1c-4f7e-9a55-6c1f1c3e2d10");

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var path = request.RequestUri!.AbsolutePath;
            var json = path switch
            {
                "/api/v1/devices" => $$"""{"items":[{"id":"{{DeviceId}}","serialNumber":"KUMO-GW-00001"}]}""",
                _ when path == $"/api/v1/devices/{DeviceId}" =>
                    $$"""{"id":"{{DeviceId}}","serialNumber":"KUMO-GW-00001","ueid":"{{Ueid}}","deviceClass":"Kumo Gateway","classId":"{{ClassId}}"}""",
                "/api/v1/attestation/policies" => policies,
                _ => null,
            };
            return Task.FromResult(json is null
                ? new HttpResponseMessage(HttpStatusCode.Forbidden)
                : new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(json, Encoding.UTF8, "application/json") });
        }
    }
}
