using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using DeviceTrust.Simulator.Credentials;
using DeviceTrust.Simulator.Provisioning;

namespace DeviceTrust.Cli.Dev;

/// <summary>The server did not mint: HTTP 4xx or 5xx, with its problem details.</summary>
public sealed class IdevidMintRefusedException(ProtocolError error) : Exception($"minting the IDevID refused: {error}")
{
    public ProtocolError Error { get; } = error;
}

/// <summary>
/// POST /api/v1/dev/manufacturers/{name}/idevids as the bearer token's owner (a security officer): the development API's
/// DEV-ONLY IDevIDs, which <c>dev idevid</c> writes to files and <c>simulate</c> installs in its devices.
/// </summary>
public static class IdevidMint
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <param name="http">A client whose base address is the server's HTTP API.</param>
    /// <param name="validity">Null for the manufacturer's default; else rounded up to whole seconds, as the API takes it.</param>
    /// <exception cref="IdevidMintRefusedException">Not answered 2xx.</exception>
    /// <exception cref="CliException">The answer is not a complete <see cref="MintedIdevid"/> (<see cref="ExitCodes.NotVerified"/>).</exception>
    public static async Task<MintedIdevid> MintAsync(HttpClient http, string token, string manufacturer, string serialNumber, TimeSpan? validity,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        var seconds = validity is { } span ? (int?)Math.Max(1, (int)Math.Ceiling(span.TotalSeconds)) : null;
        using var message = new HttpRequestMessage(HttpMethod.Post, $"api/v1/dev/manufacturers/{Uri.EscapeDataString(manufacturer)}/idevids")
        {
            Content = JsonContent.Create(new MintRequest(serialNumber, seconds), options: Json),
        };
        message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(message, cancellationToken);
        if (!response.IsSuccessStatusCode)
            throw new IdevidMintRefusedException(await ServerReplies.ReadErrorAsync(response, cancellationToken));
        return await ReadAsync(response, cancellationToken);
    }

    /// <summary>
    /// The minted key, certificate, chain and MASA certificate as one identity, checked to fit together, with the
    /// attestation key and its endorsement chain when the server minted them, and the vendor secret beside the key when
    /// the server sent one.
    /// </summary>
    /// <exception cref="CliException">They do not (<see cref="ExitCodes.NotVerified"/>).</exception>
    public static DeviceIdentity ToIdentity(MintedIdevid minted)
    {
        ArgumentNullException.ThrowIfNull(minted);
        AttestationCredential? attestation = null;
        try
        {
            attestation = minted is { AttestationKeyPem: { Length: > 0 } key, AttestationCertificatePem: { Length: > 0 } certificate }
                ? AttestationCredential.FromPem(key, $"{certificate}\n{minted.EndorsementCaPem}\n", minted.VendorAttestationSecret)
                : null;
            return DeviceIdentity.FromPem(minted.CertificatePem, minted.PrivateKeyPem, minted.MasaCertificatePem, minted.ChainPem, attestation);
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            attestation?.Dispose();
            throw new CliException($"the server's key, certificate and MASA certificate do not fit together ({e.Message})", ExitCodes.NotVerified);
        }
    }

    private static async Task<MintedIdevid> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var minted = await response.Content.ReadFromJsonAsync<MintedIdevid>(Json, cancellationToken);
            // JSON can leave a non-nullable member null; each one is needed.
            if (minted is null || new[] { minted.PrivateKeyPem, minted.CertificatePem, minted.ChainPem, minted.MasaCertificatePem }.Any(string.IsNullOrEmpty))
                throw new CliException("the minted IDevID lacks privateKeyPem, certificatePem, chainPem or masaCertificatePem", ExitCodes.NotVerified);
            return minted;
        }
        catch (JsonException e)
        {
            throw new CliException($"the minted IDevID is not the expected JSON ({e.Message})", ExitCodes.NotVerified);
        }
    }

    /// <param name="ValiditySeconds">Left out of the JSON when null: the manufacturer's default.</param>
    private sealed record MintRequest(
        string SerialNumber,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? ValiditySeconds);
}
