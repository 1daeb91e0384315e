using System.Buffers.Text;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using DeviceTrust.Simulator;

namespace DeviceTrust.Cli.Simulate;

/// <summary>
/// What the factory tells a device about itself besides its IDevID: its UEID and its class's SUIT class-id, which its
/// attestation evidence carries, and whether its class is VendorVerified (its evidence MACed under its factory's secret).
/// A simulated device takes them from the server's record of it (GET /api/v1/devices, as the token's owner) and its
/// class's attestation model from the classes' policies (GET /api/v1/attestation/policies); one the server does not
/// know, or a server that will not say, leaves the device without them, and it declines to attest when asked. A server
/// that will not give the policies leaves every device Endorsed.
/// </summary>
public static class RegisteredIdentities
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private sealed record DeviceRef(Guid Id, string SerialNumber);

    private sealed record Page(IReadOnlyList<DeviceRef> Items);

    /// <param name="DeviceClass">The class's name, unique on the server.</param>
    private sealed record Details(string Ueid, Guid ClassId, string? DeviceClass = null);

    /// <param name="Model">The class's attestation model, by name ("Endorsed" or "VendorVerified").</param>
    private sealed record Policy(string DeviceClass, string? Model);

    private const string VendorVerifiedModel = "VendorVerified";

    /// <summary>Each spec with its UEID and class-id where the server has them; the serials it could not give them for.</summary>
    public static async Task<(IReadOnlyList<SimulatedDeviceSpec> Devices, IReadOnlyList<string> Unknown)> AddAsync(HttpClient api, string token,
        IReadOnlyList<SimulatedDeviceSpec> devices, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(devices);
        var result = new List<SimulatedDeviceSpec>(devices.Count);
        var unknown = new List<string>();
        HashSet<string>? vendorVerifiedClasses = null;
        foreach (var device in devices)
        {
            var details = await LookUpAsync(api, token, device.Serial, cancellationToken);
            if (details is null || !Base64Url.IsValid(details.Ueid))
            {
                unknown.Add(device.Serial);
                result.Add(device);
                continue;
            }
            vendorVerifiedClasses ??= await VendorVerifiedClassesAsync(api, token, cancellationToken);
            result.Add(device with
            {
                Ueid = Base64Url.DecodeFromChars(details.Ueid),
                ClassId = details.ClassId,
                VendorVerified = details.DeviceClass is { } deviceClass && vendorVerifiedClasses.Contains(deviceClass),
            });
        }
        return (result, unknown);
    }

    /// <summary>The names of the classes whose attestation model is VendorVerified; none when the server will not say.</summary>
    private static async Task<HashSet<string>> VendorVerifiedClassesAsync(HttpClient api, string token, CancellationToken cancellationToken)
    {
        try
        {
            var policies = await GetAsync<List<Policy>>(api, token, "api/v1/attestation/policies", cancellationToken) ?? [];
            return policies.Where(p => string.Equals(p.Model, VendorVerifiedModel, StringComparison.Ordinal)).Select(p => p.DeviceClass)
                .ToHashSet(StringComparer.Ordinal);
        }
        catch (Exception e) when (e is HttpRequestException or JsonException or NotSupportedException)
        {
            return [];
        }
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
