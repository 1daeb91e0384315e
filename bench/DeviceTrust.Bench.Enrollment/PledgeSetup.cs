using System.Security.Cryptography;
using System.Text.Json;
using DeviceTrust.Simulator.Provisioning;

namespace DeviceTrust.Bench.Enrollment;

/// <summary>
/// The untimed part: each pledge's device registered in the inventory (Operator) and a DEV-ONLY IDevID minted for it
/// by the simulated manufacturer (SecurityOfficer), as a factory and an installer would have done beforehand.
/// </summary>
internal static class PledgeSetup
{
    /// <summary>AutoAccept in seed-data/device-classes.json: the registrar goes on without an operator.</summary>
    public const string DeviceClass = "Kumo Meter M7";
    public const string Manufacturer = "Kumo Devices";

    private const int Parallelism = 4;

    /// <summary>
    /// Registers <paramref name="count"/> new serials (unique per run, so a running app can be driven again) and returns
    /// their IDevIDs with the MASA certificate; the caller disposes them.
    /// </summary>
    /// <exception cref="InvalidOperationException">A sign-in, registration or mint was refused.</exception>
    public static async Task<IReadOnlyList<DeviceIdentity>> PrepareAsync(Uri server, string password, int count, CancellationToken cancellationToken)
    {
        using var operatorApi = await ApiSession.SignInAsync(server, "operator", password, cancellationToken);
        using var securityApi = await ApiSession.SignInAsync(server, "security", password, cancellationToken);
        var run = RandomNumberGenerator.GetHexString(6);
        var mint = $"/api/v1/dev/manufacturers/{Uri.EscapeDataString(Manufacturer)}/idevids";
        var identities = new DeviceIdentity[count];
        try
        {
            await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
                async (i, token) =>
                {
                    var serialNumber = $"KUMO-M7-BENCH-{run}-{i + 1:D5}";
                    await ApiSession.PostAsync<JsonElement>(operatorApi, "/api/v1/devices",
                        new { serialNumber, deviceClass = DeviceClass, manufacturer = Manufacturer }, token);
                    var minted = await ApiSession.PostAsync<MintedIdevid>(securityApi, mint, new { serialNumber }, token);
                    identities[i] = DeviceIdentity.FromPem(minted.CertificatePem, minted.PrivateKeyPem, minted.MasaCertificatePem, minted.ChainPem);
                });
            return identities;
        }
        catch
        {
            foreach (var identity in identities) identity?.Dispose();
            throw;
        }
    }

    private sealed record MintedIdevid(string CertificatePem, string PrivateKeyPem, string ChainPem, string MasaCertificatePem);
}
