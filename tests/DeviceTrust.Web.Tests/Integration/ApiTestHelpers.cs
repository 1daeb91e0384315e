using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using DeviceTrust.Application.Common;
using DeviceTrust.Application.Fleet.ListDevices;

namespace DeviceTrust.Web.Tests.Integration;

internal static class ApiTestHelpers
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public static async Task<DeviceRow> FirstDeviceAsync(HttpClient client, string query)
    {
        var page = await client.GetFromJsonAsync<PagedResult<DeviceRow>>($"/api/v1/devices?{query}", Json, TestContext.Current.CancellationToken);
        return page!.Items.First();
    }

    public static async Task<JsonElement> ProblemAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
    }
}
