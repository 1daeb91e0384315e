using System.Buffers.Text;
using System.Net.Http.Json;
using System.Text.Json;
using DeviceTrust.Bench.Enrollment;
using DeviceTrust.Simulator;
using DeviceTrust.Simulator.Attestation;
using DeviceTrust.Simulator.Credentials;

namespace DeviceTrust.Bench;

/// <summary>An enrolled device as the attest driver plays it: its spec with the UEID and class-id the server holds, and its credential.</summary>
internal sealed record AttestingDevice(SimulatedDeviceSpec Spec, string DeviceClass, DeviceCredential Credential, AttestationCredential Attestation);

/// <summary>
/// The untimed part between enrollment and load: what each device must know to follow the EAT profile (its UEID and its
/// class's SUIT class-id, from <c>GET /api/v1/devices/{id}</c>), and the reference values of the firmware it will claim,
/// published through the API as a security officer does.
/// </summary>
internal static class AttestSetup
{
    private const string FirmwareComponent = "firmware";
    private const int PageSize = 500;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <exception cref="InvalidOperationException">A device is unknown to the server, or lacks an attestation key.</exception>
    public static async Task<IReadOnlyList<AttestingDevice>> DescribeAsync(HttpClient api, IReadOnlyList<SimulatedDeviceSpec> fleet,
        IReadOnlyList<DeviceCredential> credentials, CancellationToken cancellationToken)
    {
        var ids = await DeviceIdsAsync(api, fleet.Select(d => d.Serial).ToHashSet(StringComparer.Ordinal), cancellationToken);
        var devices = new List<AttestingDevice>(fleet.Count);
        for (var i = 0; i < fleet.Count; i++)
        {
            var spec = fleet[i];
            if (!ids.TryGetValue(spec.Serial, out var id)) throw new InvalidOperationException($"The server does not list device {spec.Serial}.");
            var view = await api.GetFromJsonAsync<DeviceView>($"/api/v1/devices/{id}", Json, cancellationToken)
                       ?? throw new InvalidOperationException($"GET /api/v1/devices/{id}: an empty answer.");
            var attestation = credentials[i].Attestation
                              ?? throw new InvalidOperationException($"Device {spec.Serial} was minted without an attestation key.");
            devices.Add(new AttestingDevice(spec with { Ueid = Base64Url.DecodeFromChars(view.Ueid), ClassId = view.ClassId }, view.DeviceClass,
                credentials[i], attestation));
        }
        return devices;
    }

    /// <summary>
    /// POST /api/v1/reference-values/import: per class, firmware version (the "firmware" component's, else the first's,
    /// as the appraisal reads it) and component, the digest of the simulated image the devices will report.
    /// </summary>
    public static async Task<ImportResult> PublishReferenceValuesAsync(HttpClient securityApi, IReadOnlyList<AttestingDevice> devices,
        CancellationToken cancellationToken)
    {
        var entries = devices.SelectMany(device =>
        {
            var firmware = device.Spec.Firmware;
            var version = (firmware.FirstOrDefault(c => c.Name == FirmwareComponent) ?? firmware[0]).Version;
            return firmware.Select(c => new ReferenceValueEntry(device.DeviceClass, version, c.Name, "sha-256",
                Convert.ToHexStringLower(SimulatedFirmware.ImageDigest(c.Name, c.Version))));
        }).Distinct().ToList();
        return await ApiSession.PostAsync<ImportResult>(securityApi, "/api/v1/reference-values/import", entries, cancellationToken);
    }

    private static async Task<Dictionary<string, Guid>> DeviceIdsAsync(HttpClient api, HashSet<string> serials, CancellationToken cancellationToken)
    {
        var ids = new Dictionary<string, Guid>(StringComparer.Ordinal);
        for (var page = 0; ids.Count < serials.Count; page++)
        {
            var rows = await api.GetFromJsonAsync<DevicePage>($"/api/v1/devices?page={page}&pageSize={PageSize}", Json, cancellationToken);
            if (rows is null || rows.Items.Count == 0) break;
            foreach (var row in rows.Items.Where(r => serials.Contains(r.SerialNumber))) ids[row.SerialNumber] = row.Id;
        }
        return ids;
    }

    internal sealed record ImportResult(int Added, int Unchanged);

    private sealed record ReferenceValueEntry(string DeviceClass, string FirmwareVersion, string Component, string DigestAlgorithm, string Digest);

    private sealed record DevicePage(IReadOnlyList<DeviceRow> Items);

    private sealed record DeviceRow(Guid Id, string SerialNumber);

    private sealed record DeviceView(Guid Id, string Ueid, string DeviceClass, Guid ClassId);
}
