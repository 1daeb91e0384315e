using System.Security.Cryptography;

namespace DeviceTrust.Cose.Tests;

internal static class VectorKeys
{
    /// <summary>The vector's key, sent through COSE_Key encoding and decoding so every vector also checks CoseKey.</summary>
    public static ECDsa ThroughCoseKey(CoseWgVector vector) =>
        CoseKey.Decode(CoseKey.FromECParameters(vector.PublicKey).Encode()).ToECDsa();
}
