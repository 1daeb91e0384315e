using System.Buffers.Text;
using System.Text.Json;
using DeviceTrust.Attestation.Ear;

namespace DeviceTrust.Simulator.Attestation;

/// <summary>
/// The ear.status a verifier gave a device, read from the EAR JWT's payload without verifying its signature: the device
/// only reports it; relying parties verify EARs (<see cref="EarJwt.VerifyAsync"/>).
/// </summary>
internal static class EarStatusReader
{
    /// <summary>The status of the submod named <paramref name="serial"/> (DeviceTrust names it after the device), else of the only one; null when unreadable.</summary>
    public static string? StatusOf(string? jwt, string serial)
    {
        var parts = jwt?.Split('.');
        if (parts is not { Length: 3 })
            return null;
        try
        {
            using var payload = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[1]));
            if (payload.RootElement.ValueKind != JsonValueKind.Object
                || !payload.RootElement.TryGetProperty(EarClaimNames.Submods, out var submods) || submods.ValueKind != JsonValueKind.Object)
                return null;
            if (!submods.TryGetProperty(serial, out var submod))
            {
                var all = submods.EnumerateObject().Take(2).ToList();
                submod = all.Count == 1 ? all[0].Value : default;
            }
            return submod.ValueKind == JsonValueKind.Object && submod.TryGetProperty(EarClaimNames.InUse.Status, out var status)
                   && status.ValueKind == JsonValueKind.String
                ? status.GetString()
                : null;
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            return null;
        }
    }
}
