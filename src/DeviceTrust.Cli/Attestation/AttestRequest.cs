using System.Globalization;
using DeviceTrust.Cli.Network;

namespace DeviceTrust.Cli.Attestation;

/// <summary>One firmware component the evidence reports: <c>name=version:sha256hex</c>.</summary>
public sealed record FirmwareComponent(string Name, string Version, byte[] ImageSha256)
{
    /// <exception cref="CliException">Not <c>name=version:sha256hex</c> with 64 hex digits (a usage error).</exception>
    public static FirmwareComponent Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var equals = text.IndexOf('=', StringComparison.Ordinal);
        var colon = text.LastIndexOf(':');
        if (equals <= 0 || colon <= equals + 1 || colon == text.Length - 1)
            throw Usage(text, "expected name=version:sha256hex");
        var digest = text[(colon + 1)..];
        if (digest.Length != 64 || !digest.All(char.IsAsciiHexDigit))
            throw Usage(text, $"the image digest is 64 hex digits (SHA-256), not {digest.Length.ToString(CultureInfo.InvariantCulture)} characters");
        return new FirmwareComponent(text[..equals], text[(equals + 1)..colon], Convert.FromHexString(digest));
    }

    private static CliException Usage(string text, string problem) => new($"--firmware '{text}': {problem}", ExitCodes.Usage);
}

/// <summary>What <c>attest</c> was asked to do: who the device is, what its evidence says, and where to send it.</summary>
/// <param name="AttestationKeyPath">The attestation private key that signs the evidence; null when
/// <paramref name="VendorSecretPath"/> MACs it instead (exactly one of the two).</param>
/// <param name="VendorSecretPath">The factory's secret (base64 COSE_Key) of a VendorVerified device.</param>
public sealed record AttestRequest(ServerConnection Server, string CertificatePath, string KeyPath, string? AttestationKeyPath,
    string UeidHex, Guid ClassId, int DebugStatus, IReadOnlyList<string> Firmware, bool Json, string? VendorSecretPath = null);
