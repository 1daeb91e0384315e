namespace DeviceTrust.Cose.Tests.Cbor;

/// <summary>CBOR written as spaced hex in the tests, e.g. "A2 01 00 18 01 01".</summary>
internal static class CborHex
{
    public static byte[] Bytes(string hex) => Convert.FromHexString(hex.Replace(" ", ""));
}
