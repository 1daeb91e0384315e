using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using DeviceTrust.Cli.Network;
using DeviceTrust.Simulator.Provisioning;

namespace DeviceTrust.Cli.Dev;

/// <summary>
/// Runs <c>dev idevid</c>: POST /api/v1/dev/manufacturers/{name}/idevids as the token's owner (a security officer), checks
/// that the key belongs to the certificate, and writes the files; see <see cref="ExitCodes"/>.
/// </summary>
public sealed class DevIdevidRunner(TextWriter output, TextWriter error, TimeProvider timeProvider) : NetworkRunner(output, error, timeProvider)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public Task<int> RunAsync(DevIdevidRequest request, CancellationToken cancellationToken) => GuardAsync(async () =>
    {
        ArgumentNullException.ThrowIfNull(request);
        using var http = Connect(request.Server);
        using var message = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/dev/manufacturers/{Uri.EscapeDataString(request.Manufacturer)}/idevids")
        {
            Content = JsonContent.Create(new { serialNumber = request.SerialNumber }, options: Json),
        };
        message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", request.Token);
        using var response = await http.SendAsync(message, cancellationToken);
        if (!response.IsSuccessStatusCode)
            return Refused("dev idevid", await ServerReplies.ReadErrorAsync(response, cancellationToken));

        var minted = await ReadAsync(response, cancellationToken);
        using (var identity = Check(minted))
        {
            Describe(Output, "IDevID", identity.Certificate);
            Describe(Output, "MASA (voucher trust anchor)", identity.MasaCertificate!);
        }
        foreach (var path in IdevidFiles.Write(minted, request.OutputDirectory))
            Output.WriteLine($"written {path}");
        return ExitCodes.Success;
    });

    private static async Task<MintedIdevid> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var minted = await response.Content.ReadFromJsonAsync<MintedIdevid>(Json, cancellationToken);
            // JSON can leave a non-nullable member null; each one is needed.
            if (minted is null || new[] { minted.PrivateKeyPem, minted.CertificatePem, minted.ChainPem, minted.MasaCertificatePem }.Any(string.IsNullOrEmpty))
                throw new CliException("dev idevid: the answer lacks privateKeyPem, certificatePem, chainPem or masaCertificatePem", ExitCodes.VerificationFailed);
            return minted;
        }
        catch (JsonException e)
        {
            throw new CliException($"dev idevid: the answer is not the expected JSON ({e.Message})", ExitCodes.VerificationFailed);
        }
    }

    private static DeviceIdentity Check(MintedIdevid minted)
    {
        try
        {
            return DeviceIdentity.FromPem(minted.CertificatePem, minted.PrivateKeyPem, minted.MasaCertificatePem, minted.ChainPem);
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            throw new CliException($"dev idevid: the server's key, certificate and MASA certificate do not fit together ({e.Message})", ExitCodes.VerificationFailed);
        }
    }
}
