using System.Security.Cryptography;
using System.Text;

namespace DeviceTrust.Suit.Tests;

/// <summary>Manifests built with <see cref="SuitManifestBuilder"/> for the signer tests.</summary>
internal static class SuitSamples
{
    public const string AppUri = "https://example.com/app.bin";
    public const string FirmwareKey = "#firmware";
    public const string Description = "DeviceTrust sample update";
    public const string VendorName = "ACME Devices";

    public static readonly byte[] Firmware = Encoding.ASCII.GetBytes("integrated firmware image");
    public static readonly byte[] App = Encoding.ASCII.GetBytes("application image fetched by URI");

    /// <summary>Two components: firmware from an integrated payload, app from a URI; texts in two languages.</summary>
    public static SuitManifest TwoComponents() =>
        new SuitManifestBuilder(7, Convert.FromHexString(SuitExampleTests.VendorId), Convert.FromHexString(SuitExampleTests.ClassId))
            .AddImage(new SuitImage([[0x00]], SHA256.HashData(Firmware), (ulong)Firmware.Length) { Uri = FirmwareKey })
            .AddImage(new SuitImage([[0x01], "app"u8.ToArray()], SHA256.HashData(App), (ulong)App.Length) { Uri = AppUri })
            .Invoke(0)
            .Text("en-US", SuitTextKeys.ManifestDescription, Description)
            .Text("de", SuitTextKeys.ManifestDescription, "Beispiel")
            .ComponentText("en-US", 0, SuitTextKeys.VendorName, VendorName)
            .Build();

    public static SuitSignOptions SeverAll(bool tagged = true) => new()
    {
        Tagged = tagged,
        Sever = SuitSeverableMembers.Install | SuitSeverableMembers.Text,
        IntegratedPayloads = new Dictionary<string, ReadOnlyMemory<byte>> { [FirmwareKey] = Firmware },
    };

    /// <summary>A copy of <paramref name="data"/> with the first occurrence of <paramref name="from"/> replaced by
    /// <paramref name="to"/> (same length).</summary>
    public static byte[] Replace(byte[] data, string from, string to)
    {
        var needle = Encoding.UTF8.GetBytes(from);
        var index = data.AsSpan().IndexOf(needle);
        Assert.True(index >= 0, $"\"{from}\" is not in the data");
        var copy = data.ToArray();
        Encoding.UTF8.GetBytes(to).CopyTo(copy, index);
        return copy;
    }
}
