using System.Buffers.Text;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using DeviceTrust.Simulator;

namespace DeviceTrust.Cli.Simulate;

/// <summary>
/// What the factory tells a device about itself besides its IDevID: its UEID and its class's SUIT class-id, which its
/// attestation evidence carries. A simulated device takes them from the server's record of it (GET /api/v1/devices,
/// as the token's owner); one the server does not know, or a server that will not say, leaves the device without them,
/// and it declines to attest when asked.
/// </summary>
public static class RegisteredIdentities
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private sealed record DeviceRef(Guid Id, string SerialNumber);

    private sealed record Page(IReadOnlyList<DeviceRef> Items);

    private sealed record Details(string Ueid, Guid ClassId);

    /// <summary>Each spec with its UEID and class-id where the server has them; the serials it could not give them for.</summary>
    public static async Task<(IReadOnlyList<SimulatedDeviceSpec> Devices, IReadOnlyList<string> Unknown)> AddAsync(HttpClient api, string token,
        IReadOnlyList<SimulatedDeviceSpec> devices, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(devices);
        var result = new List<SimulatedDeviceSpec>(devices.Count);
        var unknown = new List<string>();
        foreach (var device in devices)
        {
            var details = await LookUpAsync(api, token, device.Serial, cancellationToken);
            if (details is null || !Base64Url.IsValid(details.Ueid))
            {
                unknown.Add(device.Serial);
                result.Add(device);
                continue;
            }
            result.Add(device with { Ueid = Base64Url.DecodeFromChars(details.Ueid), ClassId = details.ClassId });
        }
        return (result, unknown);
    }

    private static async Task<Details?> LookUpAsync(HttpClient api, string token, string serial, CancellationToken cancellationToken)
    {
        try
        {
            var page = await GetAsync<Page>(api, token, $"api/v1/devices?search={Uri.EscapeDataString(serial)}&pageSize=5", cancellationToken);
            var found = page?.Items.FirstOrDefault(d => d.SerialNumber == serial);
            return found is null ? null : await GetAsync<Details>(api, token, $"api/v1/devices/{found.Id}", cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException or JsonException or NotSupportedException)
        {
            return null;
        }
    }

    private static async Task<T?> GetAsync<T>(HttpClient api, string token, string path, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await api.SendAsync(request, cancellationToken);
        return response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken) : default;
    }
}
