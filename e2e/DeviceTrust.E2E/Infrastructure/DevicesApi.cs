using System.Text.Json;
using Microsoft.Playwright;

namespace DeviceTrust.E2E.Infrastructure;

/// <summary>
/// /api/v1/devices through a Playwright request context: the browser context's own (sharing its sign-in cookie)
/// or a bare one with a bearer token.
/// </summary>
public sealed class DevicesApi(IAPIRequestContext http)
{
    public record Device(Guid Id, string SerialNumber, string State);

    public async Task<Device> GetBySerialAsync(string serial)
    {
        var response = await http.GetAsync("/api/v1/devices", new() { Params = new Dictionary<string, object> { ["search"] = serial } });
        Assert.Equal(200, response.Status);
        var items = (await response.JsonAsync())!.Value.GetProperty("items");
        var match = items.EnumerateArray().Single(d => d.GetProperty("serialNumber").GetString() == serial);
        return ToDevice(match);
    }

    public async Task<Device> GetAsync(Guid id)
    {
        var response = await http.GetAsync($"/api/v1/devices/{id}");
        Assert.Equal(200, response.Status);
        return ToDevice((await response.JsonAsync())!.Value);
    }

    public Task<IAPIResponse> ListAsync() => http.GetAsync("/api/v1/devices");

    public Task<IAPIResponse> ChangeStateAsync(Guid id, string targetState, string reason) =>
        http.PostAsync($"/api/v1/devices/{id}/state", new() { DataObject = new { targetState, reason } });

    public Task<IAPIResponse> RegisterAsync(string serial, string deviceClass, string manufacturer) =>
        http.PostAsync("/api/v1/devices", new() { DataObject = new { serialNumber = serial, deviceClass, manufacturer } });

    private static Device ToDevice(JsonElement json) => new(
        json.GetProperty("id").GetGuid(),
        json.GetProperty("serialNumber").GetString()!,
        json.GetProperty("state").GetString()!);
}
