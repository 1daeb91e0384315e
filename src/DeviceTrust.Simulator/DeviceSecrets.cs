using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace DeviceTrust.Simulator;

/// <summary>
/// Seeded devices do not store individual secrets: both the server and the simulator derive them from the fleet
/// secret, so the seed data never has to carry credentials.
/// </summary>
public static class DeviceSecrets
{
    /// <summary>base64url-no-padding(HMAC-SHA256(key: UTF8(fleetSecret), message: UTF8(serial))).</summary>
    public static string Derive(string fleetSecret, string serial)
    {
        ArgumentNullException.ThrowIfNull(fleetSecret);
        ArgumentException.ThrowIfNullOrEmpty(serial);

        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(fleetSecret), Encoding.UTF8.GetBytes(serial));
        return Base64Url.EncodeToString(mac);
    }
}
