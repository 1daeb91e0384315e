using System.Security.Cryptography;
using System.Text;

namespace DeviceTrust.Application.Common;

/// <summary>
/// Hashing of high-entropy secrets (API tokens). These are 256-bit random values, so a single SHA-256 is enough
/// (a slow password hash protects low-entropy secrets, which these are not).
/// </summary>
public static class SecretHash
{
    public static byte[] Of(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));

    /// <summary>A new random secret, base64url without padding.</summary>
    public static string NewSecret(int bytes = 32) => Base64Url(RandomNumberGenerator.GetBytes(bytes));

    private static string Base64Url(ReadOnlySpan<byte> data) =>
        Convert.ToBase64String(data).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
