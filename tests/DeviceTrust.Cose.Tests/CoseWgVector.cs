using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json;

namespace DeviceTrust.Cose.Tests;

/// <summary>One cose-wg/Examples JSON file (TestVectors/PROVENANCE.md), read the way its README describes.</summary>
internal sealed class CoseWgVector
{
    private readonly JsonElement _root;

    private CoseWgVector(string name, JsonElement root)
    {
        Name = name;
        _root = root;
    }

    public string Name { get; }

    public bool Fail => _root.TryGetProperty("fail", out var fail) && fail.GetBoolean();

    public byte[] Output => Convert.FromHexString(_root.GetProperty("output").GetProperty("cbor").GetString()!);

    public byte[] ToBeSign => Convert.FromHexString(_root.GetProperty("intermediates").GetProperty("ToBeSign_hex").GetString()!);

    /// <summary>The MAC_structure of a COSE_Mac0 vector (RFC 9052 §6.3).</summary>
    public byte[] ToMac => Convert.FromHexString(_root.GetProperty("intermediates").GetProperty("ToMac_hex").GetString()!);

    /// <summary>The MAC key of a COSE_Mac0 vector: its one "direct" recipient's symmetric key, k and kid.</summary>
    public (byte[] K, string KeyId) MacKey
    {
        get
        {
            var key = _root.GetProperty("input").GetProperty("mac0").GetProperty("recipients")[0].GetProperty("key");
            return (Convert.FromHexString(key.GetProperty("k_hex").GetString()!), key.GetProperty("kid").GetString()!);
        }
    }

    public byte[] InputPlaintext => Convert.FromHexString(_root.GetProperty("input").GetProperty("plaintext_hex").GetString()!);

    public byte[] ExternalAad => Sign0.TryGetProperty("external", out var external)
        ? Convert.FromHexString(external.GetString()!)
        : [];

    /// <summary>The signer's key (a JWK-like object) as .NET EC parameters, public part only.</summary>
    public ECParameters PublicKey
    {
        get
        {
            var key = Sign0.GetProperty("key");
            return new ECParameters
            {
                Curve = key.GetProperty("crv").GetString() switch
                {
                    "P-256" => ECCurve.NamedCurves.nistP256,
                    "P-384" => ECCurve.NamedCurves.nistP384,
                    "P-521" => ECCurve.NamedCurves.nistP521,
                    var other => throw new InvalidOperationException($"{Name}: curve {other} is not an EC2 curve"),
                },
                Q = new ECPoint { X = Coordinate(key, "x"), Y = Coordinate(key, "y") },
            };
        }
    }

    /// <summary>The signer's key exactly as the file gives it, a JWK with d (RFC 7517).</summary>
    public string KeyJson => Sign0.GetProperty("key").GetRawText();

    private JsonElement Sign0 => _root.GetProperty("input").GetProperty("sign0");

    public static CoseWgVector Load(string relativePath)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "TestVectors", relativePath);
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        return new CoseWgVector(relativePath, document.RootElement.Clone());
    }

    /// <summary>Every vector file copied into TestVectors, as paths relative to it.</summary>
    public static IEnumerable<string> AllFiles()
    {
        var root = Path.Combine(AppContext.BaseDirectory, "TestVectors");
        return Directory.EnumerateFiles(root, "*.json", SearchOption.AllDirectories)
            .Select(file => Path.GetRelativePath(root, file).Replace('\\', '/'))
            .Order(StringComparer.Ordinal);
    }

    private static byte[] Coordinate(JsonElement key, string name) =>
        key.TryGetProperty(name + "_hex", out var hex)
            ? Convert.FromHexString(hex.GetString()!)
            : Base64Url.DecodeFromChars(key.GetProperty(name).GetString()!);
}
