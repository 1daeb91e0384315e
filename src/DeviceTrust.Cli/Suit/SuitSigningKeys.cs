using System.Security.Cryptography;
using DeviceTrust.Cli.Network;
using DeviceTrust.Cose;

namespace DeviceTrust.Cli.Suit;

/// <summary>The signing side of <c>suit build --key</c> and <c>suit sign</c>: a P-256 private key and the algorithm.</summary>
internal static class SuitSigningKeys
{
    /// <summary>--alg values and their COSE algorithms (RFC 9053 §2.1, RFC 9864 §2.1).</summary>
    public static readonly IReadOnlyDictionary<string, int> Algorithms = new Dictionary<string, int>(StringComparer.Ordinal)
    {
        ["ES256"] = CoseAlgorithms.ES256,
        ["ESP256"] = CoseAlgorithms.ESP256,
    };

    /// <summary>An EC P-256 private key from PEM ("PRIVATE KEY", PKCS#8, or "EC PRIVATE KEY", SEC 1).</summary>
    /// <exception cref="CliException">Unreadable, no private key in it, or not P-256 (exit 2).</exception>
    public static ECDsa ReadPrivateKey(string path, string role)
    {
        var pem = CliFiles.ReadText(path, role);
        if (!pem.Contains("PRIVATE KEY-----", StringComparison.Ordinal))
            throw new CliException($"{role} {path}: not a PEM private key (signing needs the private key; a public key or certificate verifies)", ExitCodes.MalformedInput);
        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(pem);
            if (key.ExportParameters(false).Curve.Oid?.Value != ECCurve.NamedCurves.nistP256.Oid.Value)
                throw new CliException($"{role} {path}: not a P-256 key (SUIT signing here is ES256 or ESP256)", ExitCodes.MalformedInput);
            return key;
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            key.Dispose();
            throw new CliException($"{role} {path}: not a PEM EC private key ({e.Message})", ExitCodes.MalformedInput);
        }
        catch (CliException)
        {
            key.Dispose();
            throw;
        }
    }
}
